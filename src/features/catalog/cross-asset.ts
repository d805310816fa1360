import { lengthParam, type FeatureFamily } from '../define.js';
import { RollingComovement, comovement } from '../kernels/cross-asset.js';

export const crossAsset: FeatureFamily[] = [
  {
    spec: {
      family: 'comovement',
      outputs: ['corr', 'beta'],
      params: [lengthParam('n', 'return pairs in the window', 20, 3)],
      inputs: ['close', 'ref'],
      ref: 'symbol',
      category: 'cross-asset',
      version: 1,
      warmup: 'n',
      description:
        'Rolling Pearson correlation (corr) and beta (beta = cov/var of the reference) of the last n one-bar log returns of close and of the reference symbol after @, the reference aligned as-of: each bar sees the last reference close at or before its own close. A reference that has not moved gives a return of 0; zero variance gives 0.',
    },
    warmup: (p) => [p.n, p.n],
    batch: (c, p, outs) => comovement(c.close, c.ref!, p.n, outs[0], outs[1]),
    stream: (p) => {
      const k = new RollingComovement(p.n);
      return {
        push: (b, out) => {
          k.update(b.close, b.ref);
          out[0] = k.correlation;
          out[1] = k.beta;
        },
      };
    },
  },
  {
    spec: {
      family: 'alt',
      outputs: ['alt'],
      params: [],
      inputs: ['ref'],
      ref: 'alt',
      category: 'alternative',
      version: 1,
      warmup: '0 (NaN until the first publication)',
      description:
        'The alternative-data series named after @ (stored with `sextant ingest-series`), joined as-of: at each bar, the latest observation published at or before the bar close, in its latest revision published by then. Never a value published later.',
    },
    warmup: () => [0],
    batch: (c, _p, outs) => outs[0].set(c.ref!),
    stream: () => ({ push: (b, out) => void (out[0] = b.ref) }),
  },
];
