import { quantile } from './quantile.js';
import { ratio } from './ratio.js';

export interface TailStats {
  /** −(5 % quantile of r) and −mean(r ≤ that quantile), as fractions (a loss is positive). */
  var95: number;
  cvar95: number;
  /** |95 % quantile| / |5 % quantile|. */
  tailRatio: number;
}

export const NO_TAIL: TailStats = { var95: NaN, cvar95: NaN, tailRatio: NaN };

/**
 * Historical tail statistics of the returns `r`, which this reorders (it is the caller's
 * scratch copy). Two selections and one pass: O(n) expected.
 */
export function tailStats(r: Float64Array): TailStats {
  if (r.length === 0) return NO_TAIL;
  const q05 = quantile(r, 0.05);
  const q95 = quantile(r, 0.95);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] <= q05) {
      sum += r[i];
      count++;
    }
  }
  // 0 − x rather than −x, so that a run with no losses reports 0, not −0
  return { var95: 0 - q05, cvar95: 0 - sum / count, tailRatio: ratio(Math.abs(q95), Math.abs(q05)) };
}
