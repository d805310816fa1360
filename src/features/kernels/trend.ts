import { wilder, type Ema } from './moving-averages.js';
import { BLOCK, RollingExtreme } from './rolling.js';
import { columns, trueRangeOf } from './volatility.js';

/**
 * Trend kernels: Wilder's ADX, Donchian channels and Wilder's parabolic SAR. A NaN in any input
 * a kernel reads resets it; it warms up again from scratch.
 *
 * Batch form (`run`), as for the moving averages: warm-up bars and irregular ones go through
 * `update`; once warmed up, blocks of bars go to `steady`, which does the same arithmetic in the
 * same order with the state in local variables, stops before an irregular bar and stores the
 * state back. Donchian's batch finds its extremes by van Herk/Gil-Werman blocks instead.
 */

/**
 * Wilder's running sum as TTR's wilderSum and TA-Lib's ADX keep it: the sum of the first n − 1
 * values, then S ← S·(n−1)/n + x from the n-th value on (so the first sum is not the plain sum
 * of n values).
 */
export class WilderSum {
  /** Open for Adx's steady loop, which carries the sums in locals once they are past their first n − 1 values. */
  sum = 0;
  private readonly n: number;
  private count = 0;

  constructor(n: number) {
    this.n = n;
  }

  /** Adds x; the running sum from the n-th value on, else NaN. */
  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    if (this.count < this.n - 1) {
      this.sum += x;
      this.count++;
      return NaN;
    }
    this.sum = (this.sum * (this.n - 1)) / this.n + x;
    return this.sum;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
  }
}

/**
 * Wilder's directional movement as TTR's ADX computes it (TA-Lib's runs the same recursions). +DM = up-move when it
 * exceeds the down-move and is positive, −DM likewise (a tie gives both 0); +DM, −DM and TR are
 * Wilder running sums over n bars; ±DI = 100·ΣDM/ΣTR (0 when ΣTR is 0);
 * DX = 100·|+DI − −DI|/(+DI + −DI) (0 when both are 0); ADX = Wilder smoothing (α = 1/n) of DX
 * seeded with the mean of its first n values.
 */
export class Adx {
  adx = NaN;
  plusDi = NaN;
  minusDi = NaN;
  dx = NaN;
  private readonly n: number;
  private readonly trSum: WilderSum;
  private readonly plusSum: WilderSum;
  private readonly minusSum: WilderSum;
  private readonly dxAvg: Ema;
  private prevClose = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;

  constructor(n: number) {
    this.n = n;
    this.trSum = new WilderSum(n);
    this.plusSum = new WilderSum(n);
    this.minusSum = new WilderSum(n);
    this.dxAvg = wilder(n);
  }

  update(high: number, low: number, close: number): void {
    // The true range as TrueRange keeps it: NaN on a bar with a NaN input and on the bar after.
    const pc = this.prevClose;
    this.prevClose = high !== high || low !== low || close !== close ? NaN : close;
    const tr = pc === pc && this.prevClose === this.prevClose ? trueRangeOf(high, low, pc) : NaN;
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    this.prevHigh = high;
    this.prevLow = low;
    if (tr !== tr) {
      // A first bar (after a start or a NaN input): everything starts again from this bar.
      this.restart();
      return;
    }
    const plus = up > down && up > 0 ? up : 0;
    const minus = down > up && down > 0 ? down : 0;
    const trSum = this.trSum.update(tr);
    const plusSum = this.plusSum.update(plus);
    const minusSum = this.minusSum.update(minus);
    if (trSum !== trSum) return;
    const pdi = trSum > 0 ? (100 * plusSum) / trSum : 0;
    const mdi = trSum > 0 ? (100 * minusSum) / trSum : 0;
    const sum = pdi + mdi;
    const dx = sum > 0 ? 100 * (Math.abs(pdi - mdi) / sum) : 0;
    this.plusDi = pdi;
    this.minusDi = mdi;
    this.dx = dx;
    this.adx = this.dxAvg.update(dx);
  }

