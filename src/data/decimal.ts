/** Exact powers of ten: every one up to 1e22 is a double with no rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Reads plain decimal text such as "101.25" or "-3" by character codes, NaN for anything
 * else. With at most 15 significant digits the digits form an exact integer m and the value
 * is m / 10^k, one correctly rounded division: the very double `Number(text)` gives
 * (Clinger's fast path), at a fraction of the cost. Longer or other text returns NaN so the
 * caller can fall back to the general parser and its checks.
 */
export function parsePlainDecimal(text: string): number {
  const len = text.length;
  let i = 0;
  let negative = false;
  let c = text.charCodeAt(0);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < len; i++) {
    c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
    } else if (c === -2 && fraction < 0) {
      fraction = 0; // '.'
      continue;
    } else {
      return NaN;
    }
    if (fraction >= 0) fraction++;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = fraction > 0 ? m / POW10[fraction] : m;
  return negative ? -v : v;
}
