import { RollingSum } from './rolling.js';

/**
 * Moving averages. Each is a small state machine (`update` takes one value and returns the
 * average after it, NaN while warming up) plus a batch function that runs it over a column.
 * A NaN input resets the state: the average is NaN until it has warmed up again.
 */

export class Sma {
  private readonly sum: RollingSum;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.sum = new RollingSum(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.sum.reset();
      return NaN;
    }
    return this.sum.update(x) / this.n;
  }

  reset(): void {
    this.sum.reset();
  }
}

/** Exponential average with smoothing alpha, seeded with the simple mean of the first n values. */
export class Ema {
  private readonly n: number;
  private readonly alpha: number;
  private count = 0;
  private seed = 0;
  private value = NaN;

  /** Default alpha 2/(n+1); Wilder smoothing is alpha 1/n. */
  constructor(n: number, alpha = 2 / (n + 1)) {
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

/** Wilder's smoothing: alpha = 1/n, seeded with the simple mean of the first n values. */
export function wilder(n: number): Ema {
  return new Ema(n, 1 / n);
}

/** Linearly weighted average, weights 1 (oldest) … n (newest). */
export class Wma {
  private readonly n: number;
  private readonly divisor: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private weighted = 0;

  constructor(n: number) {
    this.n = n;
    this.divisor = (n * (n + 1)) / 2;
    this.buf = new Float64Array(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    const n = this.n;
    const buf = this.buf;
    // Shifting the window lowers every weight by one (−sum) and adds x at weight n.
    this.weighted += n * x - this.sum;
    this.sum += x - buf[this.pos];
    buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      let s = 0;
      let w = 0;
      for (let j = 0; j < n; j++) {
        s += buf[j];
        w += (j + 1) * buf[j];
      }
      this.sum = s;
      this.weighted = w;
    }
    return ++this.count >= n ? this.weighted / this.divisor : NaN;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.weighted = 0;
  }
}

/** Double EMA: 2·E1 − E2 with E2 the EMA of E1. */
export class Dema {
  private readonly e1: Ema;
  private readonly e2: Ema;

  constructor(n: number) {
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
  }

  update(x: number): number {
    const a = this.e1.update(x);
    if (a !== a) {
      if (x !== x) this.e2.reset();
      return NaN;
    }
    return 2 * a - this.e2.update(a);
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
  }
}

/** Triple EMA: 3·E1 − 3·E2 + E3. */
export class Tema {
  private readonly e1: Ema;
  private readonly e2: Ema;
  private readonly e3: Ema;

  constructor(n: number) {
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
    this.e3 = new Ema(n);
  }

  update(x: number): number {
    const a = this.e1.update(x);
    if (a !== a) {
      if (x !== x) this.reset();
      return NaN;
    }
    const b = this.e2.update(a);
    if (b !== b) return NaN;
    return 3 * a - 3 * b + this.e3.update(b);
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.e3.reset();
  }
}

/** Hull average: WMA over ⌊√n⌋ of 2·WMA(⌊n/2⌋) − WMA(n). */
export class Hma {
  private readonly half: Wma;
  private readonly full: Wma;
  private readonly outer: Wma;

  constructor(n: number) {
    this.half = new Wma(Math.floor(n / 2));
    this.full = new Wma(n);
    this.outer = new Wma(Math.floor(Math.sqrt(n)));
  }

  update(x: number): number {
    const h = this.half.update(x);
    const f = this.full.update(x);
    if (f !== f) {
      if (x !== x) this.outer.reset();
      return NaN;
    }
    return this.outer.update(2 * h - f);
  }

  reset(): void {
    this.half.reset();
    this.full.reset();
    this.outer.reset();
  }
}

const KAMA_FAST = 2 / 3;
const KAMA_SLOW = 2 / 31;

/**
 * Kaufman's adaptive average: efficiency ratio ER = |xₜ − xₜ₋ₙ| / Σ|Δx| over n bars, smoothing
 * (ER·(2/3 − 2/31) + 2/31)², seeded with the value at bar n−1 (TA-Lib).
 */
export class Kama {
  private readonly n: number;
  private readonly path: RollingSum;
  private readonly window: Float64Array;
  private pos = 0;
  private count = 0;
  private prev = NaN;
  private value = NaN;

  constructor(n: number) {
    this.n = n;
    this.path = new RollingSum(n);
    this.window = new Float64Array(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    const n = this.n;
    const path = this.count > 0 ? this.path.update(Math.abs(x - this.prev)) : NaN;
    this.prev = x;
    const w = this.window;
    const old = w[this.pos]; // the close n bars ago
    w[this.pos] = x;
    if (++this.pos === n) this.pos = 0;
    this.count++;
    if (this.count === n) this.value = x;
    if (this.count <= n) return NaN;
    const er = path > 0 ? Math.abs(x - old) / path : 0;
    const a = er * (KAMA_FAST - KAMA_SLOW) + KAMA_SLOW;
    this.value += a * a * (x - this.value);
    return this.value;
  }

  reset(): void {
    this.path.reset();
    this.window.fill(0);
    this.pos = 0;
    this.count = 0;
    this.prev = NaN;
    this.value = NaN;
  }
}

/** Rolling volume-weighted price: Σ(price·volume)/Σvolume over n bars; NaN when no bar of the window has volume. */
export class RollingVwap {
  private readonly pv: RollingSum;
  private readonly v: RollingSum;
  /** Bars of the window with volume, counted exactly: a running Σvolume keeps rounding residue after its last volume leaves. */
  private readonly traded: RollingSum;

  constructor(n: number) {
    this.pv = new RollingSum(n);
    this.v = new RollingSum(n);
    this.traded = new RollingSum(n);
  }

  update(price: number, volume: number): number {
    if (price !== price || volume !== volume) {
      this.reset();
      return NaN;
    }
    const pv = this.pv.update(price * volume);
    const v = this.v.update(volume);
    const traded = this.traded.update(volume > 0 ? 1 : 0);
    return traded > 0 && v > 0 ? pv / v : NaN;
  }

  reset(): void {
    this.pv.reset();
    this.v.reset();
    this.traded.reset();
  }
}

function out(n: number, to?: Float64Array): Float64Array {
  return to ?? new Float64Array(n);
}

export function sma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Sma(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function ema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Ema(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function wma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Wma(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function dema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Dema(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function tema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Tema(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function hma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Hma(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function kama(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Kama(n);
  const o = out(x.length, to);
  for (let i = 0; i < x.length; i++) o[i] = k.update(x[i]);
  return o;
}

export function vwap(price: Float64Array, volume: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new RollingVwap(n);
  const o = out(price.length, to);
  for (let i = 0; i < price.length; i++) o[i] = k.update(price[i], volume[i]);
  return o;
}
