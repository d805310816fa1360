import { RollingSum } from './rolling.js';

/**
 * Oscillators on the typical price TP = (high + low + close)/3: the commodity channel index and
 * the money flow index. A NaN in any input the kernel reads resets it.
 *
 * Typical prices that are equal in decimal can differ by an ulp as doubles (1.11809 + 1.1173 +
 * 1.11783 and 1.11832 + 1.11715 + 1.11775 both make 3.35322), so TPs within TP_TOLERANCE of each
 * other, relatively, count as equal: far below any price tick, far above rounding.
 */

const TP_TOLERANCE = 1e-12;

/**
 * CCI: (TP − SMA_n(TP)) / (0.015 · mean absolute deviation of TP about that SMA); 0 when the
 * deviation is 0 (up to TP_TOLERANCE). O(n) per bar: the mean absolute deviation has no running form.
 */
export class Cci {
  private readonly n: number;
  private readonly sum: RollingSum;
  private readonly buf: Float64Array;
  private pos = 0;

  constructor(n: number) {
    this.n = n;
    this.sum = new RollingSum(n);
    this.buf = new Float64Array(n);
  }

  update(high: number, low: number, close: number): number {
    const tp = (high + low + close) / 3;
    if (tp !== tp) {
      this.reset();
      return NaN;
    }
    const n = this.n;
    const buf = this.buf;
    buf[this.pos] = tp;
    if (++this.pos === n) this.pos = 0;
    const s = this.sum.update(tp);
    if (s !== s) return NaN;
    const mean = s / n;
    let dev = 0;
    for (let j = 0; j < n; j++) dev += Math.abs(buf[j] - mean);
    // A flat window can leave a deviation of a few ulps (Σx/n need not be x): that is 0.
    return dev > TP_TOLERANCE * n * Math.abs(mean) ? (tp - mean) / ((0.015 * dev) / n) : 0;
  }

  reset(): void {
    this.sum.reset();
    this.pos = 0;
  }
}

/**
 * MFI: 100·Σpos/(Σpos + Σneg) over the last n bars, where a bar's flow TP·volume is positive when
 * TP rose, negative when it fell and neither when unchanged (up to TP_TOLERANCE); 50 when both
 * sums are 0.
 */
export class Mfi {
  private readonly n: number;
  private readonly pos: RollingSum;
  private readonly neg: RollingSum;
  private prev = NaN;
  // Bars since a nonzero flow entered each sum: a running sum can keep a rounding residue after
  // its last nonzero value leaves, so a sum with none left in the window is taken as exactly 0.
  private sincePos = 0;
  private sinceNeg = 0;

  constructor(n: number) {
    this.n = n;
    this.pos = new RollingSum(n);
    this.neg = new RollingSum(n);
  }

  update(high: number, low: number, close: number, volume: number): number {
    const tp = (high + low + close) / 3;
    if (tp !== tp || volume !== volume) {
      this.reset();
      return NaN;
    }
    const prev = this.prev;
    this.prev = tp;
    if (prev !== prev) return NaN;
    const flow = tp * volume;
    const tie = TP_TOLERANCE * Math.abs(prev);
    const up = tp - prev > tie ? flow : 0;
    const down = prev - tp > tie ? flow : 0;
    this.sincePos = up !== 0 ? 0 : this.sincePos + 1;
    this.sinceNeg = down !== 0 ? 0 : this.sinceNeg + 1;
    let p = this.pos.update(up);
    let m = this.neg.update(down);
    if (p !== p) return NaN;
    if (this.sincePos >= this.n) p = 0;
    if (this.sinceNeg >= this.n) m = 0;
    const s = p + m;
    return s !== 0 ? (100 * p) / s : 50;
  }

  reset(): void {
    this.pos.reset();
    this.neg.reset();
    this.prev = NaN;
    this.sincePos = 0;
    this.sinceNeg = 0;
  }
}

function column(n: number, to?: Float64Array): Float64Array {
  return to ?? new Float64Array(n);
}

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Cci(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(high[i], low[i], close[i]);
  return o;
}

export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n: number,
  to?: Float64Array,
): Float64Array {
  const k = new Mfi(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(high[i], low[i], close[i], volume[i]);
  return o;
}
