import { BLOCK, RollingSum, column } from './rolling.js';

/**
 * Moving averages. Each is a small state machine (`update` takes one value and returns the
 * average after it, NaN while warming up) plus a batch function that runs it over a column.
 * A NaN input resets the state: the average is NaN until it has warmed up again.
 *
 * Batch form (`run`): warm-up bars and NaN inputs go through `update` itself; once warmed up,
 * blocks of bars go to a `steady` method that keeps the state in local variables and does the
 * same arithmetic in the same order as `update`, stops at a NaN and stores the state back. So
 * the batch equals the updates exactly, and streaming can go on after a batch.
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

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (x[i] !== x[i]) {
        this.sum.reset();
        out[i++] = NaN;
      } else {
        i = this.sum.run(x, i, Math.min(x.length, i + BLOCK), out, this.n);
      }
    }
  }

  reset(): void {
    this.sum.reset();
  }
}

/** Exponential average with smoothing alpha, seeded with the simple mean of the first n values. */
export class Ema {
  readonly alpha: number;
  /**
   * The current average, NaN until seeded. Once `seeded`, update(x) is exactly
   * (x − value)·alpha + value for any x that is not NaN, so the batch loops of composite
   * kernels carry `value` in a local variable and store it back.
   */
  value = NaN;
  private readonly n: number;
  private count = 0;
  private seed = 0;

  /** Default alpha 2/(n+1); Wilder smoothing is alpha 1/n. */
  constructor(n: number, alpha = 2 / (n + 1)) {
    this.n = n;
    this.alpha = alpha;
  }

  get seeded(): boolean {
    return this.count >= this.n;
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

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.seeded && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const a = this.alpha;
    let v = this.value;
    let i = from;
    for (; i < to; i++) {
      const y = x[i];
      if (y !== y) break;
      v = (y - v) * a + v;
      out[i] = v;
    }
    this.value = v;
    return i;
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

export function sma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Sma(n).run(x, o);
  return o;
}

export function ema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Ema(n).run(x, o);
  return o;
}
