/**
 * a / b, NaN when b is 0: a metric divided by zero is undefined, and NaN (not ±Infinity) is
 * what the metrics use for undefined, since JSON has no Infinity either.
 */
export function ratio(a: number, b: number): number {
  return b === 0 ? NaN : a / b;
}
