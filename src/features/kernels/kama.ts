import { BLOCK, sumOf, column } from './rolling.js';

/**
 * Kaufman's adaptive moving average.
 *
 * Batch form (`run`): warm-up bars and NaN inputs go through `update` itself; once warmed up,
 * blocks of bars go to a `steady` method that keeps the state in local variables and does the
 * same arithmetic in the same order as `update`, stops at a NaN and stores the state back. So
 * the batch equals the updates exactly, and streaming can go on after a batch.
 */

const KAMA_FAST = 2 / 3;
const KAMA_SLOW = 2 / 31;

/**
 * Kaufman's adaptive average: efficiency ratio ER = |xₜ − xₜ₋ₙ| / Σ|Δx| over n bars, smoothing
 * (ER·(2/3 − 2/31) + 2/31)², seeded with the value at bar n−1 (TA-Lib). The path Σ|Δx| is a
 * running sum over a ring of the last n changes, recomputed exactly each time that ring wraps.
 */
export class Kama {
  private readonly n: number;
  /** The last n closes and the last n absolute changes, each in a ring. */
  private readonly closes: Float64Array;
  private readonly moves: Float64Array;
  private pos = 0;
  private movePos = 0;
  private path = 0;
  private count = 0;
  private prev = NaN;
  private value = NaN;

  constructor(n: number) {
    this.n = n;
    this.closes = new Float64Array(n);
    this.moves = new Float64Array(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    const n = this.n;
    if (this.count > 0) {
      const d = Math.abs(x - this.prev);
      this.path += d - this.moves[this.movePos];
      this.moves[this.movePos] = d;
      if (++this.movePos === n) {
        this.movePos = 0;
        this.path = sumOf(this.moves);
      }
    }
    this.prev = x;
    const old = this.closes[this.pos]; // the close n bars ago
    this.closes[this.pos] = x;
    if (++this.pos === n) this.pos = 0;
    this.count++;
    if (this.count === n) this.value = x;
    // The path holds n changes from bar n on.
    if (this.count <= n) return NaN;
    const path = this.path;
    const er = path > 0 ? Math.abs(x - old) / path : 0;
    const a = er * (KAMA_FAST - KAMA_SLOW) + KAMA_SLOW;
    this.value += a * a * (x - this.value);
    return this.value;
  }

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.count > this.n && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { n, closes, moves } = this;
    let pos = this.pos;
    let movePos = this.movePos;
    let path = this.path;
    let prev = this.prev;
    let value = this.value;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      const d = Math.abs(v - prev);
      path += d - moves[movePos];
      moves[movePos] = d;
      if (++movePos === n) {
        movePos = 0;
        path = sumOf(moves);
      }
      prev = v;
      const old = closes[pos];
      closes[pos] = v;
      if (++pos === n) pos = 0;
      const er = path > 0 ? Math.abs(v - old) / path : 0;
      const a = er * (KAMA_FAST - KAMA_SLOW) + KAMA_SLOW;
      value += a * a * (v - value);
      out[i] = value;
    }
    this.pos = pos;
    this.movePos = movePos;
    this.path = path;
    this.prev = prev;
    this.value = value;
    this.count += i - from;
    return i;
  }

  reset(): void {
    this.closes.fill(0);
    this.moves.fill(0);
    this.pos = 0;
    this.movePos = 0;
    this.path = 0;
    this.count = 0;
    this.prev = NaN;
    this.value = NaN;
  }
}

/**
 * Rolling volume-weighted price: Σ(price·volume)/Σvolume over n bars; NaN when no bar of the
 * window has volume. The two running sums live in rings and are recomputed exactly each time
 * the rings wrap.
 */

export function kama(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Kama(n).run(x, o);
  return o;
}
