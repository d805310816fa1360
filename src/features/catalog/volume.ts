import { lengthParam, type FeatureFamily } from '../define.js';
import { Cmf, Obv, cmf, obv } from '../kernels/volume.js';

export const volume: FeatureFamily[] = [
  {
    spec: {
      family: 'obv',
      outputs: ['obv'],
      params: [],
      inputs: ['close', 'volume'],
      category: 'volume',
      version: 1,
      warmup: '0',
      description:
        "On-balance volume: starts at the first bar's volume, then adds the bar's volume when close is above the previous close, subtracts it when below, and leaves it unchanged when equal.",
    },
    warmup: () => [0],
    batch: (c, _p, outs) => void obv(c.close, c.volume, outs[0]),
    stream: () => {
      const k = new Obv();
      return { push: (b, out) => void (out[0] = k.update(b.close, b.volume)) };
    },
  },
  {
    spec: {
      family: 'cmf',
      outputs: ['cmf'],
      params: [lengthParam('n', 'bars in the window', 20)],
      inputs: ['high', 'low', 'close', 'volume'],
      category: 'volume',
      version: 1,
      warmup: 'n − 1',
      description:
        'Chaikin money flow (TTR CMF): Σ(multiplier·volume)/Σvolume over the last n bars, with the money-flow multiplier ((C − L) − (H − C))/(H − L), 0 when H = L; 0 when the window has no volume.',
    },
    warmup: (p) => [p.n - 1],
    batch: (c, p, outs) => void cmf(c.high, c.low, c.close, c.volume, p.n, outs[0]),
    stream: (p) => {
      const k = new Cmf(p.n);
      return { push: (b, out) => void (out[0] = k.update(b.high, b.low, b.close, b.volume)) };
    },
  },
];
