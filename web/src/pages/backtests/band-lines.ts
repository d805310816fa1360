import type { Line } from '../../charts/TimeChart';
import type { EquitySeries } from '../../lib/types';

export const BAND_LABEL = 'random entries: 10th, 50th, 90th percentile';

/** The random baselines' band as three dashed lines (none for runs recorded without random seeds). */
export function bandLines(e: EquitySeries): Line[] {
  const b = e.random_band;
  if (!b) return [];
  return [
    { name: 'random p90', time: b.time, values: b.p90, band: BAND_LABEL },
    { name: 'random p50', time: b.time, values: b.p50, band: BAND_LABEL },
    { name: 'random p10', time: b.time, values: b.p10, band: BAND_LABEL },
  ];
}
