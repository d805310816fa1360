/**
 * Per-point simple returns r[t] = e[t] / e[t−1] − 1, the definition the run's metrics use.
 * r[0] is NaN: the first point has no point before it. The result is aligned with `equity`.
 */
export function simpleReturns(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  if (equity.length > 0) out[0] = NaN;
  for (let t = 1; t < equity.length; t++) out[t] = equity[t] / equity[t - 1] - 1;
  return out;
}
