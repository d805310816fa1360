import { RollingExtreme } from './rolling.js';
import { BLOCK, SeededEma, columns, trueRangeOf } from './volatility.js';

/**
 * Trend kernels: Wilder's ADX, Donchian channels and Wilder's parabolic SAR. A NaN in any input
 * a kernel reads resets it; it warms up again from scratch.
 */

/**
 * Wilder's running sum as TTR's wilderSum and TA-Lib's ADX keep it: the sum of the first n − 1
 * values, then S ← S·(n−1)/n + x from the n-th value on (so the first sum is not the plain sum
 * of n values). The state is open for Adx's batch loop.
 */
export class WilderSum {
  readonly n: number;
  count = 0;
  sum = 0;

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
  private readonly dxAvg: SeededEma;
  private prevClose = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;

  constructor(n: number) {
    this.n = n;
    this.trSum = new WilderSum(n);
    this.plusSum = new WilderSum(n);
    this.minusSum = new WilderSum(n);
    this.dxAvg = new SeededEma(n, 1 / n);
  }

  update(high: number, low: number, close: number): void {
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

  /** Columns adx, +DI, −DI, DX. */
  run(high: Float64Array, low: Float64Array, close: Float64Array, adx: Float64Array, plusDi: Float64Array, minusDi: Float64Array, dx: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(high, low, close, adx, plusDi, minusDi, dx, i, Math.min(i + BLOCK, close.length));
  }

  /** `update` over bars [from, end) with the state in locals (the three running sums always hold the same count). */
  runRange(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    adxTo: Float64Array,
    plusTo: Float64Array,
    minusTo: Float64Array,
    dxTo: Float64Array,
    from: number,
    end: number,
  ): void {
    const n = this.n;
    const avg = this.dxAvg;
    const alpha = avg.alpha;
    let pc = this.prevClose;
    let ph = this.prevHigh;
    let pl = this.prevLow;
    let count = this.trSum.count;
    let trSum = this.trSum.sum;
    let plusSum = this.plusSum.sum;
    let minusSum = this.minusSum.sum;
    let avgCount = avg.count;
    let seed = avg.seed;
    let value = avg.value;
    // The outputs as the public fields hold them: a bar whose running sums are NaN (in the warm-up,
    // or after infinite inputs) leaves them as they were.
    let adx = this.adx;
    let pdi = this.plusDi;
    let mdi = this.minusDi;
    let dx = this.dx;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const p = pc;
      pc = h !== h || l !== l || c !== c ? NaN : c;
      const tr = p === p && pc === pc ? trueRangeOf(h, l, p) : NaN;
      const up = h - ph;
      const down = pl - l;
      ph = h;
      pl = l;
      if (tr !== tr) {
        count = trSum = plusSum = minusSum = avgCount = seed = 0;
        value = adx = pdi = mdi = dx = NaN;
      } else {
        const plus = up > down && up > 0 ? up : 0;
        const minus = down > up && down > 0 ? down : 0;
        if (count < n - 1) {
          trSum += tr;
          plusSum += plus;
          minusSum += minus;
          count++;
        } else {
          trSum = (trSum * (n - 1)) / n + tr;
          plusSum = (plusSum * (n - 1)) / n + plus;
          minusSum = (minusSum * (n - 1)) / n + minus;
          if (trSum === trSum) {
            pdi = trSum > 0 ? (100 * plusSum) / trSum : 0;
            mdi = trSum > 0 ? (100 * minusSum) / trSum : 0;
            const sum = pdi + mdi;
            dx = sum > 0 ? 100 * (Math.abs(pdi - mdi) / sum) : 0;
            if (dx !== dx) {
              avgCount = seed = 0;
              value = NaN;
            } else if (avgCount < n) {
              seed += dx;
              if (++avgCount === n) value = seed / n;
            } else value = (dx - value) * alpha + value;
            adx = value;
          }
        }
      }
      adxTo[i] = adx;
      plusTo[i] = pdi;
      minusTo[i] = mdi;
      dxTo[i] = dx;
    }
    this.prevClose = pc;
    this.prevHigh = ph;
    this.prevLow = pl;
    this.trSum.count = this.plusSum.count = this.minusSum.count = count;
    this.trSum.sum = trSum;
    this.plusSum.sum = plusSum;
    this.minusSum.sum = minusSum;
    avg.count = avgCount;
    avg.seed = seed;
    avg.value = value;
    this.adx = adx;
    this.plusDi = pdi;
    this.minusDi = mdi;
    this.dx = dx;
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
    const scratch = new Float64Array(n + 1);
    for (let i = head; i < len; ) {
      let e = i;
      while (e < len && high[e] === high[e] && low[e] === low[e]) e++;
      const from = Math.max(i, start + n - 1);
      for (let j = i; j < from && j < e; j++) upper[j] = mid[j] = lower[j] = NaN;
      // Calls of about BLOCK bars, their ends on block boundaries so that no block is done twice.
      const step = n * Math.max(1, Math.floor(BLOCK / n));
      for (let b = from; b < e; ) {
        const to = Math.min(start + (Math.floor((b - start) / step) + 1) * step, e);
        windowMax(high, start, b, to, n, upper, scratch);
        windowMin(low, start, b, to, n, lower, scratch, upper, mid);
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
 * of a suffix maximum (computed backwards over the previous block into `scratch`, n + 1 values)
 * and a running prefix maximum: about three comparisons per value whatever n. Ties go to the
 * later value, as in RollingExtreme (it only shows between −0 and +0).
 */
function windowMax(x: Float64Array, start: number, from: number, end: number, n: number, to: Float64Array, scratch: Float64Array): void {
  scratch[n] = -Infinity;
  for (let bs = start + Math.floor((from - start) / n) * n; bs < end; bs += n) {
    // scratch[k]: maximum of x[bs − n + k .. bs − 1], for k = 1 … n − 1 (only when the previous block is in the run).
    if (bs - n >= start) {
      let s = -Infinity;
      for (let k = n - 1; k >= 1; k--) {
        const v = x[bs - n + k];
        s = v > s ? v : s;
        scratch[k] = s;
      }
    }
    const stop = Math.min(bs + n, end);
    let pre = -Infinity;
    for (let i = bs; i < stop; i++) {
      const v = x[i];
      pre = v >= pre ? v : pre;
      if (i >= from) {
        const s = scratch[i - bs + 1];
        to[i] = s > pre ? s : pre;
      }
    }
  }
}

/**
 * Minimum of the n values ending at each i in [from, end): `windowMax` with the comparisons
 * turned round, and the Donchian mid from the maxima already in `upper` (one pass fewer).
 */
function windowMin(x: Float64Array, start: number, from: number, end: number, n: number, to: Float64Array, scratch: Float64Array, upper: Float64Array, mid: Float64Array): void {
  scratch[n] = Infinity;
  for (let bs = start + Math.floor((from - start) / n) * n; bs < end; bs += n) {
    if (bs - n >= start) {
      let s = Infinity;
      for (let k = n - 1; k >= 1; k--) {
        const v = x[bs - n + k];
        s = v < s ? v : s;
        scratch[k] = s;
      }
    }
    const stop = Math.min(bs + n, end);
    let pre = Infinity;
    for (let i = bs; i < stop; i++) {
      const v = x[i];
      pre = v <= pre ? v : pre;
      if (i >= from) {
        const s = scratch[i - bs + 1];
        const m = s < pre ? s : pre;
        to[i] = m;
        mid[i] = (upper[i] + m) / 2;
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

  run(high: Float64Array, low: Float64Array, to: Float64Array): void {
    for (let i = 0; i < high.length; i += BLOCK) this.runRange(high, low, to, i, Math.min(i + BLOCK, high.length));
  }

  /** `update` over bars [from, end) with the state in locals. */
  runRange(high: Float64Array, low: Float64Array, to: Float64Array, from: number, end: number): void {
    const step = this.step;
    const max = this.max;
    let bars = this.bars;
    let long = this.long;
    let sar = this.sar;
    let ep = this.ep;
    let af = this.af;
    let ph = this.high;
    let pl = this.low;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      if (h !== h || l !== l) {
        bars = af = 0;
        sar = ep = ph = pl = to[i] = NaN;
        continue;
      }
      if (bars < 2) {
        if (bars === 0) {
          bars = 1;
          ph = h;
          pl = l;
          to[i] = NaN;
          continue;
        }
        bars = 2;
        const down = pl - l;
        long = !(down > 0 && h - ph < down);
        sar = long ? pl : ph;
        ep = long ? h : l;
        af = step;
        ph = h;
        pl = l;
      }
      const prevHigh = ph;
      const prevLow = pl;
      ph = h;
      pl = l;
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
    }
    this.bars = bars;
    this.long = long;
    this.sar = sar;
    this.ep = ep;
    this.af = af;
    this.high = ph;
    this.low = pl;
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
