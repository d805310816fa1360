import { z } from 'zod';
import type { BarSeries } from '../../../core/bar-series.js';
import { type LabelColumns, horizonSchema, lookbackSchema, unknownLabels } from './label-columns.js';
import { trailingVolatility } from './volatility.js';

/**
 * Forward regime, 3 classes: the return r = close[t+horizon]/close[t] − 1 measured in units of
 * the volatility expected over the horizon, z = r / (σ·√horizon) with σ the trailing one-bar
 * volatility known at t. 0 = down (z < −threshold), 1 = range (|z| ≤ threshold), 2 = up
 * (z > threshold). Rows without a volatility yet (or a flat one) are dropped.
 */
export const regimeSpecSchema = z.strictObject({
  kind: z.literal('regime'),
  horizon: horizonSchema,
  lookback: lookbackSchema.default(20),
  threshold: z.number().min(0).max(100).default(0.5),
});
export type RegimeSpec = z.infer<typeof regimeSpecSchema>;

export function regimeLabels(bars: BarSeries, spec: RegimeSpec): LabelColumns {
  const { close, time } = bars;
  const h = spec.horizon;
  const sigma = trailingVolatility(close, spec.lookback);
  const out = unknownLabels(bars.length);
  for (let t = 0; t + h < bars.length; t++) {
    const scale = sigma[t] * Math.sqrt(h);
    if (!(scale > 0)) continue;
    const r = close[t + h] / close[t] - 1;
    const z = r / scale;
    out.y[t] = z < -spec.threshold ? 0 : z > spec.threshold ? 2 : 1;
    out.labelEnd[t] = time[t + h];
    out.forwardReturn[t] = r;
  }
  return out;
}