  /** Batch form: columns adx, +DI, −DI, DX. */
  run(high: Float64Array, low: Float64Array, close: Float64Array, adx: Float64Array, plusDi: Float64Array, minusDi: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.dxAvg.seeded && this.prevClose === this.prevClose) i = this.steady(high, low, close, adx, plusDi, minusDi, dx, i, stop);
      if (i < stop) {
        this.update(high[i], low[i], close[i]);
        adx[i] = this.adx;
        plusDi[i] = this.plusDi;
        minusDi[i] = this.minusDi;
        dx[i++] = this.dx;
      }
    }
  }

  /**
   * Once DX's average is seeded (so the running sums are past their warm-up too). Stops before a
   * bar that `update` must do: a NaN input, or a NaN true range, running sum or DX (infinite
   * prices), which restart or freeze the outputs.
   */
  private steady(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    adxTo: Float64Array,
    plusTo: Float64Array,
    minusTo: Float64Array,
    dxTo: Float64Array,
    from: number,
    end: number,
  ): number {
    const n = this.n;
    const alpha = this.dxAvg.alpha;
    let pc = this.prevClose;
    let ph = this.prevHigh;
    let pl = this.prevLow;
    let trSum = this.trSum.sum;
    let plusSum = this.plusSum.sum;
    let minusSum = this.minusSum.sum;
    let adx = this.dxAvg.value;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      if (h !== h || l !== l || c !== c) break;
      const tr = trueRangeOf(h, l, pc);
      const up = h - ph;
      const down = pl - l;
      const t = (trSum * (n - 1)) / n + tr;
      if (t !== t) break;
      const p = (plusSum * (n - 1)) / n + (up > down && up > 0 ? up : 0);
      const m = (minusSum * (n - 1)) / n + (down > up && down > 0 ? down : 0);
      const pdi = t > 0 ? (100 * p) / t : 0;
      const mdi = t > 0 ? (100 * m) / t : 0;
      const sum = pdi + mdi;
      const d = sum > 0 ? 100 * (Math.abs(pdi - mdi) / sum) : 0;
      if (d !== d) break;
      trSum = t;
      plusSum = p;
      minusSum = m;
      adx = (d - adx) * alpha + adx;
      adxTo[i] = adx;
      plusTo[i] = pdi;
      minusTo[i] = mdi;
      dxTo[i] = d;
      pc = c;
      ph = h;
      pl = l;
    }
    this.prevClose = pc;
    this.prevHigh = ph;
    this.prevLow = pl;
    this.trSum.sum = trSum;
    this.plusSum.sum = plusSum;
    this.minusSum.sum = minusSum;
    this.dxAvg.value = adx;
    if (i > from) {
      this.adx = adxTo[i - 1];
      this.plusDi = plusTo[i - 1];
      this.minusDi = minusTo[i - 1];
      this.dx = dxTo[i - 1];
    }
    return i;
  }

  private restart(): void {
    this.trSum.reset();
    this.plusSum.reset();
    this.minusSum.reset();
    this.dxAvg.reset();
    this.adx = this.plusDi = this.minusDi = this.dx = NaN;
  }

  reset(): void {
    this.prevClose = this.prevHigh = this.prevLow = NaN;
    this.restart();
  }
}

/** Donchian channels: highest high and lowest low of the last n bars including the current one; mid their average. */
export class Donchian {
  upper = NaN;
  mid = NaN;
  lower = NaN;
  private readonly n: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(n: number) {
    this.n = n;
    this.highest = new RollingExtreme(n, true);
    this.lowest = new RollingExtreme(n, false);
  }

  update(high: number, low: number): void {
    if (high !== high || low !== low) {
      this.reset();
      return;
    }
    const upper = this.highest.update(high);
    const lower = this.lowest.update(low);
    this.upper = upper;
    this.lower = lower;
    this.mid = (upper + lower) / 2;
  }

