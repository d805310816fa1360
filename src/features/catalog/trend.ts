import { lengthParam, type FeatureFamily } from '../define.js';
import { Adx, Donchian, Sar, adx, donchian, sar } from '../kernels/trend.js';

export const trend: FeatureFamily[] = [
  {
    spec: {
      family: 'adx',
      outputs: ['adx', 'plus_di', 'minus_di', 'dx'],
      params: [lengthParam('n', 'bars of Wilder smoothing', 14)],
      inputs: ['high', 'low', 'close'],
      category: 'trend',
      version: 1,
      warmup: 'adx 2n − 1; plus_di, minus_di, dx n',
      description:
        "Wilder's directional movement (TTR ADX, TA-Lib ADX): up = Hₜ − Hₜ₋₁, down = Lₜ₋₁ − Lₜ; +DM = up if up > down and up > 0 else 0, −DM = down if down > up and down > 0 else 0 (a tie gives both 0). +DM, −DM and the true range are Wilder running sums as TTR and TA-Lib keep them: the sum over bars 1..n−1, then S ← S·(n−1)/n + x from bar n on (not the plain sum of bars 1..n of Wilder's worksheet); plus_di/minus_di = 100·ΣDM/ΣTR (0 when ΣTR = 0); dx = 100·|+DI − −DI|/(+DI + −DI) (0 when both are 0); adx = Wilder smoothing of DX seeded with the mean of its first n values.",
    },
    warmup: (p) => [2 * p.n - 1, p.n, p.n, p.n],
    batch: (c, p, outs) => void adx(c.high, c.low, c.close, p.n, outs),
    stream: (p) => {
      const k = new Adx(p.n);
      return {
        push: (b, out) => {
          k.update(b.high, b.low, b.close);
          out[0] = k.adx;
          out[1] = k.plusDi;
          out[2] = k.minusDi;
          out[3] = k.dx;
        },
      };
    },
  },
  {
    spec: {
      family: 'donchian',
      outputs: ['donchian_upper', 'donchian_mid', 'donchian_lower'],
      params: [lengthParam('n', 'bars in the window, the current one included', 20)],
      inputs: ['high', 'low'],
      category: 'trend',
      version: 1,
      warmup: 'n − 1',
      description:
        'Donchian channels (TTR DonchianChannel): upper = highest high and lower = lowest low of the last n bars, the current bar included; mid = (upper + lower)/2.',
    },
    warmup: (p) => [p.n - 1, p.n - 1, p.n - 1],
    batch: (c, p, outs) => void donchian(c.high, c.low, p.n, outs),
    stream: (p) => {
      const k = new Donchian(p.n);
      return {
        push: (b, out) => {
          k.update(b.high, b.low);
          out[0] = k.upper;
          out[1] = k.mid;
          out[2] = k.lower;
        },
      };
    },
  },
  {
    spec: {
      family: 'sar',
      outputs: ['sar'],
      params: [
        { name: 'a', description: 'acceleration step', min: 0.001, max: 1, integer: false, default: 0.02 },
        { name: 'm', description: 'maximum acceleration', min: 0.001, max: 1, integer: false, default: 0.2 },
      ],
      inputs: ['high', 'low'],
      category: 'trend',
      version: 1,
      warmup: '1',
      description:
        "Wilder's parabolic stop-and-reverse as TA-Lib's TA_SAR computes it. First value at bar 1: the trend starts short when bar 1's −DM is positive (down-move > 0 and > up-move), else long, with SAR at bar 0's low (long) or high (short) and the extreme point at bar 1's high (long) or low (short). Each bar outputs the SAR computed on the bar before; a low ≤ SAR (long) or high ≥ SAR (short) reverses the trend and outputs the extreme point. Next SAR = SAR + af·(EP − SAR), af starting at a, growing by a at each new extreme up to m, and kept outside the range of the current and previous bars (TA-Lib uses bar 1's range for both at bar 1).",
    },
    warmup: () => [1],
    check: (p) => (p.a <= p.m ? null : `the acceleration step a (${p.a}) must not exceed the maximum m (${p.m})`),
    batch: (c, p, outs) => void sar(c.high, c.low, p.a, p.m, outs[0]),
    stream: (p) => {
      const k = new Sar(p.a, p.m);
      return { push: (b, out) => void (out[0] = k.update(b.high, b.low)) };
    },
  },
];
