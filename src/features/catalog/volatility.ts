import { lengthParam, type FeatureFamily } from '../define.js';
import { Atr, Bollinger, CloseVolatility, Keltner, RunSd, TrueRange, atr, bollinger, closeVolatility, keltner, runSd, trueRange } from '../kernels/volatility.js';

/** A band width multiplier (need not be whole). */
function widthParam(description: string) {
  return { name: 'k', description, min: 0.1, max: 10, integer: false, default: 2 };
}

export const volatility: FeatureFamily[] = [
  {
    spec: {
      family: 'tr',
      outputs: ['tr'],
      params: [],
      inputs: ['high', 'low', 'close'],
      category: 'volatility',
      version: 1,
      warmup: '1',
      description: 'True range: max(H − L, |H − Cₜ₋₁|, |L − Cₜ₋₁|); undefined (NaN) on the first bar, which has no previous close.',
    },
    warmup: () => [1],
    batch: (c, _p, outs) => void trueRange(c.high, c.low, c.close, outs[0]),
    stream: () => {
      const k = new TrueRange();
      return { push: (b, out) => void (out[0] = k.update(b.high, b.low, b.close)) };
    },
  },
  {
    spec: {
      family: 'atr',
      outputs: ['atr'],
      params: [lengthParam('n', 'bars of Wilder smoothing', 14)],
      inputs: ['high', 'low', 'close'],
      category: 'volatility',
      version: 1,
      warmup: 'n',
      description:
        'Average true range (Wilder, TTR/TA-Lib): Wilder smoothing (α = 1/n) of the true range, seeded with the simple mean of the true ranges of bars 1..n (the first bar has none), so the first value is at bar n.',
    },
    warmup: (p) => [p.n],
    batch: (c, p, outs) => void atr(c.high, c.low, c.close, p.n, outs[0]),
    stream: (p) => {
      const k = new Atr(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.high, b.low, b.close)) };
    },
  },
  {
    spec: {
      family: 'bb',
      outputs: ['bb_upper', 'bb_mid', 'bb_lower', 'bb_pctb', 'bb_width'],
      params: [lengthParam('n', 'bars in the window', 20), widthParam('band half-width in standard deviations')],
      inputs: ['close'],
      category: 'volatility',
      version: 1,
      warmup: 'n − 1',
      description:
        'Bollinger bands on close: mid = SMA(n), upper/lower = mid ± k·σ with σ the POPULATION standard deviation (divisor n) of the last n closes (TTR BBands); pctb = (C − lower)/(upper − lower) as a fraction, 0.5 when the bands collapse on a flat window; width = (upper − lower)/mid (0 on a flat window, NaN when mid is 0).',
    },
    warmup: (p) => Array(5).fill(p.n - 1),
    batch: (c, p, outs) => void bollinger(c.close, p.n, p.k, outs),
    stream: (p) => {
      const k = new Bollinger(p.n, p.k);
      return {
        push: (b, out) => {
          k.update(b.close);
          out[0] = k.upper;
          out[1] = k.mid;
          out[2] = k.lower;
          out[3] = k.pctb;
          out[4] = k.width;
        },
      };
    },
  },
  {
    spec: {
      family: 'keltner',
      outputs: ['keltner_upper', 'keltner_mid', 'keltner_lower'],
      params: [lengthParam('n', 'bars of the EMA and the ATR', 20), widthParam('band half-width in ATRs')],
      inputs: ['high', 'low', 'close'],
      category: 'volatility',
      version: 1,
      warmup: 'mid n − 1; upper, lower n',
      description:
        'Keltner channels (TTR keltnerChannels): mid = EMA(n) of the typical price (H+L+C)/3, α = 2/(n+1) seeded with the simple mean of the first n; upper/lower = mid ± k·ATR(n), the ATR Wilder-smoothed and seeded with the mean of the true ranges of bars 1..n.',
    },
    warmup: (p) => [p.n, p.n - 1, p.n],
    batch: (c, p, outs) => void keltner(c.high, c.low, c.close, p.n, p.k, outs),
    stream: (p) => {
      const k = new Keltner(p.n, p.k);
      return {
        push: (b, out) => {
          k.update(b.high, b.low, b.close);
          out[0] = k.upper;
          out[1] = k.mid;
          out[2] = k.lower;
        },
      };
    },
  },
  {
    spec: {
      family: 'runsd',
      outputs: ['runsd'],
      params: [lengthParam('n', 'bars in the window', 20, 2)],
      inputs: ['close'],
      category: 'volatility',
      version: 1,
      warmup: 'n − 1',
      description: 'Rolling standard deviation of close: the SAMPLE standard deviation (divisor n − 1) of the last n closes (TTR runSD).',
    },
    warmup: (p) => [p.n - 1],
    batch: (c, p, outs) => void runSd(c.close, p.n, outs[0]),
    stream: (p) => {
      const k = new RunSd(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
  {
    spec: {
      family: 'volatility',
      outputs: ['volatility'],
      params: [lengthParam('n', 'closes in the window (n − 1 returns)', 21, 3)],
      inputs: ['close'],
      category: 'volatility',
      version: 1,
      warmup: 'n − 1',
      description:
        "Annualised close-to-close volatility: √252 · the SAMPLE standard deviation (divisor n − 2) of the last n − 1 one-bar log returns ln(Cₜ/Cₜ₋₁), which span n closes (TTR volatility, calc = 'close', N = 252). A non-positive close has no log return and restarts it like a missing one.",
    },
    warmup: (p) => [p.n - 1],
    batch: (c, p, outs) => void closeVolatility(c.close, p.n, outs[0]),
    stream: (p) => {
      const k = new CloseVolatility(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
];
