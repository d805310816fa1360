/** Equal-width bins: bin i holds edges[i] ≤ x < edges[i + 1], the last bin also holds its upper edge. */
export interface Histogram {
  edges: Float64Array;
  counts: Float64Array;
}

/**
 * Histogram of the finite values in `values` (NaN and ±∞ are left out) over [min, max] in
 * `bins` equal bins. All values equal: one bin [x, x]. No finite value: no bins.
 */
export function histogram(values: Float64Array, bins: number): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo > hi) return { edges: new Float64Array(0), counts: new Float64Array(0) };
  if (lo === hi) bins = 1;
  const edges = new Float64Array(bins + 1);
  const width = (hi - lo) / bins;
  for (let i = 0; i < bins; i++) edges[i] = lo + i * width;
  edges[bins] = hi;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= lo && x <= hi)) continue;
    let b = width > 0 ? Math.min(bins - 1, Math.floor((x - lo) / width)) : 0;
    // (x − lo) / width can round across an edge: step to the bin whose edges really hold x.
    while (b > 0 && x < edges[b]) b--;
    while (b < bins - 1 && x >= edges[b + 1]) b++;
    counts[b]++;
  }
  return { edges, counts };
}
