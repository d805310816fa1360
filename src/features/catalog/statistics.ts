import { lengthParam, type FeatureFamily } from '../define.js';
import { hurst, Hurst } from '../kernels/hurst.js';
import { spectralEnergy, SpectralEnergy } from '../kernels/spectral.js';
import { Autocorr, autocorr, Kurt, kurt, LogReturn, logret, Skew, skew, ZScore, zscore } from '../kernels/statistics.js';
import type { FeatureSpec } from '../spec.js';

/** A one-output statistics family over close whose only parameter is the window `n`. */
function overClose(
  spec: Omit<FeatureSpec, 'params' | 'inputs' | 'outputs' | 'category'> & { def: number; min: number; max?: number },
  warmup: (n: number) => number,
  batch: (close: Float64Array, n: number, to: Float64Array) => unknown,
  make: (n: number) => { update(close: number): number },
): FeatureFamily {
  const { def, min, max, ...rest } = spec;
  return {
    spec: {
      ...rest,
      outputs: [spec.family],
      params: [lengthParam('n', 'bars in the window', def, min, max)],
      inputs: ['close'],
      category: 'statistics',
    },
    warmup: (p) => [warmup(p.n)],
    batch: (c, p, outs) => void batch(c.close, p.n, outs[0]),
    stream: (p) => {
      const k = make(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  };
}

export const statistics: FeatureFamily[] = [
  overClose(
    {
      family: 'logret',
      version: 1,
      def: 1,
      min: 1,
      warmup: 'n',
      description: 'Log return over n bars: ln(Cₜ/Cₜ₋ₙ), a fraction (not percent).',
    },
    (n) => n,
    logret,
    (n) => new LogReturn(n),
  ),
  overClose(
    {
      family: 'zscore',
      version: 1,
      def: 20,
      min: 2,
      warmup: 'n − 1',
      description: 'Z-score of close: (C − mean) / sample sd (divisor n − 1) over the last n closes, the current one included; 0 when the window is flat.',
    },
    (n) => n - 1,
    zscore,
    (n) => new ZScore(n),
  ),
  overClose(
    {
      family: 'skew',
      version: 1,
      def: 20,
      min: 3,
      warmup: 'n',
      description:
        'Bias-corrected sample skewness of the last n one-bar log returns, as pandas rolling(n).skew(): G1 = √(n(n−1))/(n−2) · m3/m2^1.5 with m2, m3 the population central moments; 0 when the returns are all equal.',
    },
    (n) => n,
    skew,
    (n) => new Skew(n),
  ),
  overClose(
    {
      family: 'kurt',
      version: 1,
      def: 20,
      min: 4,
      warmup: 'n',
      description:
        'Bias-corrected excess kurtosis of the last n one-bar log returns, as pandas rolling(n).kurt(): ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3)) with m2, m4 the population central moments; 0 when the returns are all equal.',
    },
    (n) => n,
    kurt,
    (n) => new Kurt(n),
  ),
  {
    spec: {
      family: 'autocorr',
      outputs: ['autocorr'],
      params: [lengthParam('n', 'pairs in the window', 20, 3), lengthParam('l', 'lag in bars', 1, 1)],
      inputs: ['close'],
      category: 'statistics',
      version: 1,
      warmup: 'n + l',
      description:
        'Autocorrelation of one-bar log returns: Pearson correlation of (rₜ, rₜ₋ₗ) over the last n pairs (each side with its own window mean and sd); 0 when either side has zero variance.',
    },
    warmup: (p) => [p.n + p.l],
    batch: (c, p, outs) => void autocorr(c.close, p.n, p.l, outs[0]),
    stream: (p) => {
      const k = new Autocorr(p.n, p.l);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
  {
    spec: {
      family: 'spectral_energy',
      outputs: ['spectral_energy'],
      params: [lengthParam('n', 'returns in the window', 32, 8, 1024), lengthParam('b', 'frequency band, 1 = lowest', 1, 1, 4)],
      inputs: ['close'],
      category: 'statistics',
      version: 1,
      warmup: 'n',
      description:
        'Share (0…1) of the spectral power of the last n one-bar log returns (mean removed) in band b: the DFT bins k = 1…K, K = ⌊n/2⌋, each with power |Xₖ|², are split into 4 contiguous bands k = ⌊(b−1)K/4⌋+1 … ⌊bK/4⌋; 0.25 when all that power is 0. Streamed by a sliding DFT, recomputed exactly every n bars.',
    },
    warmup: (p) => [p.n],
    batch: (c, p, outs) => void spectralEnergy(c.close, p.n, p.b, outs[0]),
    stream: (p) => {
      const k = new SpectralEnergy(p.n, p.b);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
  overClose(
    {
      family: 'hurst',
      version: 1,
      def: 100,
      min: 32,
      max: 5000,
      warmup: 'n',
      description:
        'Hurst exponent of the last n one-bar log returns by rescaled range: for s = n, ⌊n/2⌋, ⌊n/4⌋, … ≥ 8, R/S (range of cumulative deviations from the chunk mean over the population sd) averaged over the ⌊n/s⌋ chunks of s returns ending at the newest (chunks of equal values skipped); the least-squares slope of ln(R/S) on ln(s); 0.5 with fewer than two usable scales. O(n log n) per bar.',
    },
    (n) => n,
    hurst,
    (n) => new Hurst(n),
  ),
];
