import { z } from 'zod';
import type { BarSeries } from '../../../core/bar-series.js';
import { type LabelColumns, horizonSchema, unknownLabels } from './label-columns.js';

/** Regression label: the return from the close of bar t to the close of bar t+horizon. */
export const forwardReturnSpecSchema = z.strictObject({
  kind: z.literal('forward-return'),
  horizon: horizonSchema,
  /** ln(close[t+h]/close[t]) instead of close[t+h]/close[t] − 1. */
  log: z.boolean().default(false),
});
export type ForwardReturnSpec = z.infer<typeof forwardReturnSpecSchema>;

export function forwardReturnLabels(bars: BarSeries, spec: ForwardReturnSpec): LabelColumns {
  const { close, time } = bars;
  const h = spec.horizon;
  const out = unknownLabels(bars.length);
  for (let t = 0; t + h < bars.length; t++) {
    const ratio = close[t + h] / close[t];
    out.y[t] = spec.log ? Math.log(ratio) : ratio - 1;
    out.labelEnd[t] = time[t + h];
    out.forwardReturn[t] = ratio - 1;
  }
  return out;
}
