/** Mean of the values; NaN when there are none. */
export function meanOf(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}

/** Share of the values that are > 0 (fraction); NaN when there are none. */
export function shareAboveZero(x: Float64Array): number {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > 0) count++;
  return count / x.length;
}
