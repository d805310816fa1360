import { ratio } from './ratio.js';

export interface BenchmarkStats {
  /** Benchmark last / first − 1 (fraction). */
  buyAndHold: number;
  /** cov(r, r_b) / var(r_b). */
  beta: number;
  /** Jensen's alpha per period, risk-free 0: mean(r) − β·mean(r_b). */
  alphaPerPeriod: number;
}

export const NO_BENCHMARK: BenchmarkStats = { buyAndHold: NaN, beta: NaN, alphaPerPeriod: NaN };

/**
 * Beta and alpha of the strategy's returns `r` (mean `rMean`) against the benchmark's simple
 * returns, recomputed from the benchmark curve in each pass rather than stored. Two passes, as
 * for the moments; a benchmark whose returns are all equal has variance exactly 0, so β is NaN.
 */
export function benchmarkStats(r: Float64Array, rMean: number, benchmark: Float64Array): BenchmarkStats {
  const n = benchmark.length;
  const buyAndHold = benchmark[n - 1] / benchmark[0] - 1;
  const m = n - 1;
  if (m < 2 || !Number.isFinite(rMean)) return { buyAndHold, beta: NaN, alphaPerPeriod: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let t = 1; t < n; t++) {
    const x = benchmark[t] / benchmark[t - 1] - 1;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!Number.isFinite(sum) || min === max) return { buyAndHold, beta: NaN, alphaPerPeriod: NaN };
  const bMean = sum / m;
  let cov = 0;
  let varB = 0;
  for (let t = 1; t < n; t++) {
    const d = benchmark[t] / benchmark[t - 1] - 1 - bMean;
    cov += (r[t - 1] - rMean) * d;
    varB += d * d;
  }
  const beta = ratio(cov, varB);
  return { buyAndHold, beta, alphaPerPeriod: rMean - beta * bMean };
}
