import { BLOCK, column } from './rolling.js';
import { Ema } from './moving-averages.js';
/**
 * EMA chains: double and triple EMA (each stage an Ema seeded with the mean of its first n inputs).
 *
 * Batch form (`run`): warm-up bars and NaN inputs go through `update` itself; once warmed up,
 * blocks of bars go to a `steady` method that keeps the state in local variables and does the
 * same arithmetic in the same order as `update`, stops at a NaN and stores the state back. So
 * the batch equals the updates exactly, and streaming can go on after a batch.
 */

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

  /** Batch form: out[i] = update(x[i]). E2 is fed only E1's values, so once E2 is seeded so is E1. */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.e2.seeded && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { e1, e2 } = this;
    const a1 = e1.alpha;
    const a2 = e2.alpha;
    let v1 = e1.value;
    let v2 = e2.value;
    let i = from;
    for (; i < to; i++) {
      const y = x[i];
      if (y !== y) break;
      v1 = (y - v1) * a1 + v1;
      v2 = (v1 - v2) * a2 + v2;
      out[i] = 2 * v1 - v2;
    }
    e1.value = v1;
    e2.value = v2;
    return i;
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

  /** Batch form: out[i] = update(x[i]). Each EMA is fed only the one before's values, so once E3 is seeded all are. */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.e3.seeded && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { e1, e2, e3 } = this;
    const a1 = e1.alpha;
    const a2 = e2.alpha;
    const a3 = e3.alpha;
    let v1 = e1.value;
    let v2 = e2.value;
    let v3 = e3.value;
    let i = from;
    for (; i < to; i++) {
      const y = x[i];
      if (y !== y) break;
      v1 = (y - v1) * a1 + v1;
      v2 = (v1 - v2) * a2 + v2;
      v3 = (v2 - v3) * a3 + v3;
      out[i] = 3 * v1 - 3 * v2 + v3;
    }
    e1.value = v1;
    e2.value = v2;
    e3.value = v3;
    return i;
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.e3.reset();
  }
}

/** Hull average: WMA over ⌊√n⌋ of 2·WMA(⌊n/2⌋) − WMA(n). */

export function dema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Dema(n).run(x, o);
  return o;
}

export function tema(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Tema(n).run(x, o);
  return o;
}
