/**
 * Midranks, 1-based: tied values share the mean of the ranks they span (values 5, 7, 7, 9 rank
 * 1, 2.5, 2.5, 4). The AUC (Mann–Whitney) and the rank IC (Spearman) both rest on them.
 * Values must not be NaN (the callers check).
 */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // ranks start+1 … end share their mean
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
