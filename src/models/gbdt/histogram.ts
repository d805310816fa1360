/**
 * Histograms of gradient and hessian sums per (feature, bin): the loop training time goes to.
 *
 * Layout: feature f owns the 512 doubles from f · 512, bin b's gradient sum at f · 512 + 2b and
 * its hessian sum just after, so one row touches one (gradient, hessian) pair per feature.
 * A row's bins are read four at a time from its packed words (binning.ts): one load per four
 * features, no per-feature offset table, and a fixed stride the JIT keeps in registers.
 */

/** Doubles per feature: 256 bins × (gradient, hessian). */
export const FEATURE_STRIDE = 512;

/** Doubles in a histogram over rows of `words` packed words. */
export function histogramLength(words: number): number {
  return words * 4 * FEATURE_STRIDE;
}

/**
 * Rounds the gradient and hessian of rows [lo, hi) to multiples of qg and qh in place (see
 * quantize.ts), and adds them into hist: the root of a tree without bagging, where rounding in
 * the same pass saves one over the gradients.
 */
export function addRowRange(bins: Uint32Array, words: number, gh: Float64Array, lo: number, hi: number, hist: Float64Array, qg: number, qh: number): void {
  const ig = 1 / qg;
  const ih = 1 / qh;
  let at = lo * words;
  for (let r = lo; r < hi; r++) {
    const g = Math.round(gh[2 * r] * ig) * qg;
    const h = Math.round(gh[2 * r + 1] * ih) * qh;
    gh[2 * r] = g;
    gh[2 * r + 1] = h;
    for (let j = 0, o = 0; j < words; j++, o += 2048) {
      const v = bins[at++];
      const k0 = o + ((v & 255) << 1);
      const k1 = o + 512 + ((v >>> 7) & 510);
      const k2 = o + 1024 + ((v >>> 15) & 510);
      const k3 = o + 1536 + ((v >>> 23) & 510);
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k3] += g;
      hist[k3 + 1] += h;
    }
  }
}

/** Below this share of a thread's rows a leaf is sparse and its rows are fetched ahead (addRowListAhead). */
export const SPARSE_SHARE = 0.4;

/** Adds the rows rows[begin … end) into hist: a dense list, where the hardware prefetcher keeps up. */
export function addRowList(bins: Uint32Array, words: number, gh: Float64Array, rows: Int32Array, begin: number, end: number, hist: Float64Array): void {
  for (let i = begin; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    let at = r * words;
    for (let j = 0, o = 0; j < words; j++, o += 2048) {
      const v = bins[at++];
      const k0 = o + ((v & 255) << 1);
      const k1 = o + 512 + ((v >>> 7) & 510);
      const k2 = o + 1024 + ((v >>> 15) & 510);
      const k3 = o + 1536 + ((v >>> 23) & 510);
      hist[k0] += g;
      hist[k0 + 1] += h;
      hist[k1] += g;
      hist[k1 + 1] += h;
      hist[k2] += g;
      hist[k2 + 1] += h;
      hist[k3] += g;
      hist[k3 + 1] += h;
    }
  }
}

/** Rows fetched ahead together. */
const AHEAD = 16;

/**
 * addRowList for a sparse list, whose rows are scattered over memory: each row would otherwise
 * cost a cache miss or two, taken one at a time. Before adding a group of 16 rows, the next
 * group's bins and gradients are loaded (plain loads standing in for prefetch instructions), so
 * their misses overlap. The loaded values are summed and returned only so that the loads are
 * not optimised away. 2–3× faster than addRowList on leaves of a few percent of the rows.
 */
export function addRowListAhead(bins: Uint32Array, words: number, gh: Float64Array, rows: Int32Array, begin: number, end: number, hist: Float64Array): number {
  let touched = 0;
  const last = words - 1;
  for (let i0 = begin; i0 < end; i0 += AHEAD) {
    const ahead = Math.min(end, i0 + 2 * AHEAD);
    for (let i = i0 + AHEAD; i < ahead; i++) {
      const r = rows[i];
      touched += bins[r * words] + bins[r * words + last] + gh[2 * r];
    }
    addRowList(bins, words, gh, rows, i0, Math.min(end, i0 + AHEAD), hist);
  }
  return touched;
}

/** out = parent − child, bin by bin (exact: all sums are multiples of the rounding quantum). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = parent[i] - child[i];
}
