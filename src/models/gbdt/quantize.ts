/**
 * Why gradients are rounded: a histogram bin is a sum of gradients, and a float sum depends on
 * the order of its terms. Threads build partial histograms of their own rows and add them up, so
 * with plain floats the model would change, in its last bits and then in its splits, with the
 * number of threads.
 *
 * Each tree rounds its gradients (and, separately, its hessians) to a multiple of a power of two
 * q = 2^(ceil(log2(maxAbs · n)) − 51). Every partial sum of at most n such values is then an
 * integer multiple of q of magnitude ≤ n · (maxAbs + q/2) ≤ 2^52 · q, which a float64 holds
 * exactly: histogram sums, their differences (subtraction trick) and their reductions across
 * threads are exact, hence the same whatever the order, whatever the thread count. The rounding
 * error is at most q/2 ≈ maxAbs · n · 2^-52 per row, far below what a split can resolve
 * (about 2^-32 of the largest gradient for a million rows).
 */

import { SextantError } from '../../core/errors.js';

/** The rounding quantum for n values of magnitude at most maxAbs (1 when all are zero). */
export function quantum(maxAbs: number, n: number): number {
  const bound = maxAbs * Math.max(1, n);
  if (!(bound > 0)) return 1;
  if (!Number.isFinite(bound)) throw new SextantError('GBDT_DATA_INVALID', `gbdt training: the gradients overflowed (largest magnitude ${maxAbs}); labels or weights too large for float64`, { maxAbs });
  let e = Math.ceil(Math.log2(bound));
  // Math.log2 may be off by one ulp either way: make sure 2^e ≥ bound, and no larger than needed.
  while (2 ** e < bound) e++;
  while (2 ** (e - 1) >= bound) e--;
  // Far below any real gradient; a coarser quantum than needed only makes the sums smaller integers.
  return 2 ** Math.max(e - 51, -1000);
}

/**
 * Rounds the interleaved (gradient, hessian) pairs of rows[begin … end) to multiples of qg and qh.
 * q is a power of two: v / q and the product by q are exact, only Math.round rounds.
 */
export function roundGradients(gh: Float64Array, rows: Int32Array, begin: number, end: number, qg: number, qh: number): void {
  const ig = 1 / qg;
  const ih = 1 / qh;
  for (let i = begin; i < end; i++) {
    const r = rows[i];
    gh[2 * r] = Math.round(gh[2 * r] * ig) * qg;
    gh[2 * r + 1] = Math.round(gh[2 * r + 1] * ih) * qh;
  }
}
