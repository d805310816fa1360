import { lengthParam, type FeatureFamily } from '../define.js';
import { TrendRegime, trendRegime, VolRegime, volRegime } from '../kernels/regime.js';

const BUCKET_RULE =
  'Bucket 0 (lowest) … q−1 = min(q−1, ⌊q·p⌋), p = (below + equal/2)/(m−1), where below and equal count the other m−1 values of the last m (the current one included, nothing later) strictly below and equal to the current value: mid-rank for ties, so a flat window gives p = ½.';

export const regime: FeatureFamily[] = [
  {
    spec: {
      family: 'vol_regime',
      outputs: ['vol_regime'],
      params: [
        lengthParam('n', 'bars in the volatility window', 21, 3),
        lengthParam('m', 'volatility values in the ranking window', 252, 10, 10_000),
        lengthParam('q', 'number of buckets', 3, 2, 10),
      ],
      inputs: ['close'],
      category: 'regime',
      version: 1,
      warmup: '(n − 1) + (m − 1)',
      description: `Volatility regime: v = volatility_n = √252 · sample sd of the last n−1 one-bar log returns, ranked among its own last m values. ${BUCKET_RULE}`,
    },
    warmup: (p) => [p.n - 1 + p.m - 1],
    batch: (c, p, outs) => void volRegime(c.close, p.n, p.m, p.q, outs[0]),
    stream: (p) => {
      const k = new VolRegime(p.n, p.m, p.q);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
  {
    spec: {
      family: 'trend_regime',
      outputs: ['trend_regime'],
      params: [
        lengthParam('n', 'return horizon in bars', 20),
        lengthParam('m', 'returns in the ranking window', 252, 10, 10_000),
        lengthParam('q', 'number of buckets', 3, 2, 10),
      ],
      inputs: ['close'],
      category: 'regime',
      version: 1,
      warmup: 'n + m − 1',
      description: `Trend regime: the n-bar log return ln(Cₜ/Cₜ₋ₙ) ranked among its own last m values. ${BUCKET_RULE}`,
    },
    warmup: (p) => [p.n + p.m - 1],
    batch: (c, p, outs) => void trendRegime(c.close, p.n, p.m, p.q, outs[0]),
    stream: (p) => {
      const k = new TrendRegime(p.n, p.m, p.q);
      return { push: (b, out) => void (out[0] = k.update(b.close)) };
    },
  },
];
