import { Ema, wilder } from './moving-averages.js';
import { BLOCK, RollingMoments } from './rolling.js';

/**
 * Volatility kernels: true range, ATR, Bollinger and Keltner bands, rolling and annualised
 * standard deviations. Each `update` takes one bar; a NaN in any input it reads resets it, and
 * it warms up again from scratch.
 *
 * Batch form (`run`), as for the moving averages: warm-up bars and irregular ones (a NaN input)
 * go through `update`; once warmed up, blocks of bars go to `steady`, which does the same
 * arithmetic in the same order with the state in local variables, stops before an irregular
 * bar and stores the state back.
 */

/** Columns for a kernel with several outputs, in output order. */
export function columns(length: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(length));
}

/** max(H − L, |H − Cₜ₋₁|, |L − Cₜ₋₁|). */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  const a = high - low;
  const b = Math.abs(high - prevClose);
  const c = Math.abs(low - prevClose);
  return a >= b ? (a >= c ? a : c) : b >= c ? b : c;
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
    return trueRangeOf(high, low, pc);
  }

  /** Batch form: to[i] = update(high[i], low[i], close[i]). */
  run(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.prevClose === this.prevClose) i = this.steady(high, low, close, to, i, stop);
      if (i < stop) to[i] = this.update(high[i], low[i], close[i++]);
    }
  }

  private steady(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array, from: number, end: number): number {
    let pc = this.prevClose;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      if (h !== h || l !== l || c !== c) break;
      to[i] = trueRangeOf(h, l, pc);
      pc = c;
    }
    this.prevClose = pc;
    return i;
  }

  reset(): void {
    this.prevClose = NaN;
  }
}

/**
 * Average true range: Wilder smoothing (α = 1/n) of TR seeded with the mean of its first n values.
 * The first bar (after a start or a NaN input) has no TR, and the average starts again.
 */
export class Atr {
  // Open for Keltner's steady loop, which runs an ATR inline.
  prevClose = NaN;
  readonly avg: Ema;

  constructor(n: number) {
    this.avg = wilder(n);
  }