  /**
   * Columns upper, mid, lower. The first n − 1 bars go through `update` (their windows reach into
   * bars streamed before); after them every window lies in the columns, and the extremes of the
   * runs of bars between NaNs come from van Herk/Gil-Werman blocks (`windowMax`, `windowMin`),
   * which give the same values as the deques (an extreme is exact whichever way it is found).
   * The streaming state is then rebuilt from the last n bars.
   */
  run(high: Float64Array, low: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array): void {
    const n = this.n;
    const len = high.length;
    const head = Math.min(len, n - 1);
    // Start of the run of bars without NaN that the bar `head` belongs to (0: it began before the columns).
    let start = 0;
    for (let i = 0; i < head; i++) {
      this.update(high[i], low[i]);
      upper[i] = this.upper;
      mid[i] = this.mid;
      lower[i] = this.lower;
      if (high[i] !== high[i] || low[i] !== low[i]) start = i + 1;
    }
    if (len === head) return;
    const suffixes = new Float64Array(2 * n + 2);
    const pick = new Float64Array(6);
    for (let i = head; i < len; ) {
      let e = i;
      while (e < len && high[e] === high[e] && low[e] === low[e]) e++;
      const from = Math.max(i, start + n - 1);
      for (let j = i; j < from && j < e; j++) upper[j] = mid[j] = lower[j] = NaN;
      // Calls of about BLOCK bars, their ends on block boundaries so that no block is done twice.
      const step = n * Math.max(1, Math.floor(BLOCK / n));
      for (let b = from; b < e; ) {
        const to = Math.min(start + (Math.floor((b - start) / step) + 1) * step, e);
        windowMax(high, start, b, to, n, upper, suffixes, pick);
        windowMin(low, start, b, to, n, lower, suffixes, pick);
        for (let j = b; j < to; j++) mid[j] = (upper[j] + lower[j]) / 2;
        b = to;
      }
      if (e < len) {
        upper[e] = mid[e] = lower[e] = NaN;
        start = e + 1;
      }
      i = e + 1;
    }
    this.reset();
    for (let i = Math.max(start, len - n); i < len; i++) this.update(high[i], low[i]);
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.upper = this.mid = this.lower = NaN;
  }
}

/**
 * Maximum of the n values ending at each i in [from, end), for a run of values without NaN that
 * starts at `start` (from ≥ start + n − 1), by van Herk/Gil-Werman: cut from `start` into blocks
 * of n, a window is the tail of one block and the head of the next, so its maximum is the larger
 * of a suffix maximum of the previous block and a prefix maximum of its own: O(1) per value
 * whatever n. One loop per block runs the prefix forwards and the block's suffix backwards (for
 * the next block) side by side. Ties go to the later value, as in RollingExtreme (it only shows
 * between −0 and +0).
 *
 * `suffixes` (2n + 2 values) holds the suffix maxima of the previous and the current block;
 * `pick` (6 values) makes the selects branch-free: `pick[+(v >= pre)]` after storing pre and v
 * at 0 and 1. Which value wins is data-dependent and mispredicted often, and V8 has no
 * conditional move for doubles; through memory it is about 30% faster.
 */
function windowMax(x: Float64Array, start: number, from: number, end: number, n: number, to: Float64Array, suffixes: Float64Array, pick: Float64Array): void {
  // Offsets into `suffixes`: [prev + k] is the maximum of the previous block from its k-th value on (k = 1 … n, −∞ at n).
  let prev = 0;
  let cur = n + 1;
  let bs = start + Math.floor((from - start) / n) * n;
  suffixes[prev + n] = -Infinity;
  if (bs - n >= start) {
    let s = -Infinity;
    for (let k = n - 1; k >= 1; k--) {
      const v = x[bs - n + k];
      s = v > s ? v : s;
      suffixes[prev + k] = s;
    }
  }
  for (; bs < end; bs += n) {
    const first = from > bs ? from - bs : 0;
    let pre = -Infinity;
    if (bs + n <= end) {
      let suf = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[bs + k];
        pick[0] = pre;
        pick[1] = v;
        pre = pick[+(v >= pre)];
        const w = x[bs + n - 1 - k];
        pick[2] = suf;
        pick[3] = w;
        suf = pick[2 + +(w > suf)];
        suffixes[cur + n - 1 - k] = suf;
        const s = suffixes[prev + k + 1];
        pick[4] = pre;
        pick[5] = s;
        if (k >= first) to[bs + k] = pick[4 + +(s > pre)];
      }
      suffixes[cur + n] = -Infinity;
      const t = prev;
      prev = cur;
      cur = t;
    } else {
      // The last, partial block: its suffixes would be for a block that is not in this range.
      for (let k = 0; bs + k < end; k++) {
        const v = x[bs + k];
        pre = v >= pre ? v : pre;
        const s = suffixes[prev + k + 1];
        if (k >= first) to[bs + k] = s > pre ? s : pre;
      }
    }
  }
}

