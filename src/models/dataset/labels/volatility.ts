import { RollingMoments } from '../../../features/kernels/rolling.js';

/**
 * Volatility known at each bar: the sample standard deviation of the last `lookback` one-bar
 * simple returns close[i]/close[i−1] − 1, i = t−lookback+1 … t. NaN until `lookback` returns exist.
 */
export function trailingVolatility(close: Float64Array, lookback: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN);
  const window = new RollingMoments(lookback);
  for (let t = 1; t < close.length; t++) {
    if (window.update(close[t] / close[t - 1] - 1)) out[t] = Math.sqrt(window.sumSquares() / (lookback - 1));
  }
  return out;
}
