import { lengthParam, type FeatureFamily, type Params } from '../define.js';
import { Macd, Mom, Roc, RocLog, Rsi, Trix, macd, mom, roc, rocLog, rsi, trix } from '../kernels/momentum.js';
import { Aroon, Stoch, StochFastK, Willr, aroon, stoch, stochFastK, willr } from '../kernels/momentum-range.js';
import { Cci, Mfi, cci, mfi } from '../kernels/momentum-typical.js';
import type { FeatureSpec } from '../spec.js';

type Described = Pick<FeatureSpec, 'family' | 'description' | 'warmup'>;

/** A one-output family over close with one length parameter `n`. */
function overClose(
  spec: Described & { def: number; min?: number },
  warmup: (n: number) => number,
  batch: (x: Float64Array, n: number, to: Float64Array) => unknown,
  make: (n: number) => { update(x: number): number },
): FeatureFamily {
  return {
    spec: {
      family: spec.family,
      outputs: [spec.family],
      params: [lengthParam('n', 'bars in the window', spec.def, spec.min ?? 1)],
      inputs: ['close'],
      category: 'momentum',
      version: 1,
      description: spec.description,
      warmup: spec.warmup,
    },
    warmup: (p: Params) => [warmup(p.n)],
    batch: (c, p, outs) => void batch(c.close, p.n, outs[0]),
    stream: (p) => {
      const k = make(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  };
}

/** A one-output family over high, low and close with one length parameter `n`. */
function overHlc(
  spec: Described & { def: number; min?: number },
  warmup: (n: number) => number,
  batch: (h: Float64Array, l: Float64Array, c: Float64Array, n: number, to: Float64Array) => unknown,
  make: (n: number) => { update(h: number, l: number, c: number): number },
): FeatureFamily {
  return {
    spec: {
      family: spec.family,
      outputs: [spec.family],
      params: [lengthParam('n', 'bars in the window', spec.def, spec.min ?? 1)],
      inputs: ['high', 'low', 'close'],
      category: 'momentum',
      version: 1,
      description: spec.description,
      warmup: spec.warmup,
    },
    warmup: (p: Params) => [warmup(p.n)],
    batch: (c, p, outs) => void batch(c.high, c.low, c.close, p.n, outs[0]),
    stream: (p) => {
      const k = make(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.high, b.low, b.close)) };
    },
  };
}

const rsiFamily = overClose(
  {
    family: 'rsi',
    def: 14,
    warmup: 'n',
    description:
      "Wilder's relative strength index of close: 100·G/(G+L), where G and L are Wilder averages (α = 1/n) of the gains and losses of close, each seeded with the simple mean of the first n changes; 100 when L = 0 < G, neutral 50 when both are 0.",
  },
  (n) => n,
  rsi,
  (n) => new Rsi(n),
);

const macdFamily: FeatureFamily = {
  spec: {
    family: 'macd',
    outputs: ['macd', 'macd_signal', 'macd_hist'],
    params: [
      lengthParam('fast', 'bars in the fast EMA', 12),
      lengthParam('slow', 'bars in the slow EMA', 26, 2),
      lengthParam('signal', 'bars in the signal EMA', 9),
    ],
    inputs: ['close'],
    category: 'momentum',
    version: 1,
    warmup: 'macd: slow − 1; macd_signal, macd_hist: slow + signal − 2',
    description:
      'MACD as a price difference: EMA(fast) − EMA(slow) of close, both starting at the first bar, each EMA α = 2/(n+1) seeded with the simple mean of its first n inputs; macd_signal = EMA(signal) of MACD from its first value; macd_hist = MACD − signal.',
  },
  warmup: (p) => [p.slow - 1, p.slow + p.signal - 2, p.slow + p.signal - 2],
  check: (p) => (p.fast < p.slow ? null : `fast (${p.fast}) must be less than slow (${p.slow})`),
  batch: (c, p, outs) => void macd(c.close, p.fast, p.slow, p.signal, outs[0], outs[1], outs[2]),
  stream: (p) => {
    const k = new Macd(p.fast, p.slow, p.signal);
    return {
      push: (b, out) => {
        k.update(b.close);
        out[0] = k.macd;
        out[1] = k.signal;
        out[2] = k.hist;
      },
    };
  },
};

const stochFamily: FeatureFamily = {
  spec: {
    family: 'stoch',
    outputs: ['stoch_k', 'stoch_d'],
    params: [lengthParam('n', 'bars in the high-low range', 14), lengthParam('k', 'bars smoothing %K', 3), lengthParam('d', 'bars smoothing %D', 3)],
    inputs: ['high', 'low', 'close'],
    category: 'momentum',
    version: 1,
    warmup: 'stoch_k: n + k − 2; stoch_d: n + k + d − 3',
    description:
      'Slow stochastic, 0…100: fast %K = 100·(close − LL)/(HH − LL) with HH, LL the highest high and lowest low of the last n bars including the current one (50 on a flat range); stoch_k = SMA(k) of fast %K; stoch_d = SMA(d) of stoch_k.',
  },
  warmup: (p) => [p.n + p.k - 2, p.n + p.k + p.d - 3],
  batch: (c, p, outs) => void stoch(c.high, c.low, c.close, p.n, p.k, p.d, outs[0], outs[1]),
  stream: (p) => {
    const k = new Stoch(p.n, p.k, p.d);
    return {
      push: (b, out) => {
        k.update(b.high, b.low, b.close);
        out[0] = k.k;
        out[1] = k.d;
      },
    };
  },
};

