/**
 * A small, fast, seeded pseudo-random number generator, so synthetic data is reproducible
 * byte for byte from a seed (Math.random is never used).
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, 128-bit state,
 * passes PractRand/BigCrush) whose four state words are filled by splitmix32 from the seed.
 * splitmix32 decorrelates neighbouring seeds (0, 1, 2, ...) so they give unrelated streams.
 * All state arithmetic is 32-bit integer (`| 0`, `>>> 0`), so the stream is identical on
 * every platform; derived variates (normal, gamma, Student-t) use only IEEE operations and
 * Math.log / Math.sqrt, deterministic for a given Node version.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second value of the last Marsaglia polar pair, NaN when there is none. */
  private spare = NaN;

  /**
   * @param seed any safe integer (negative and > 2^32 seeds are fine: both 32-bit halves are
   *   mixed in).
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    // splitmix32 over a counter that starts from the low half, with the high half folded in.
    let s = (lo ^ Math.imul(hi, 0x85ebca6b)) | 0;
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      words[i] = (z ^ (z >>> 15)) | 0;
    }
    this.a = words[0];
    this.b = words[1];
    this.c = words[2];
    this.d = words[3];
    // Discard a few outputs so the state is well mixed before first use.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next raw 32-bit unsigned integer (sfc32 step). */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32-bit resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1]: safe to take the log of. */
  nextOpen(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /** Standard normal N(0, 1) by the Marsaglia polar method (pairs; the second is cached). */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.nextOpen());
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang (2000); shape < 1 via the U^(1/shape) boost. */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.nextOpen(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextOpen();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Student-t with `nu` degrees of freedom, scaled to unit variance: normal / sqrt(chi2/nu)
   * times sqrt((nu-2)/nu). Requires nu > 2 (the variance is infinite otherwise).
   */
  studentT(nu: number): number {
    if (!(nu > 2)) throw new RangeError(`studentT needs nu > 2 for a unit variance, got ${nu}`);
    const z = this.normal();
    let chi2: number;
    if (nu === 4) {
      // chi2(4) = Gamma(2, 2) = -2 ln(U1 U2): no rejection loop (the common case).
      chi2 = -2 * Math.log(this.nextOpen() * this.nextOpen());
    } else {
      chi2 = 2 * this.gamma(nu / 2);
    }
    return z * Math.sqrt((nu - 2) / chi2);
  }
}
