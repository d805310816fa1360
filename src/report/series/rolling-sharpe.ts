import { RollingMoments } from '../../features/kernels/rolling.js';

/**
 * Points in the rolling-Sharpe window: about six months, round(A / 2) for A periods per year,
 * and at least 2 because a sample standard deviation needs two returns.
 */
export function rollingSharpeWindow(periodsPerYear: number): number {
  return Math.max(2, Math.round(periodsPerYear / 2));
}

/**
 * Annualised Sharpe ratio (risk-free rate 0) of the last `window` returns at each point:
 * mean(r) / sd(r) · √A with the sample (n − 1) standard deviation, as the run's `sharpe` metric.
 * `returns` is aligned with the equity curve (r[0] = NaN), so out[t] is NaN until t ≥ window.
 * A zero standard deviation gives NaN. A non-finite return (from a zero or NaN equity point)
 * gives NaN and starts the window afresh, so it cannot poison the rest of the curve.
 */
export function rollingSharpe(returns: Float64Array, window: number, periodsPerYear: number): Float64Array {
  const out = new Float64Array(returns.length);
  const moments = new RollingMoments(window);
  const scale = Math.sqrt(periodsPerYear);
  for (let t = 0; t < returns.length; t++) {
    const r = returns[t];
    if (!Number.isFinite(r)) {
      if (moments.count > 0) moments.reset();
      out[t] = NaN;
      continue;
    }
    if (!moments.update(r)) {
      out[t] = NaN;
      continue;
    }
    const sd = Math.sqrt(moments.sumSquares() / (window - 1));
    out[t] = sd > 0 ? (moments.mean() / sd) * scale : NaN;
  }
  return out;
}
