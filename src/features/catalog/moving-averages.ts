import { lengthParam, type FeatureFamily, type Params } from '../define.js';
import { Dema, Tema, dema, tema } from '../kernels/ema-chains.js';
import { Kama, kama } from '../kernels/kama.js';
import { Ema, Sma, ema, sma } from '../kernels/moving-averages.js';
import { RollingVwap, vwap } from '../kernels/vwap.js';
import { Hma, Wma, hma, wma } from '../kernels/weighted-averages.js';
import type { FeatureSpec } from '../spec.js';

/** A one-output family over close with one length parameter `n`. */
function overClose(
  spec: Omit<FeatureSpec, 'params' | 'inputs' | 'outputs' | 'category'> & { min?: number; def?: number },
  warmup: (n: number) => number,
  batch: (x: Float64Array, n: number, to: Float64Array) => unknown,
  make: (n: number) => { update(x: number): number },
): FeatureFamily {
  const { min, def, ...rest } = spec;
  return {
    spec: {
      ...rest,
      outputs: [spec.family],
      params: [lengthParam('n', 'bars in the window', def ?? 20, min ?? 1)],
      inputs: ['close'],
      category: 'moving-average',
    },
    warmup: (p: Params) => [warmup(p.n)],
    batch: (c, p, outs) => void batch(c.close, p.n, outs[0]),
    stream: (p) => {
      const k = make(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  };
}

export const movingAverages: FeatureFamily[] = [
  overClose(
    { family: 'sma', version: 1, warmup: 'n − 1', description: 'Simple moving average of close: the mean of the last n closes.' },
    (n) => n - 1,
    sma,
    (n) => new Sma(n),
  ),
  overClose(
    {
      family: 'ema',
      version: 1,
      warmup: 'n − 1',
      description: 'Exponential moving average of close, α = 2/(n+1), seeded with the simple mean of the first n closes (TA-Lib/TTR).',
    },
    (n) => n - 1,
    ema,
    (n) => new Ema(n),
  ),
  overClose(
    {
      family: 'wma',
      version: 1,
      warmup: 'n − 1',
      description: 'Linearly weighted moving average of close: weights 1 (oldest) to n (newest), divided by n(n+1)/2.',
    },
    (n) => n - 1,
    wma,
    (n) => new Wma(n),
  ),
  overClose(
    {
      family: 'dema',
      version: 1,
      warmup: '2(n − 1)',
      description: 'Double EMA of close: 2·E1 − E2, where E1 = EMA(n) of close and E2 = EMA(n) of E1, each seeded with the simple mean of its first n inputs.',
    },
    (n) => 2 * (n - 1),
    dema,
    (n) => new Dema(n),
  ),
  overClose(
    {
      family: 'tema',
      version: 1,
      warmup: '3(n − 1)',
      description: 'Triple EMA of close: 3·E1 − 3·E2 + E3 with E2 = EMA(E1), E3 = EMA(E2), each EMA(n) seeded with the simple mean of its first n inputs.',
    },
    (n) => 3 * (n - 1),
    tema,
    (n) => new Tema(n),
  ),
  overClose(
    {
      family: 'hma',
      version: 1,
      min: 4,
      warmup: 'n − 1 + ⌊√n⌋ − 1',
      description: 'Hull moving average of close: WMA over ⌊√n⌋ bars of 2·WMA(⌊n/2⌋) − WMA(n) (TTR HMA).',
    },
    (n) => n - 1 + Math.floor(Math.sqrt(n)) - 1,
    hma,
    (n) => new Hma(n),
  ),
  overClose(
    {
      family: 'kama',
      version: 1,
      min: 2,
      def: 10,
      warmup: 'n',
      description:
        "Kaufman's adaptive moving average of close (TA-Lib): efficiency ratio ER = |cₜ − cₜ₋ₙ| / Σ|Δc| over the last n bars (0 when the path is flat), smoothing constant (ER·(2/3 − 2/31) + 2/31)², seeded with the close of bar n−1.",
    },
    (n) => n,
    kama,
    (n) => new Kama(n),
  ),
  {
    spec: {
      family: 'vwap',
      outputs: ['vwap'],
      params: [lengthParam('n', 'bars in the window', 20)],
      inputs: ['close', 'volume'],
      category: 'moving-average',
      version: 1,
      warmup: 'n − 1',
      description: 'Rolling volume-weighted average price: Σ(close·volume)/Σvolume over the last n bars; NaN when the window has no volume.',
    },
    warmup: (p) => [p.n - 1],
    batch: (c, p, outs) => void vwap(c.close, c.volume, p.n, outs[0]),
    stream: (p) => {
      const k = new RollingVwap(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close, b.volume)) };
    },
  },
];
