/** Equal-width bins over [min, max]: √N of them (5–40); each value counts once, in the bin [from, to) holding it (the last bin includes max). */
export function histogram(values: number[]): { from: number; to: number; count: number }[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const n = Math.max(5, Math.min(40, Math.ceil(Math.sqrt(values.length))));
  // One value, or a range so narrow its n-th underflows to 0 (fast-check found [0, 5e-324]): unit-wide bins.
  const span = (hi - lo) / n;
  const width = span > 0 ? span : 1;
  const bins = Array.from({ length: n }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }));
  for (const v of values) {
    let k = Math.min(n - 1, Math.floor((v - lo) / width));
    // Rounding can put a value next to an edge one bin off: the edges themselves decide.
    while (k > 0 && v < bins[k].from) k--;
    while (k < n - 1 && v >= bins[k].to) k++;
    bins[k].count++;
  }
  return bins;
}
