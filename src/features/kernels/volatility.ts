/**
 * Volatility kernels: true range, ATR, Bollinger and Keltner bands, rolling and annualised
 * standard deviations. Each `update` takes one bar; a NaN in any input it reads resets it, and
 * it warms up again from scratch. Each class's `runRange` is its `update` over bars [from, end)
 * of whole columns with the state in locals (same arithmetic in the same order, so batch =
 * streaming exactly), stored back at the end so streaming can continue after a batch; `run`
 * covers the columns in BLOCKs.
 */

/**
 * Bars per call of a kernel's `runRange` in a batch. One call over a whole column gets its loop
 * compiled on the fly (on-stack replacement), and on Node 20 that code often stays the one every
 * later call runs, 2–3× slower than the function's own optimised code (about half the runs of
 * the feature bench). Called once per block, the range loop is optimised as a function, with
 * complete type feedback, after a few calls.
 */
export const BLOCK = 2048;

/** Columns for a kernel with several outputs, in output order. */
export function columns(length: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(length));
}

/** max(H − L, |H − Cₜ₋₁|, |L − Cₜ₋₁|) for finite inputs. */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  const a = high - low;
  const b = Math.abs(high - prevClose);
  const c = Math.abs(low - prevClose);
  return a >= b ? (a >= c ? a : c) : b >= c ? b : c;
}

/**
 * Ema's state and arithmetic (moving-averages.ts: smoothing alpha, seeded with the simple mean
 * of the first n values, reset by a NaN), with the state open so that the batch loops of the
 * kernels built on it can hold it in locals and store it back.
 */
export class SeededEma {
  readonly n: number;
  readonly alpha: number;
  count = 0;
  seed = 0;
  value = NaN;

  constructor(n: number, alpha: number) {
    this.n = n;
    this.alpha = alpha;
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    if (this.count < this.n) {
      this.seed += x;
      if (++this.count === this.n) this.value = this.seed / this.n;
      return this.value;
    }
    this.value = (x - this.value) * this.alpha + this.value;
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seed = 0;
    this.value = NaN;
  }
}

/**
 * RollingMoments' state and arithmetic (rolling.ts: sums of x − K for a shift K, the first value
 * and then the newest value at each exact recompute when the ring wraps), with the state open
 * for the batch loops of the kernels built on it.
 */
export class WindowMoments {
  readonly n: number;
  readonly buf: Float64Array;
  pos = 0;
  count = 0;
  shift = 0;
  s1 = 0;
  s2 = 0;

  constructor(n: number) {
    this.n = n;
    this.buf = new Float64Array(n);
  }

  /** Adds x; true once the window holds n values. */
  update(x: number): boolean {
    const buf = this.buf;
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    if (this.count >= this.n) {
      const o = buf[this.pos] - this.shift;
      this.s1 += d - o;
      this.s2 += d * d - o * o;
    } else {
      this.s1 += d;
      this.s2 += d * d;
    }
    buf[this.pos] = x;
    // pos is count mod n, so the ring wraps exactly when a window of n values is complete.
    if (++this.pos === this.n) {
      this.pos = 0;
      this.recompute();
    }
    return ++this.count >= this.n;
  }