const stochFastKFamily = overHlc(
  {
    family: 'stoch_fastk',
    def: 14,
    warmup: 'n − 1',
    description:
      'Fast stochastic %K, 0…100: 100·(close − LL)/(HH − LL) with HH, LL the highest high and lowest low of the last n bars including the current one; 50 on a flat range.',
  },
  (n) => n - 1,
  stochFastK,
  (n) => new StochFastK(n),
);

const willrFamily = overHlc(
  {
    family: 'willr',
    def: 14,
    warmup: 'n − 1',
    description:
      "Williams %R in −100…0: −100·(HH − close)/(HH − LL) with HH, LL the highest high and lowest low of the last n bars including the current one; −50 on a flat range. TTR's WPR is −willr/100.",
  },
  (n) => n - 1,
  willr,
  (n) => new Willr(n),
);

const cciFamily = overHlc(
  {
    family: 'cci',
    def: 20,
    min: 2,
    warmup: 'n − 1',
    description:
      'Commodity channel index: (TP − SMA_n(TP)) / (0.015 · mean absolute deviation of TP about that SMA over the same n bars), TP = (high + low + close)/3; 0 when the deviation is 0 (below 1e-12 of the SMA: typical prices equal up to rounding).',
  },
  (n) => n - 1,
  cci,
  (n) => new Cci(n),
);

const rocFamily = overClose(
  {
    family: 'roc',
    def: 10,
    warmup: 'n',
    description: 'Rate of change of close in percent: 100·(closeₜ/closeₜ₋ₙ − 1); NaN when closeₜ₋ₙ is 0.',
  },
  (n) => n,
  roc,
  (n) => new Roc(n),
);

const rocLogFamily = overClose(
  {
    family: 'roc_log',
    def: 10,
    warmup: 'n',
    description: 'Log rate of change of close in percent: 100·ln(closeₜ/closeₜ₋ₙ); NaN unless both closes are positive.',
  },
  (n) => n,
  rocLog,
  (n) => new RocLog(n),
);

const momFamily = overClose(
  {
    family: 'mom',
    def: 10,
    warmup: 'n',
    description: 'Momentum of close as a price difference: closeₜ − closeₜ₋ₙ.',
  },
  (n) => n,
  mom,
  (n) => new Mom(n),
);

const trixFamily = overClose(
  {
    family: 'trix',
    def: 15,
    warmup: '3(n − 1) + 1',
    description:
      'TRIX in percent: 100·(E3ₜ/E3ₜ₋₁ − 1), E3 = EMA(EMA(EMA(close))), each EMA α = 2/(n+1) seeded with the simple mean of its first n inputs; NaN when E3ₜ₋₁ is 0.',
  },
  (n) => 3 * (n - 1) + 1,
  trix,
  (n) => new Trix(n),
);

const mfiFamily: FeatureFamily = {
  spec: {
    family: 'mfi',
    outputs: ['mfi'],
    params: [lengthParam('n', 'bars in the window', 14)],
    inputs: ['high', 'low', 'close', 'volume'],
    category: 'momentum',
    version: 1,
    warmup: 'n',
    description:
      'Money flow index, 0…100: 100·Σpos/(Σpos + Σneg) over the last n bars, TP = (high + low + close)/3, a bar’s flow TP·volume counted positive when TP rose from the previous bar, negative when it fell, neither when unchanged (a move below 1e-12 of TP is rounding of equal decimal prices); neutral 50 when both sums are 0 (also on zero volume).',
  },
  warmup: (p) => [p.n],
  batch: (c, p, outs) => void mfi(c.high, c.low, c.close, c.volume, p.n, outs[0]),
  stream: (p) => {
    const k = new Mfi(p.n);
    return { push: (b, out) => void (out[0] = k.update(b.high, b.low, b.close, b.volume)) };
  },
};

const aroonFamily: FeatureFamily = {
  spec: {
    family: 'aroon',
    outputs: ['aroon_up', 'aroon_down', 'aroon_osc'],
    params: [lengthParam('n', 'bars looked back', 25)],
    inputs: ['high', 'low'],
    category: 'momentum',
    version: 1,
    warmup: 'n',
    description:
      'Aroon over the last n+1 bars including the current one: aroon_up = 100·(n − bars since the highest high)/n, aroon_down likewise with the lowest low, aroon_osc = up − down; on ties the most recent extreme counts.',
  },
  warmup: (p) => [p.n, p.n, p.n],
  batch: (c, p, outs) => void aroon(c.high, c.low, p.n, outs[0], outs[1], outs[2]),
  stream: (p) => {
    const k = new Aroon(p.n);
    return {
      push: (b, out) => {
        k.update(b.high, b.low);
        out[0] = k.up;
        out[1] = k.down;
        out[2] = k.osc;
      },
    };
  },
};

export const momentum: FeatureFamily[] = [
  rsiFamily,
  macdFamily,
  stochFamily,
  stochFastKFamily,
  willrFamily,
  cciFamily,
  rocFamily,
  rocLogFamily,
  momFamily,
  trixFamily,
  mfiFamily,
  aroonFamily,
];
