/**
 * The k-th smallest value of `a` (0-based), found by Hoare's selection (Wirth's form, median of
 * three pivots): expected O(n). It reorders `a` so that a[0 … k−1] ≤ a[k] ≤ a[k+1 …]. After
 * 2·log₂n + 8 rounds without converging (adversarial orders), the remaining range is sorted,
 * which bounds the worst case at O(n log n). `a` must not contain NaN.
 */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (lo < hi) {
    if (rounds-- === 0) {
      a.subarray(lo, hi + 1).sort();
      break;
    }
    const mid = (lo + hi) >>> 1;
    // order a[lo] ≤ a[mid] ≤ a[hi]; the median is the pivot
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (pivot < a[j]) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // now a[lo … j] ≤ pivot ≤ a[i … hi], and everything strictly between j and i equals pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i];
  a[i] = a[j];
  a[j] = x;
}

/**
 * The p-quantile of `a` by linear interpolation between order statistics (numpy's default,
 * Hyndman & Fan type 7): h = (n − 1)·p, q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), with x₍ᵢ₎
 * the i-th smallest (0-based). Reorders `a`; NaN when it is empty.
 */
export function quantile(a: Float64Array, p: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const k = Math.floor(h);
  const x = select(a, k);
  if (h === k) return x;
  // after select, the next order statistic is the smallest value to the right of k
  let next = Infinity;
  for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
  return x + (h - k) * (next - x);
}