/** Minimum of the n values ending at each i in [from, end): `windowMax` with the comparisons turned round. */
function windowMin(x: Float64Array, start: number, from: number, end: number, n: number, to: Float64Array, suffixes: Float64Array, pick: Float64Array): void {
  let prev = 0;
  let cur = n + 1;
  let bs = start + Math.floor((from - start) / n) * n;
  suffixes[prev + n] = Infinity;
  if (bs - n >= start) {
    let s = Infinity;
    for (let k = n - 1; k >= 1; k--) {
      const v = x[bs - n + k];
      s = v < s ? v : s;
      suffixes[prev + k] = s;
    }
  }
  for (; bs < end; bs += n) {
    const first = from > bs ? from - bs : 0;
    let pre = Infinity;
    if (bs + n <= end) {
      let suf = Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[bs + k];
        pick[0] = pre;
        pick[1] = v;
        pre = pick[+(v <= pre)];
        const w = x[bs + n - 1 - k];
        pick[2] = suf;
        pick[3] = w;
        suf = pick[2 + +(w < suf)];
        suffixes[cur + n - 1 - k] = suf;
        const s = suffixes[prev + k + 1];
        pick[4] = pre;
        pick[5] = s;
        if (k >= first) to[bs + k] = pick[4 + +(s < pre)];
      }
      suffixes[cur + n] = Infinity;
      const t = prev;
      prev = cur;
      cur = t;
    } else {
      for (let k = 0; bs + k < end; k++) {
        const v = x[bs + k];
        pre = v <= pre ? v : pre;
        const s = suffixes[prev + k + 1];
        if (k >= first) to[bs + k] = s < pre ? s : pre;
      }
    }
  }
}

/**
 * Wilder's parabolic SAR as TA-Lib's TA_SAR computes it. The first value is at the second bar:
 * the trend starts short when that bar's −DM is positive (down-move > 0 and > up-move), else
 * long, with SAR at the first bar's low (long) or high (short) and the extreme point at the
 * second bar's high (long) or low (short). Each bar outputs the SAR computed the bar before;
 * when the low (long) or high (short) touches or crosses it the trend reverses and the output
 * is the extreme point. The next SAR is SAR + af·(EP − SAR), af starting at `step` and growing
 * by `step` at each new extreme up to `max`, and never inside the range of this bar and the one
 * before (at the second bar, TA-Lib uses the second bar's range for both).
 */
export class Sar {
  private readonly step: number;
  private readonly max: number;
  private bars = 0;
  private long = true;
  private sar = NaN;
  private ep = NaN;
  private af = 0;
  private high = NaN;
  private low = NaN;

  constructor(step: number, max: number) {
    this.step = step;
    this.max = max;
  }

