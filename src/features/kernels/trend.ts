import { wilder, type Ema } from './moving-averages.js';
import { RollingExtreme } from './rolling.js';
import { TrueRange, columns } from './volatility.js';

/**
 * Trend kernels: Wilder's ADX, Donchian channels and Wilder's parabolic SAR. A NaN in any input
 * a kernel reads resets it; it warms up again from scratch.
 */

/**
 * Wilder's running sum as TTR's wilderSum and TA-Lib's ADX keep it: the sum of the first n − 1
 * values, then S ← S·(n−1)/n + x from the n-th value on (so the first sum is not the plain sum
 * of n values).
 */
export class WilderSum {
  private readonly n: number;
  private count = 0;
  private sum = 0;

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
  private readonly tr = new TrueRange();
  private readonly trSum: WilderSum;
  private readonly plusSum: WilderSum;
  private readonly minusSum: WilderSum;
  private readonly dxAvg: Ema;
  private prevHigh = NaN;
  private prevLow = NaN;

  constructor(n: number) {
    this.trSum = new WilderSum(n);
    this.plusSum = new WilderSum(n);
    this.minusSum = new WilderSum(n);
    this.dxAvg = wilder(n);
  }

  update(high: number, low: number, close: number): void {
    const tr = this.tr.update(high, low, close);
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

  private restart(): void {
    this.trSum.reset();
    this.plusSum.reset();
    this.minusSum.reset();
    this.dxAvg.reset();
    this.adx = this.plusDi = this.minusDi = this.dx = NaN;
  }

  reset(): void {
    this.tr.reset();
    this.prevHigh = this.prevLow = NaN;
    this.restart();
  }
}

/** Donchian channels: highest high and lowest low of the last n bars including the current one; mid their average. */
export class Donchian {
  upper = NaN;
  mid = NaN;
  lower = NaN;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(n: number) {
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

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.upper = this.mid = this.lower = NaN;
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

  reset(): void {
    this.bars = 0;
    this.sar = this.ep = this.high = this.low = NaN;
    this.af = 0;
  }
}

/** Columns adx, +DI, −DI, DX. */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to: Float64Array[] = columns(close.length, 4)): Float64Array[] {
  const k = new Adx(n);
  const [adxTo, plusTo, minusTo, dxTo] = to;
  for (let i = 0; i < close.length; i++) {
    k.update(high[i], low[i], close[i]);
    adxTo[i] = k.adx;
    plusTo[i] = k.plusDi;
    minusTo[i] = k.minusDi;
    dxTo[i] = k.dx;
  }
  return to;
}

/** Columns upper, mid, lower. */
export function donchian(high: Float64Array, low: Float64Array, n: number, to: Float64Array[] = columns(high.length, 3)): Float64Array[] {
  const k = new Donchian(n);
  const [upper, mid, lower] = to;
  for (let i = 0; i < high.length; i++) {
    k.update(high[i], low[i]);
    upper[i] = k.upper;
    mid[i] = k.mid;
    lower[i] = k.lower;
  }
  return to;
}

export function sar(high: Float64Array, low: Float64Array, step: number, max: number, to: Float64Array = new Float64Array(high.length)): Float64Array {
  const k = new Sar(step, max);
  for (let i = 0; i < high.length; i++) to[i] = k.update(high[i], low[i]);
  return to;
}
