import { z } from 'zod';
import type { BarSeries } from '../../../core/bar-series.js';
import { type LabelColumns, horizonSchema, unknownLabels } from './label-columns.js';

/**
 * Binary label: 1 when close[t+horizon]/close[t] − 1 > deadZone, 0 when it is < −deadZone; a
 * return inside [−deadZone, deadZone] says neither and the row is dropped (with the default dead
 * zone of 0, only an exactly flat return).
 */
export const signSpecSchema = z.strictObject({
  kind: z.literal('sign'),
  horizon: horizonSchema,
  deadZone: z.number().min(0).max(10).default(0),
});
export type SignSpec = z.infer<typeof signSpecSchema>;

export function signLabels(bars: BarSeries, spec: SignSpec): LabelColumns {
  const { close, time } = bars;
  const h = spec.horizon;
  const out = unknownLabels(bars.length);
  for (let t = 0; t + h < bars.length; t++) {
    const r = close[t + h] / close[t] - 1;
    if (!(Math.abs(r) > spec.deadZone)) continue;
    out.y[t] = r > 0 ? 1 : 0;
    out.labelEnd[t] = time[t + h];
    out.forwardReturn[t] = r;
  }
  return out;
}
