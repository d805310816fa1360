/**
 * The standard normal CDF Φ and its inverse, to full double precision.
 *
 * Φ goes through erfc, W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev
 * approximations for the error function", Math. Comp. 23, 1969; the CALERF routine of
 * SPECFUN): relative error below 1e-16 in each of its three ranges, so the lower tail keeps its
 * relative accuracy far out (Φ(−30) ≈ 4.9e−198 comes out right, not 0 or rounding noise).
 *
 * Φ⁻¹ starts from P. J. Acklam's rational approximation (relative error ≤ 1.15e−9) and takes
 * one Halley step on Φ(x) − p, which triples the number of correct digits.
 */

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const RSQRT_PI = 1 / Math.sqrt(Math.PI);

// Cody: erf on |z| ≤ 0.46875.
const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
// Cody: erfc on 0.46875 < |z| ≤ 4.
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
// Cody: erfc on |z| > 4, as a rational function of 1/z².
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

/** Complementary error function erfc(z) = 1 − erf(z). */
export function erfc(z: number): number {
  const y = Math.abs(z);
  if (y <= 0.46875) {
    const ysq = y * y;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (z * (num + A[3])) / (den + B[3]);
  }
  let r: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    r = (RSQRT_PI - (ysq * (num + P[4])) / (den + Q[4])) / y;
  }
  // exp(−y²) split as exp(−s²)·exp(−(y−s)(y+s)) with s = y rounded down to 1/16: s² is exact,
  // so the large exponent carries no rounding error (Cody's device).
  const s = Math.trunc(y * 16) / 16;
  r *= Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
  return z < 0 ? 2 - r : r;
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

// Acklam's coefficients: central region and tails.
const AA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const AB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const AC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const AD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Acklam's approximation for p ≤ 0.5 (x ≤ 0). */
function acklamLower(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((AC[0] * q + AC[1]) * q + AC[2]) * q + AC[3]) * q + AC[4]) * q + AC[5]) /
      ((((AD[0] * q + AD[1]) * q + AD[2]) * q + AD[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((AA[0] * r + AA[1]) * r + AA[2]) * r + AA[3]) * r + AA[4]) * r + AA[5]) * q) /
    (((((AB[0] * r + AB[1]) * r + AB[2]) * r + AB[3]) * r + AB[4]) * r + 1)
  );
}

/**
 * Inverse standard normal CDF: the x with Φ(x) = p. −∞ at 0, +∞ at 1, NaN outside [0, 1].
 * Above 0.5 it returns −Φ⁻¹(1 − p): 1 − p is exact there, and the Halley step is taken in the
 * lower tail, where Φ has full relative accuracy.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  const x = acklamLower(p);
  // Halley: with u = (Φ(x) − p)/φ(x), x ← x − u/(1 + x·u/2). φ(x) underflows only for
  // p below ~1e−308, where Acklam's value is kept as it is.
  const density = normalPdf(x);
  if (density === 0) return x;
  const u = (normalCdf(x) - p) / density;
  return x - u / (1 + 0.5 * x * u);
}
