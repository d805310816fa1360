/** Per-point simple returns: to[t − 1] = x[t] / x[t − 1] − 1 for t = 1 … n − 1. */
export function simpleReturns(x: Float64Array, to: Float64Array): void {
  for (let t = 1; t < x.length; t++) to[t - 1] = x[t] / x[t - 1] - 1;
}

export interface ReturnMoments {
  count: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN below 2 returns, exactly 0 when all returns are equal. */
  sd: number;
  /** √(mean(min(r, 0)²)) over all returns: the downside deviation of the Sortino ratio (target 0). */
  downside: number;
  /** Bias-corrected sample skewness G1 and excess kurtosis G2 (pandas .skew() / .kurt()). */
  skew: number;
  kurtosis: number;
}

/** Σ(x − mean)², Σ(x − mean)³, Σ(x − mean)⁴: the second pass of every two-pass moment estimate. */
export function centralSums(x: ArrayLike<number>, mean: number): { s2: number; s3: number; s4: number } {
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { s2, s3, s4 };
}

const UNDEFINED: ReturnMoments = { count: 0, mean: NaN, sd: NaN, downside: NaN, skew: NaN, kurtosis: NaN };

/**
 * Two passes: sums, then central moments about the mean (stable where raw power sums are not).
 * Equal returns are detected from min = max, so their variance is exactly 0 and not the
 * rounding left by subtracting a mean that is not exactly representable. A non-finite return
 * (equity at or through 0) makes every moment NaN.
 */
export function returnMoments(r: Float64Array): ReturnMoments {
  const m = r.length;
  if (m === 0) return UNDEFINED;
  let sum = 0;
  let downSq = 0;
  let min = r[0];
  let max = r[0];
  for (let i = 0; i < m; i++) {
    const x = r[i];
    sum += x;
    if (x < 0) downSq += x * x;
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  if (!Number.isFinite(sum)) return { ...UNDEFINED, count: m };
  const mean = sum / m;
  const { s2, s3, s4 } = min !== max ? centralSums(r, mean) : { s2: 0, s3: 0, s4: 0 };
  const varies = s2 > 0;
  // pandas nanops.nanskew / nankurt, with S_k = Σ(r − mean)^k:
  // G1 = n·√(n − 1)/(n − 2) · S3 / S2^1.5
  // G2 = n(n + 1)(n − 1)·S4 / ((n − 2)(n − 3)·S2²) − 3(n − 1)² / ((n − 2)(n − 3))
  const skew = m >= 3 && varies ? ((m * Math.sqrt(m - 1)) / (m - 2)) * (s3 / s2 ** 1.5) : NaN;
  const kurtosis =
    m >= 4 && varies
      ? (m * (m + 1) * (m - 1) * s4) / ((m - 2) * (m - 3) * s2 * s2) - (3 * (m - 1) ** 2) / ((m - 2) * (m - 3))
      : NaN;
  return {
    count: m,
    mean,
    sd: m >= 2 ? Math.sqrt(s2 / (m - 1)) : NaN,
    downside: Math.sqrt(downSq / m),
    skew,
    kurtosis,
  };
}
