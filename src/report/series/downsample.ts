/**
 * Indices of at most `maxPoints` points that keep the shape of a long series for a chart: the
 * first and last points, and in each of (maxPoints − 2) / 2 equal buckets of the points between,
 * the lowest and the highest value (in time order; one index when they coincide). Peaks and
 * troughs, the ones a reader looks for in an equity or drawdown chart, survive, which a plain
 * stride does not guarantee. A bucket with no finite value keeps its first index, so a gap (NaN)
 * stays a gap. Series of at most maxPoints points come back whole.
 */
export function downsampleIndices(values: Float64Array, maxPoints: number): Uint32Array {
  const n = values.length;
  if (n <= maxPoints) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const out = new Uint32Array(maxPoints);
  let k = 0;
  out[k++] = 0;
  const inner = n - 2;
  const buckets = Math.floor((maxPoints - 2) / 2);
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    if (lo < 0) out[k++] = from;
    else if (lo === hi) out[k++] = lo;
    else {
      out[k++] = Math.min(lo, hi);
      out[k++] = Math.max(lo, hi);
    }
  }
  out[k++] = n - 1;
  return out.subarray(0, k);
}