  /** Exact sums over the ring, oldest first, shifted by the newest value. */
  recompute(): void {
    const buf = this.buf;
    const k = buf[this.n - 1];
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < this.n; j++) {
      const d = buf[j] - k;
      s1 += d;
      s2 += d * d;
    }
    this.shift = k;
    this.s1 = s1;
    this.s2 = s2;
  }

  mean(): number {
    return this.shift + this.s1 / this.n;
  }

  /** Sum of squared deviations from the mean; never negative. */
  sumSquares(): number {
    const ss = this.s2 - (this.s1 * this.s1) / this.n;
    return ss > 0 ? ss : 0;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.shift = 0;
    this.s1 = 0;
    this.s2 = 0;
  }
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

  run(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(high, low, close, to, i, Math.min(i + BLOCK, close.length));
  }

  runRange(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array, from: number, end: number): void {
    let pc = this.prevClose;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      if (h !== h || l !== l || c !== c) {
        pc = to[i] = NaN;
        continue;
      }
      to[i] = pc !== pc ? NaN : trueRangeOf(h, l, pc);
      pc = c;
    }
    this.prevClose = pc;
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
  // Open for the batch loops of Keltner, which runs an ATR inline.
  prevClose = NaN;
  readonly avg: SeededEma;

  constructor(n: number) {
    this.avg = new SeededEma(n, 1 / n);
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

  run(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(high, low, close, to, i, Math.min(i + BLOCK, close.length));
  }

  runRange(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array, from: number, end: number): void {
    if (this.avg.count >= this.avg.n && this.seededRange(high, low, close, to, from, end)) return;
    const avg = this.avg;
    const n = avg.n;
    const alpha = avg.alpha;
    let pc = this.prevClose;
    let count = avg.count;
    let seed = avg.seed;
    let value = avg.value;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const p = pc;
      pc = c;
      const tr = h !== h || l !== l || c !== c ? (pc = NaN) : p !== p ? NaN : trueRangeOf(h, l, p);
      if (tr !== tr) {
        count = seed = 0;
        value = to[i] = NaN;
        continue;
      }
      if (count < n) {
        seed += tr;
        if (++count === n) value = seed / n;
      } else value = (tr - value) * alpha + value;
      to[i] = value;
    }
    this.prevClose = pc;
    avg.count = count;
    avg.seed = seed;
    avg.value = value;
  }

  /**
   * The range once the average is seeded, as a plain loop: no checks, so a NaN input does not
   * reset it but leaves a NaN in the value, the previous close or the sum of H − L. Then it
   * returns false with the state untouched, and `runRange` redoes the range bar by bar.
   */
  private seededRange(high: Float64Array, low: Float64Array, close: Float64Array, to: Float64Array, from: number, end: number): boolean {
    const alpha = this.avg.alpha;
    let pc = this.prevClose;
    let value = this.avg.value;
    let check = 0;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      check += h - l;
      value = (trueRangeOf(h, l, pc) - value) * alpha + value;
      to[i] = value;
      pc = close[i];
    }
    if (value !== value || pc !== pc || check !== check) return false;
    this.prevClose = pc;
    this.avg.value = value;
    return true;
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
  private readonly moments: WindowMoments;
  // Closes equal to the previous one in a row: a window of n of them is flat exactly, whatever rounding the running sums carry.
  private last = NaN;
  private repeats = 0;

  constructor(n: number, k: number) {
    this.n = n;
    this.k = k;
    this.moments = new WindowMoments(n);
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

  /** Columns upper, mid, lower, %B, width. */
  run(close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, pctb: Float64Array, width: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(close, upper, mid, lower, pctb, width, i, Math.min(i + BLOCK, close.length));
  }

  runRange(close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, pctb: Float64Array, width: Float64Array, from: number, end: number): void {
    const n = this.n;
    const k = this.k;
    const m = this.moments;
    const buf = m.buf;
    let pos = m.pos;
    let count = m.count;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let last = this.last;
    let repeats = this.repeats;
    for (let i = from; i < end; i++) {
      const x = close[i];
      if (x !== x) {
        buf.fill(0);
        pos = count = shift = s1 = s2 = repeats = 0;
        last = upper[i] = mid[i] = lower[i] = pctb[i] = width[i] = NaN;
        continue;
      }
      repeats = x === last ? repeats + 1 : 1;
      last = x;
      if (count === 0) shift = x;
      const d = x - shift;
      if (count >= n) {
        const o = buf[pos] - shift;
        s1 += d - o;
        s2 += d * d - o * o;
      } else {
        s1 += d;
        s2 += d * d;
      }
      buf[pos] = x;
      if (++pos === n) {
        pos = 0;
        shift = buf[n - 1];
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      if (++count < n) {
        upper[i] = mid[i] = lower[i] = pctb[i] = width[i] = NaN;
        continue;
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
      width[i] = spread > 0 ? (mi !== 0 ? spread / mi : NaN) : 0;
    }
    m.pos = pos;
    m.count = count;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    this.last = last;
    this.repeats = repeats;
    if (end > from) {
      this.upper = upper[end - 1];
      this.mid = mid[end - 1];
      this.lower = lower[end - 1];
      this.pctb = pctb[end - 1];
      this.width = width[end - 1];
    }
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
  private readonly ema: SeededEma;
  private readonly atr: Atr;

  constructor(n: number, k: number) {
    this.k = k;
    this.ema = new SeededEma(n, 2 / (n + 1));
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

  run(high: Float64Array, low: Float64Array, close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(high, low, close, upper, mid, lower, i, Math.min(i + BLOCK, close.length));
  }

  runRange(high: Float64Array, low: Float64Array, close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, from: number, end: number): void {
    const seeded = this.ema.count >= this.ema.n && this.atr.avg.count >= this.atr.avg.n;
    if (!(seeded && this.seededRange(high, low, close, upper, mid, lower, from, end))) this.barByBar(high, low, close, upper, mid, lower, from, end);
    if (end > from) {
      this.upper = upper[end - 1];
      this.mid = mid[end - 1];
      this.lower = lower[end - 1];
    }
  }

  /** `update` over the range: the EMA's and the ATR's updates inline. */
  private barByBar(high: Float64Array, low: Float64Array, close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, from: number, end: number): void {
    const k = this.k;
    const ema = this.ema;
    const avg = this.atr.avg;
    const n = ema.n;
    const a = ema.alpha;
    const alpha = avg.alpha;
    let count = ema.count;
    let seed = ema.seed;
    let value = ema.value;
    let pc = this.atr.prevClose;
    let atrCount = avg.count;
    let atrSeed = avg.seed;
    let atr = avg.value;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const x = (h + l + c) / 3;
      if (x !== x) {
        count = seed = 0;
        value = NaN;
      } else if (count < n) {
        seed += x;
        if (++count === n) value = seed / n;
      } else value = (x - value) * a + value;
      const p = pc;
      pc = c;
      const tr = h !== h || l !== l || c !== c ? (pc = NaN) : p !== p ? NaN : trueRangeOf(h, l, p);
      if (tr !== tr) {
        atrCount = atrSeed = 0;
        atr = NaN;
      } else if (atrCount < n) {
        atrSeed += tr;
        if (++atrCount === n) atr = atrSeed / n;
      } else atr = (tr - atr) * alpha + atr;
      const band = k * atr;
      mid[i] = value;
      upper[i] = value + band;
      lower[i] = value - band;
    }
    ema.count = count;
    ema.seed = seed;
    ema.value = value;
    this.atr.prevClose = pc;
    avg.count = atrCount;
    avg.seed = atrSeed;
    avg.value = atr;
  }

  /**
   * The range once the EMA and the ATR are seeded, as a plain loop: no checks, so a NaN input
   * does not reset them but leaves a NaN in the EMA (through the typical price) or the previous
   * close. Then it returns false with the state untouched, for `barByBar` to redo the range.
   */
  private seededRange(high: Float64Array, low: Float64Array, close: Float64Array, upper: Float64Array, mid: Float64Array, lower: Float64Array, from: number, end: number): boolean {
    const k = this.k;
    const a = this.ema.alpha;
    const alpha = this.atr.avg.alpha;
    let value = this.ema.value;
    let pc = this.atr.prevClose;
    let atr = this.atr.avg.value;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      value = ((h + l + c) / 3 - value) * a + value;
      atr = (trueRangeOf(h, l, pc) - atr) * alpha + atr;
      const band = k * atr;
      mid[i] = value;
      upper[i] = value + band;
      lower[i] = value - band;
      pc = c;
    }
    if (value !== value || pc !== pc) return false;
    this.ema.value = value;
    this.atr.prevClose = pc;
    this.atr.avg.value = atr;
    return true;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.upper = this.mid = this.lower = NaN;
  }
}

/** Sample standard deviation (divisor n − 1) of the last n values. */
export class RunSd {
  private readonly moments: WindowMoments;

  constructor(n: number) {
    this.moments = new WindowMoments(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.moments.reset();
      return NaN;
    }
    return this.moments.update(x) ? Math.sqrt(this.moments.sumSquares() / (this.moments.n - 1)) : NaN;
  }

  run(x: Float64Array, to: Float64Array): void {
    for (let i = 0; i < x.length; i += BLOCK) this.runRange(x, to, i, Math.min(i + BLOCK, x.length));
  }

  runRange(x: Float64Array, to: Float64Array, from: number, end: number): void {
    const m = this.moments;
    const n = m.n;
    const buf = m.buf;
    let pos = m.pos;
    let count = m.count;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    for (let i = from; i < end; i++) {
      const v = x[i];
      if (v !== v) {
        buf.fill(0);
        pos = count = shift = s1 = s2 = 0;
        to[i] = NaN;
        continue;
      }
      if (count === 0) shift = v;
      const d = v - shift;
      if (count >= n) {
        const o = buf[pos] - shift;
        s1 += d - o;
        s2 += d * d - o * o;
      } else {
        s1 += d;
        s2 += d * d;
      }
      buf[pos] = v;
      if (++pos === n) {
        pos = 0;
        shift = buf[n - 1];
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const ss = s2 - (s1 * s1) / n;
      to[i] = ++count < n ? NaN : Math.sqrt((ss > 0 ? ss : 0) / (n - 1));
    }
    m.pos = pos;
    m.count = count;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
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
  private readonly moments: WindowMoments;
  private prev = NaN;

  constructor(n: number) {
    this.moments = new WindowMoments(n - 1);
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

  run(close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(close, to, i, Math.min(i + BLOCK, close.length));
  }

  runRange(close: Float64Array, to: Float64Array, from: number, end: number): void {
    const m = this.moments;
    const n = m.n;
    const buf = m.buf;
    let pos = m.pos;
    let count = m.count;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let prev = this.prev;
    for (let i = from; i < end; i++) {
      const c = close[i];
      if (!(c > 0)) {
        buf.fill(0);
        pos = count = shift = s1 = s2 = 0;
        prev = to[i] = NaN;
        continue;
      }
      const p = prev;
      prev = c;
      if (p !== p) {
        to[i] = NaN;
        continue;
      }
      const r = Math.log(c / p);
      if (count === 0) shift = r;
      const d = r - shift;
      if (count >= n) {
        const o = buf[pos] - shift;
        s1 += d - o;
        s2 += d * d - o * o;
      } else {
        s1 += d;
        s2 += d * d;
      }
      buf[pos] = r;
      if (++pos === n) {
        pos = 0;
        shift = buf[n - 1];
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const ss = s2 - (s1 * s1) / n;
      to[i] = ++count < n ? NaN : SQRT_252 * Math.sqrt((ss > 0 ? ss : 0) / (n - 1));
    }
    m.pos = pos;
    m.count = count;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    this.prev = prev;
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
