import { barLabel } from '../core/time.js';
import type { SeriesInfo } from '../store/store.js';

/** A stored series as people and `--json` read it: bar labels instead of epoch times. */
export interface SeriesSummary {
  symbol: string;
  interval: SeriesInfo['interval'];
  assetClass: SeriesInfo['assetClass'];
  rows: number;
  first: string | null;
  last: string | null;
  gaps: number;
}

export function summarizeSeries(s: SeriesInfo): SeriesSummary {
  return {
    symbol: s.symbol,
    interval: s.interval,
    assetClass: s.assetClass,
    rows: s.rows,
    first: s.firstTime === null ? null : barLabel(s.firstTime, s.interval),
    last: s.lastTime === null ? null : barLabel(s.lastTime, s.interval),
    gaps: s.gaps,
  };
}
