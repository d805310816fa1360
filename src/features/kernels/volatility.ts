import { Ema, wilder } from './moving-averages.js';
import { RollingMoments } from './rolling.js';

/**
 * Volatility kernels: true range, ATR, Bollinger and Keltner bands, rolling and annualised
 * standard deviations. Each `update` takes one bar; a NaN in any input it reads resets it, and
 * it warms up again from scratch.
 */

/** Columns for a kernel with several outputs, in output order. */
export function columns(length: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(length));
}

/** True range max(H − L, |H − Cₜ₋₁|, |L − Cₜ₋₁|); NaN on the first bar, which has no previous close. */
export class TrueRange {
  private prevClose = NaN;

  update(high: number, low: number, close: number): number {
    const pc = this.prevClose;
    if (high !== high || low !== low || close !== close) {
      this.prevClose = NaN;
      return NaN;
    }
    this.prevClose = close;
    if (pc !== pc) return NaN;
    const a = high - low;
    const b = Math.abs(high - pc);
    const c = Math.abs(low - pc);
    return a >= b ? (a >= c ? a : c) : b >= c ? b : c;
  }

  reset(): void {
    this.prevClose = NaN;
  }
}

/** Average true range: Wilder smoothing (α = 1/n) of TR seeded with the mean of its first n values. */
export class Atr {
  private readonly tr = new TrueRange();
  private readonly avg: Ema;

  constructor(n: number) {
    this.avg = wilder(n);
  }

  update(high: number, low: number, close: number): number {
    const tr = this.tr.update(high, low, close);
    if (tr !== tr) {
      // A first bar (after a start or a NaN input): the average starts again.
      this.avg.reset();
      return NaN;
    }
    return this.avg.update(tr);
  }

  reset(): void {
    this.tr.reset();
    this.avg.reset();
  }
}

/**
 * Bollinger bands on close: mid = SMA(n), bands mid ± k·σ with σ the population standard
 * deviation, %B = (C − lower)/(upper − lower) (0.5 when the bands collapse), width =
 * (upper − lower)/mid. Outputs are in the public fields after each update.
 */
export class Bollinger {
  upper = NaN;
  mid = NaN;
  lower = NaN;
  pctb = NaN;
  width = NaN;
  private readonly n: number;
  private readonly k: number;
  private readonly moments: RollingMoments;
  // Closes equal to the previous one in a row: a window of n of them is flat exactly, whatever rounding the running sums carry.
  private last = NaN;
  private run = 0;

  constructor(n: number, k: number) {
    this.n = n;
    this.k = k;
    this.moments = new RollingMoments(n);
  }

  update(close: number): void {
    if (close !== close) {
      this.reset();
      return;
    }
    this.run = close === this.last ? this.run + 1 : 1;
    this.last = close;
    if (!this.moments.update(close)) return;
    const flat = this.run >= this.n;
    const mid = flat ? close : this.moments.mean();
    const band = flat ? 0 : this.k * Math.sqrt(this.moments.populationVariance());
    const spread = 2 * band;
    this.mid = mid;
    this.upper = mid + band;
    this.lower = mid - band;
    this.pctb = spread > 0 ? (close - this.lower) / spread : 0.5;
    this.width = spread > 0 ? (mid !== 0 ? spread / mid : NaN) : 0;
  }

  reset(): void {
    this.moments.reset();
    this.last = NaN;
    this.run = 0;
    this.upper = this.mid = this.lower = this.pctb = this.width = NaN;
  }
}

/** Keltner channels (TTR keltnerChannels): mid = EMA(n) of (H+L+C)/3, bands mid ± k·ATR(n). */
export class Keltner {
  upper = NaN;
  mid = NaN;
  lower = NaN;
  private readonly k: number;
  private readonly ema: Ema;
  private readonly atr: Atr;

  constructor(n: number, k: number) {
    this.k = k;
    this.ema = new Ema(n);
    this.atr = new Atr(n);
  }

  /** A NaN input reaches both the EMA (through the typical price) and the ATR, and resets each. */
  update(high: number, low: number, close: number): void {
    const mid = this.ema.update((high + low + close) / 3);
    const band = this.k * this.atr.update(high, low, close);
    this.mid = mid;
    this.upper = mid + band;
    this.lower = mid - band;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.upper = this.mid = this.lower = NaN;
  }
}

/** Sample standard deviation (divisor n − 1) of the last n values. */
export class RunSd {
  private readonly moments: RollingMoments;

  constructor(n: number) {
    this.moments = new RollingMoments(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.moments.reset();
      return NaN;
    }
    return this.moments.update(x) ? Math.sqrt(this.moments.sampleVariance()) : NaN;
  }

  reset(): void {
    this.moments.reset();
  }
}

const SQRT_252 = Math.sqrt(252);

/**
 * Close-to-close volatility: √252 · sample sd of the last n − 1 log returns ln(Cₜ/Cₜ₋₁), so
 * n closes. A missing or non-positive close (no log return) restarts it.
 */
export class CloseVolatility {
  private readonly moments: RollingMoments;
  private prev = NaN;

  constructor(n: number) {
    this.moments = new RollingMoments(n - 1);
  }

  update(close: number): number {
    if (!(close > 0)) {
      this.reset();
      return NaN;
    }
    const prev = this.prev;
    this.prev = close;
    if (prev !== prev) return NaN;
    return this.moments.update(Math.log(close / prev)) ? SQRT_252 * Math.sqrt(this.moments.sampleVariance()) : NaN;
  }

  reset(): void {
    this.moments.reset();
    this.prev = NaN;
  }
}

export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new TrueRange();
  for (let i = 0; i < close.length; i++) to[i] = k.update(high[i], low[i], close[i]);
  return to;
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Atr(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(high[i], low[i], close[i]);
  return to;
}

/** Columns upper, mid, lower, %B, width. */
export function bollinger(close: Float64Array, n: number, k: number, to: Float64Array[] = columns(close.length, 5)): Float64Array[] {
  const b = new Bollinger(n, k);
  const [upper, mid, lower, pctb, width] = to;
  for (let i = 0; i < close.length; i++) {
    b.update(close[i]);
    upper[i] = b.upper;
    mid[i] = b.mid;
    lower[i] = b.lower;
    pctb[i] = b.pctb;
    width[i] = b.width;
  }
  return to;
}

/** Columns upper, mid, lower. */
export function keltner(high: Float64Array, low: Float64Array, close: Float64Array, n: number, k: number, to: Float64Array[] = columns(close.length, 3)): Float64Array[] {
  const kc = new Keltner(n, k);
  const [upper, mid, lower] = to;
  for (let i = 0; i < close.length; i++) {
    kc.update(high[i], low[i], close[i]);
    upper[i] = kc.upper;
    mid[i] = kc.mid;
    lower[i] = kc.lower;
  }
  return to;
}

export function runSd(x: Float64Array, n: number, to: Float64Array = new Float64Array(x.length)): Float64Array {
  const k = new RunSd(n);
  for (let i = 0; i < x.length; i++) to[i] = k.update(x[i]);
  return to;
}

export function closeVolatility(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new CloseVolatility(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}
