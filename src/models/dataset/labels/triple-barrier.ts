import { z } from 'zod';
import type { BarSeries } from '../../../core/bar-series.js';
import { type LabelColumns, horizonSchema, lookbackSchema, unknownLabels } from './label-columns.js';
import { trailingVolatility } from './volatility.js';

/**
 * Triple barrier (López de Prado, Advances in Financial Machine Learning, ch. 3), for a long
 * entered at close[t]: a take-profit at close[t]·(1 + up), a stop at close[t]·(1 − down) and a
 * time limit at bar t+horizon. With `scale: 'volatility'`, up = upper·σ and down = lower·σ where σ
 * is the trailing volatility known at t (see trailingVolatility); with `scale: 'fixed'` they are
 * the fractions themselves. The first of bars t+1 … t+horizon whose high reaches the top or whose
 * low reaches the stop settles the label; when one bar reaches both, the stop counts as first
 * (the same conservative order as the backtest's brackets).
 *
 * Classes: `vertical: 'sign'` → binary, 0 = stop, 1 = take-profit, and at the time limit the
 * sign of the return (a flat one is dropped); `vertical: 'neutral'` → 3 classes, 0 = stop,
 * 1 = time limit, 2 = take-profit.
 */
export const tripleBarrierSpecSchema = z
  .strictObject({
    kind: z.literal('triple-barrier'),
    horizon: horizonSchema,
    scale: z.enum(['volatility', 'fixed']).default('volatility'),
    /** Take-profit distance: a multiple of σ, or a fraction of the entry price. */
    upper: z.number().gt(0).max(1_000),
    /** Stop distance: a multiple of σ, or a fraction of the entry price (< 1). */
    lower: z.number().gt(0).max(1_000),
    lookback: lookbackSchema.default(20),
    vertical: z.enum(['sign', 'neutral']).default('sign'),
  })
  .refine((s) => s.scale !== 'fixed' || s.lower < 1, { message: 'a fixed stop distance must be below 1 (a fraction of the entry price)', path: ['lower'] });
export type TripleBarrierSpec = z.infer<typeof tripleBarrierSpecSchema>;

export function tripleBarrierLabels(bars: BarSeries, spec: TripleBarrierSpec): LabelColumns {
  const { close, high, low, time } = bars;
  const h = spec.horizon;
  const ternary = spec.vertical === 'neutral';
  const sigma = spec.scale === 'volatility' ? trailingVolatility(close, spec.lookback) : null;
  const out = unknownLabels(bars.length);
  // A row is labelled only when its whole window t+1 … t+h exists, even if a barrier is touched
  // earlier: keeping just the early touches near the end would bias the tail towards them.
  for (let t = 0; t + h < bars.length; t++) {
    const s = sigma ? sigma[t] : 1;
    if (!(s > 0)) continue;
    const entry = close[t];
    const top = entry * (1 + spec.upper * s);
    const stop = entry * (1 - spec.lower * s);
    let end = t + h;
    let label = NaN;
    for (let j = t + 1; j <= t + h; j++) {
      if (low[j] <= stop) {
        label = 0;
        end = j;
        break;
      }
      if (high[j] >= top) {
        label = ternary ? 2 : 1;
        end = j;
        break;
      }
    }
    const r = close[end] / entry - 1;
    if (Number.isNaN(label)) {
      if (ternary) label = 1;
      else if (r !== 0) label = r > 0 ? 1 : 0;
      else continue;
    }
    out.y[t] = label;
    out.labelEnd[t] = time[end];
    out.forwardReturn[t] = r;
  }
  return out;
}
