/**
 * Rolling-window building blocks shared by the kernels. Each is O(1) per value (amortised) and
 * allocates nothing after construction. Running sums drift by rounding as values enter and
 * leave, so each one recomputes its sums exactly from the window every time the ring wraps
 * (once per n values: still O(1) amortised); at those bars the result equals a fresh sum over
 * the window in time order.
 */

/**
 * Bars per call of a batch loop's steady part. The kernels' batch forms run their steady state
 * in a method that takes at most this many bars per call: called hundreds of times per column,
 * it gets V8's regular optimised code, whereas a single loop over the whole column can be left
 * running in its on-stack-replacement code, several times slower (doubles boxed on the heap).
 */
export const BLOCK = 4096;
// Also for speed, those loops take NaN from a local constant: with the global NaN (or an
// imported constant) as one side of a conditional in a hot loop, V8 (Node 20) can box every
// result as a heap number, several times slower.

/** The sum of a ring's values in index order: its time order when the ring has just wrapped. */
export function sumOf(buf: Float64Array): number {
  let s = 0;
  for (let j = 0; j < buf.length; j++) s += buf[j];
  return s;
}

/** Sum of the last n values. */
export class RollingSum {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;

  constructor(n: number) {
    this.n = n;
    this.buf = new Float64Array(n);
  }

  /** Adds x; the sum of the last n values once there are n, else NaN. */
  update(x: number): number {
    const buf = this.buf;
    let pos = this.pos;
    this.sum += x - buf[pos];
    buf[pos] = x;
    if (++pos === this.n) {
      pos = 0;
      this.sum = sumOf(buf);
    }
    this.pos = pos;
    return ++this.count >= this.n ? this.sum : NaN;
  }

  /**
   * Batch form for one block: out[i] = update(x[i]) / div for i from `from` until `to` or the
   * first NaN, which is left to the caller; returns where it stopped. Once the window is full
   * the running sum is kept in a register.
   */
  run(x: Float64Array, from: number, to: number, out: Float64Array, div: number): number {
    const n = this.n;
    let i = from;
    for (; i < to && this.count < n; i++) {
      if (x[i] !== x[i]) return i;
      out[i] = this.update(x[i]) / div;
    }
    const buf = this.buf;
    const start = i;
    let pos = this.pos;
    let sum = this.sum;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      sum += v - buf[pos];
      buf[pos] = v;
      if (++pos === n) {
        pos = 0;
        sum = sumOf(buf);
      }
      out[i] = sum / div;
    }
    this.pos = pos;
    this.sum = sum;
    this.count += i - start;
    return i;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
  }
}

/**
 * Mean and variance of the last n values. Sums are of x − K for a shift K (the first value, then
 * the newest value at each exact recompute when the ring wraps), so prices near 50,000 with a
 * spread of cents lose no digits to cancellation. The state is open so that the batch loops of
 * the kernels built on it (z-score, Bollinger, runsd, volatility) can hold it in locals.
 */
export class RollingMoments {
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

  full(): boolean {
    return this.count >= this.n;
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

/**
 * Maximum (or minimum) of the last n values by a monotonic deque, with the age of the extreme
 * in bars. Ties go to the most recent value, as TA-Lib's Aroon does.
 */
export class RollingExtreme {
  readonly n: number;
  private readonly sign: number;
  private readonly values: Float64Array;
  private readonly ids: Float64Array;
  private head = 0;
  private size = 0;
  private count = 0;

  /** `max` true for the maximum, false for the minimum. */
  constructor(n: number, max: boolean) {
    this.n = n;
    this.sign = max ? 1 : -1;
    this.values = new Float64Array(n + 1);
    this.ids = new Float64Array(n + 1);
  }

  /** Adds x; the extreme of the last n values once there are n, else NaN. */
  update(x: number): number {
    const cap = this.n + 1;
    const values = this.values;
    const ids = this.ids;
    const v = this.sign * x;
    const head = this.head;
    let size = this.size;
    // Drop values at the back that the new one dominates (ties: the newer wins).
    while (size > 0) {
      let back = head + size - 1;
      if (back >= cap) back -= cap;
      if (values[back] > v) break;
      size--;
    }
    let slot = head + size;
    if (slot >= cap) slot -= cap;
    values[slot] = v;
    ids[slot] = this.count;
    size++;
    // Drop the front once it has left the window.
    if (ids[head] <= this.count - this.n) {
      this.head = head + 1 === cap ? 0 : head + 1;
      size--;
    }
    this.size = size;
    this.count++;
    return this.count >= this.n ? this.sign * values[this.head] : NaN;
  }

  /** Batch form: out[i] = update(x[i]) for every i, the deque's ends and the count in registers. */
  run(x: Float64Array, out: Float64Array): void {
    const { n, sign, values, ids } = this;
    const cap = n + 1;
    const nan = NaN; // a local: see BLOCK
    let head = this.head;
    let size = this.size;
    let count = this.count;
    for (let i = 0; i < x.length; i++) {
      const v = sign * x[i];
      while (size > 0) {
        let back = head + size - 1;
        if (back >= cap) back -= cap;
        if (values[back] > v) break;
        size--;
      }
      let slot = head + size;
      if (slot >= cap) slot -= cap;
      values[slot] = v;
      ids[slot] = count;
      size++;
      if (ids[head] <= count - n) {
        head = head + 1 === cap ? 0 : head + 1;
        size--;
      }
      count++;
      out[i] = count >= n ? sign * values[head] : nan;
    }
    this.head = head;
    this.size = size;
    this.count = count;
  }

  /** Bars since the current extreme (0: the latest value is the extreme). */
  age(): number {
    return this.count - 1 - this.ids[this.head];
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.count = 0;
  }
}

/** The last n values in a ring, oldest first through `get(0)`. For kernels that need the whole window. */
export class Window {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(n: number) {
    this.n = n;
    this.buf = new Float64Array(n);
  }

  /** Adds x; true once the window holds n values. */
  push(x: number): boolean {
    this.buf[this.pos] = x;
    if (++this.pos === this.n) this.pos = 0;
    return ++this.count >= this.n;
  }

  /** The i-th value of the window, 0 = oldest (valid once full). */
  get(i: number): number {
    const j = this.pos + i;
    return this.buf[j < this.n ? j : j - this.n];
  }

  /** Copies the window, oldest first, into `to`. */
  copyTo(to: Float64Array): void {
    const n = this.n;
    const head = n - this.pos;
    to.set(this.buf.subarray(this.pos), 0);
    to.set(this.buf.subarray(0, this.pos), head);
  }

  full(): boolean {
    return this.count >= this.n;
  }

  reset(): void {
    this.pos = 0;
    this.count = 0;
  }
}

/** The value pushed `lag` updates ago (NaN until there is one). */
export class Lag {
  /** Values held: lag + 1. */
  readonly size: number;
  private readonly window: Window;

  constructor(lag: number) {
    this.size = lag + 1;
    this.window = new Window(lag + 1);
  }

  /** Adds x and returns the value from `lag` updates before it. */
  update(x: number): number {
    return this.window.push(x) ? this.window.get(0) : NaN;
  }

  /** True once update returns lagged values rather than NaN. */
  full(): boolean {
    return this.window.full();
  }

  reset(): void {
    this.window.reset();
  }
}

/** The column a batch function writes: the caller's, or a new one. */
export function column(n: number, to?: Float64Array): Float64Array {
  return to ?? new Float64Array(n);
}