  update(high: number, low: number): number {
    if (high !== high || low !== low) {
      this.reset();
      return NaN;
    }
    if (this.bars === 0) {
      this.bars = 1;
      this.high = high;
      this.low = low;
      return NaN;
    }
    if (this.bars === 1) {
      this.bars = 2;
      const down = this.low - low;
      this.long = !(down > 0 && high - this.high < down);
      this.sar = this.long ? this.low : this.high;
      this.ep = this.long ? high : low;
      this.af = this.step;
      this.high = high;
      this.low = low;
    }
    const prevHigh = this.high;
    const prevLow = this.low;
    this.high = high;
    this.low = low;
    let sar = this.sar;
    let out: number;
    if (this.long) {
      if (low <= sar) {
        this.long = false;
        sar = Math.max(this.ep, prevHigh, high);
        out = sar;
        this.af = this.step;
        this.ep = low;
        sar = Math.max(sar + this.af * (this.ep - sar), prevHigh, high);
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af = Math.min(this.af + this.step, this.max);
        }
        sar = Math.min(sar + this.af * (this.ep - sar), prevLow, low);
      }
    } else if (high >= sar) {
      this.long = true;
      sar = Math.min(this.ep, prevLow, low);
      out = sar;
      this.af = this.step;
      this.ep = high;
      sar = Math.min(sar + this.af * (this.ep - sar), prevLow, low);
    } else {
      out = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af = Math.min(this.af + this.step, this.max);
      }
      sar = Math.max(sar + this.af * (this.ep - sar), prevHigh, high);
    }
    this.sar = sar;
    return out;
  }

  /** Batch form: to[i] = update(high[i], low[i]). */
  run(high: Float64Array, low: Float64Array, to: Float64Array): void {
    for (let i = 0; i < high.length; ) {
      const stop = Math.min(high.length, i + BLOCK);
      if (this.bars === 2) i = this.steady(high, low, to, i, stop);
      if (i < stop) to[i] = this.update(high[i], low[i++]);
    }
  }

  /** From the third bar on, until a NaN input. */
  private steady(high: Float64Array, low: Float64Array, to: Float64Array, from: number, end: number): number {
    const step = this.step;
    const max = this.max;
    let long = this.long;
    let sar = this.sar;
    let ep = this.ep;
    let af = this.af;
    let prevHigh = this.high;
    let prevLow = this.low;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      if (h !== h || l !== l) break;
      if (long) {
        if (l <= sar) {
          long = false;
          sar = Math.max(ep, prevHigh, h);
          to[i] = sar;
          af = step;
          ep = l;
          sar = Math.max(sar + af * (ep - sar), prevHigh, h);
        } else {
          to[i] = sar;
          if (h > ep) {
            ep = h;
            af = Math.min(af + step, max);
          }
          sar = Math.min(sar + af * (ep - sar), prevLow, l);
        }
      } else if (h >= sar) {
        long = true;
        sar = Math.min(ep, prevLow, l);
        to[i] = sar;
        af = step;
        ep = h;
        sar = Math.min(sar + af * (ep - sar), prevLow, l);
      } else {
        to[i] = sar;
        if (l < ep) {
          ep = l;
          af = Math.min(af + step, max);
        }
        sar = Math.max(sar + af * (ep - sar), prevHigh, h);
      }
      prevHigh = h;
      prevLow = l;
    }
    this.long = long;
    this.sar = sar;
    this.ep = ep;
    this.af = af;
    this.high = prevHigh;
    this.low = prevLow;
    return i;
  }

  reset(): void {
    this.bars = 0;
    this.sar = this.ep = this.high = this.low = NaN;
    this.af = 0;
  }
}

/** Columns adx, +DI, −DI, DX. */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to: Float64Array[] = columns(close.length, 4)): Float64Array[] {
  new Adx(n).run(high, low, close, to[0], to[1], to[2], to[3]);
  return to;
}

/** Columns upper, mid, lower. */
export function donchian(high: Float64Array, low: Float64Array, n: number, to: Float64Array[] = columns(high.length, 3)): Float64Array[] {
  new Donchian(n).run(high, low, to[0], to[1], to[2]);
  return to;
}

export function sar(high: Float64Array, low: Float64Array, step: number, max: number, to: Float64Array = new Float64Array(high.length)): Float64Array {
  new Sar(step, max).run(high, low, to);
  return to;
}
