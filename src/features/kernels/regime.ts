import { LogReturn } from './statistics.js';
import { CloseVolatility } from './volatility.js';

/**
 * Regimes: a value's rank among its own last m values (the current one included, nothing
 * from the future), cut into q equal-probability buckets.
 *
 * With `below` the number of the other m − 1 values strictly below the current one and
 * `equal` the number equal to it, p = (below + equal/2) / (m − 1) ∈ [0, 1] (mid-rank for
 * ties, so a flat window gives ½) and the bucket is min(q − 1, ⌊q·p⌋), 0 = lowest.
 */
export class RollingBucket {
  private readonly m: number;
  private readonly q: number;
  /** The window in arrival order (a ring) and the same values sorted. */
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private pos = 0;
  private size = 0;

  constructor(m: number, q: number) {
    this.m = m;
    this.q = q;
    this.ring = new Float64Array(m);
    this.sorted = new Float64Array(m);
  }

  /**
   * Adds x (never NaN); its bucket once the window holds m values, else NaN. Keeping the
   * sorted copy costs O(m) per value (binary search, then a shift of the array tail).
   */
  update(x: number): number {
    const m = this.m;
    const sorted = this.sorted;
    if (this.size === m) {
      const i = lowerBound(sorted, this.size, this.ring[this.pos]);
      sorted.copyWithin(i, i + 1, this.size);
      this.size--;
    }
    const at = lowerBound(sorted, this.size, x);
    sorted.copyWithin(at + 1, at, this.size);
    sorted[at] = x;
    this.size++;
    this.ring[this.pos] = x;
    if (++this.pos === m) this.pos = 0;
    if (this.size < m) return NaN;
    const equal = upperBound(sorted, m, x) - at - 1;
    // ⌊q·p⌋ in integers: exact, so a value on a bucket edge is never misplaced by rounding.
    const bucket = Math.floor((this.q * (2 * at + equal)) / (2 * (m - 1)));
    return bucket < this.q ? bucket : this.q - 1;
  }

  reset(): void {
    this.pos = 0;
    this.size = 0;
  }
}

/** First index in sorted[0, size) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted[0, size) whose value is > x. */
function upperBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bucket of volatility_n (the `volatility` feature's kernel) among its last m values. */
export class VolRegime {
  private readonly vol: CloseVolatility;
  private readonly bucket: RollingBucket;

  constructor(n: number, m: number, q: number) {
    this.vol = new CloseVolatility(n);
    this.bucket = new RollingBucket(m, q);
  }

  update(close: number): number {
    const v = this.vol.update(close);
    if (v !== v) {
      this.bucket.reset();
      return NaN;
    }
    return this.bucket.update(v);
  }

  reset(): void {
    this.vol.reset();
    this.bucket.reset();
  }
}

/** Bucket of ln(Cₜ/Cₜ₋ₙ) among its last m values. */
export class TrendRegime {
  private readonly ret: LogReturn;
  private readonly bucket: RollingBucket;

  constructor(n: number, m: number, q: number) {
    this.ret = new LogReturn(n);
    this.bucket = new RollingBucket(m, q);
  }

  update(close: number): number {
    const r = this.ret.update(close);
    if (r !== r) {
      this.bucket.reset();
      return NaN;
    }
    return this.bucket.update(r);
  }

  reset(): void {
    this.ret.reset();
    this.bucket.reset();
  }
}

export function volRegime(close: Float64Array, n: number, m: number, q: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new VolRegime(n, m, q);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}

export function trendRegime(close: Float64Array, n: number, m: number, q: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new TrendRegime(n, m, q);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}