  update(high: number, low: number, close: number): number {
    const pc = this.prevClose;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return NaN;
    }
    this.prevClose = close;
    if (pc !== pc) {
      this.avg.reset();
      return NaN;
    }
    return this.avg.update(trueRangeOf(high, low, pc));
  }

  /** Batch form: to[i] = update(high[i], low[i], close[i]). */
  run(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.avg.seeded && this.prevClose === this.prevClose) i = this.steady(high, low, close, to, i, stop);
      if (i < stop) to[i] = this.update(high[i], low[i], close[i++]);
    }
  }

  /** Stops before a NaN input, and before a NaN true range (infinite prices), which resets the average. */
  private steady(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array, from: number, end: number): number {
    const alpha = this.avg.alpha;
    let pc = this.prevClose;
    let value = this.avg.value;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      if (h !== h || l !== l || c !== c) break;
      const tr = trueRangeOf(h, l, pc);
      if (tr !== tr) break;
      value = (tr - value) * alpha + value;
      to[i] = value;
      pc = c;
    }
    this.prevClose = pc;
    this.avg.value = value;
    return i;
  }

  reset(): void {
    this.prevClose = NaN;
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
  private repeats = 0;

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
    this.repeats = close === this.last ? this.repeats + 1 : 1;
    this.last = close;
    if (!this.moments.update(close)) return;
    const flat = this.repeats >= this.n;
    const mid = flat ? close : this.moments.mean();
    const band = flat ? 0 : this.k * Math.sqrt(this.moments.sumSquares() / this.n);
    const spread = 2 * band;
    this.mid = mid;
    this.upper = mid + band;
    this.lower = mid - band;
    this.pctb = spread > 0 ? (close - this.lower) / spread : 0.5;
    this.width = spread > 0 ? (mid !== 0 ? spread / mid : NaN) : 0;
  }

  /** Batch form: columns upper, mid, lower, %B, width. */
  run(close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, pctb: Float64Array, width: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.moments.full()) i = this.steady(close, upper, mid, lower, pctb, width, i, stop);
      if (i < stop) {
        this.update(close[i]);
        upper[i] = this.upper;
        mid[i] = this.mid;
        lower[i] = this.lower;
        pctb[i] = this.pctb;
        width[i++] = this.width;
      }
    }
  }

  private steady(
    close: Float64Array,
    upper: Float64Array,
    mid: Float64Array,
    lower: Float64Array,
    pctb: Float64Array,
    width: Float64Array,
    from: number,
    end: number,
  ): number {
    const nan = NaN; // a local: see BLOCK in rolling.ts
    const n = this.n;
    const k = this.k;
    const m = this.moments;
    const buf = m.buf;
    let pos = m.pos;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let last = this.last;
    let repeats = this.repeats;
    let i = from;
    for (; i < end; i++) {
      const x = close[i];
      if (x !== x) break;
      repeats = x === last ? repeats + 1 : 1;
      last = x;
      const d = x - shift;
      const o = buf[pos] - shift;
      s1 += d - o;
      s2 += d * d - o * o;
      buf[pos] = x;
      if (++pos === n) {
        pos = 0;
        shift = x;
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const flat = repeats >= n;
      const ss = s2 - (s1 * s1) / n;
      const mi = flat ? x : shift + s1 / n;
      const band = flat ? 0 : k * Math.sqrt((ss > 0 ? ss : 0) / n);
      const spread = 2 * band;
      const lo = mi - band;
      mid[i] = mi;
      upper[i] = mi + band;
      lower[i] = lo;
      pctb[i] = spread > 0 ? (x - lo) / spread : 0.5;
      width[i] = spread > 0 ? (mi !== 0 ? spread / mi : nan) : 0;
    }
    m.pos = pos;
    m.count += i - from;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    this.last = last;
    this.repeats = repeats;
    if (i > from) {
      this.upper = upper[i - 1];
      this.mid = mid[i - 1];
      this.lower = lower[i - 1];
      this.pctb = pctb[i - 1];
      this.width = width[i - 1];
    }
    return i;
  }

  reset(): void {
    this.moments.reset();
    this.last = NaN;
    this.repeats = 0;
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

  /** Batch form: columns upper, mid, lower. */
  run(high: Float64Array, low: Float64Array, close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      const atr = this.atr;
      if (this.ema.seeded && atr.avg.seeded && atr.prevClose === atr.prevClose) i = this.steady(high, low, close, upper, mid, lower, i, stop);
      if (i < stop) {
        this.update(high[i], low[i], close[i]);
        upper[i] = this.upper;
        mid[i] = this.mid;
        lower[i++] = this.lower;
      }
    }
  }

  /** The EMA's and the ATR's steady loops in one; stops before a NaN typical price (a NaN input) or a NaN true range. */
  private steady(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    upper: Float64Array,
    mid: Float64Array,
    lower: Float64Array,
    from: number,
    end: number,
  ): number {
    const k = this.k;
    const a = this.ema.alpha;
    const alpha = this.atr.avg.alpha;
    let value = this.ema.value;
    let pc = this.atr.prevClose;
    let atr = this.atr.avg.value;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const x = (h + l + c) / 3;
      if (x !== x) break;
      const tr = trueRangeOf(h, l, pc);
      if (tr !== tr) break;
      value = (x - value) * a + value;
      atr = (tr - atr) * alpha + atr;
      const band = k * atr;
      mid[i] = value;
      upper[i] = value + band;
      lower[i] = value - band;
      pc = c;
    }
    this.ema.value = value;
    this.atr.prevClose = pc;
    this.atr.avg.value = atr;
    if (i > from) {
      this.upper = upper[i - 1];
      this.mid = mid[i - 1];
      this.lower = lower[i - 1];
    }
    return i;
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
    return this.moments.update(x) ? Math.sqrt(this.moments.sumSquares() / (this.moments.n - 1)) : NaN;
  }

  /** Batch form: to[i] = update(x[i]). */
  run(x: Float64Array, to: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      const stop = Math.min(x.length, i + BLOCK);
      if (this.moments.full()) i = this.steady(x, to, i, stop);
      if (i < stop) to[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, to: Float64Array, from: number, end: number): number {
    const m = this.moments;
    const n = m.n;
    const buf = m.buf;
    let pos = m.pos;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let i = from;
    for (; i < end; i++) {
      const v = x[i];
      if (v !== v) break;
      const d = v - shift;
      const o = buf[pos] - shift;
      s1 += d - o;
      s2 += d * d - o * o;
      buf[pos] = v;
      if (++pos === n) {
        pos = 0;
        shift = v;
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const ss = s2 - (s1 * s1) / n;
      to[i] = Math.sqrt((ss > 0 ? ss : 0) / (n - 1));
    }
    m.pos = pos;
    m.count += i - from;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    return i;
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
    const m = this.moments;
    return m.update(Math.log(close / prev)) ? SQRT_252 * Math.sqrt(m.sumSquares() / (m.n - 1)) : NaN;
  }

  /** Batch form: to[i] = update(close[i]). */
  run(close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.moments.full() && this.prev === this.prev) i = this.steady(close, to, i, stop);
      if (i < stop) to[i] = this.update(close[i++]);
    }
  }

  /** Stops before a close that is not positive. */
  private steady(close: Float64Array, to: Float64Array, from: number, end: number): number {
    const m = this.moments;
    const n = m.n;
    const buf = m.buf;
    let pos = m.pos;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let prev = this.prev;
    let i = from;
    for (; i < end; i++) {
      const c = close[i];
      if (!(c > 0)) break;
      const r = Math.log(c / prev);
      prev = c;
      const d = r - shift;
      const o = buf[pos] - shift;
      s1 += d - o;
      s2 += d * d - o * o;
      buf[pos] = r;
      if (++pos === n) {
        pos = 0;
        shift = r;
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const ss = s2 - (s1 * s1) / n;
      to[i] = SQRT_252 * Math.sqrt((ss > 0 ? ss : 0) / (n - 1));
    }
    m.pos = pos;
    m.count += i - from;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    this.prev = prev;
    return i;
  }

  reset(): void {
    this.moments.reset();
    this.prev = NaN;
  }
}

export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new TrueRange().run(high, low, close, to);
  return to;
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new Atr(n).run(high, low, close, to);
  return to;
}

/** Columns upper, mid, lower, %B, width. */
export function bollinger(close: Float64Array, n: number, k: number, to: Float64Array[] = columns(close.length, 5)): Float64Array[] {
  new Bollinger(n, k).run(close, to[0], to[1], to[2], to[3], to[4]);
  return to;
}

/** Columns upper, mid, lower. */
export function keltner(high: Float64Array, low: Float64Array, close: Float64Array, n: number, k: number, to: Float64Array[] = columns(close.length, 3)): Float64Array[] {
  new Keltner(n, k).run(high, low, close, to[0], to[1], to[2]);
  return to;
}

export function runSd(x: Float64Array, n: number, to: Float64Array = new Float64Array(x.length)): Float64Array {
  new RunSd(n).run(x, to);
  return to;
}

export function closeVolatility(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new CloseVolatility(n).run(close, to);
  return to;
}
