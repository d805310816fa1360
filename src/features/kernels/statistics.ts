import { Lag, RollingMoments } from './rolling.js';

/**
 * Statistics of closes and of one-bar log returns rₜ = ln(Cₜ/Cₜ₋₁). A NaN close resets a
 * kernel: NaN at that bar, then it warms up again from scratch. The kernels on returns reset
 * whenever the return is NaN, which is on a NaN close and on the first bar after one.
 */

/** ln(Cₜ/Cₜ₋ₙ): NaN for the first n closes. */
export class LogReturn {
  private readonly lag: Lag;

  constructor(n = 1) {
    this.lag = new Lag(n);
  }

  update(close: number): number {
    if (close !== close) {
      this.lag.reset();
      return NaN;
    }
    return Math.log(close / this.lag.update(close));
  }

  reset(): void {
    this.lag.reset();
  }
}

/**
 * Length of the run of equal values ending at the latest one. The last n values are all
 * equal (zero variance, exactly) when it is ≥ n; running sums only get there up to rounding.
 */
export class EqualRun {
  private last = NaN;
  private run = 0;

  update(x: number): number {
    if (x === this.last) return ++this.run;
    this.last = x;
    return (this.run = 1);
  }

  reset(): void {
    this.last = NaN;
    this.run = 0;
  }
}

/** (C − mean) / sample sd over the last n closes; 0 when the window is flat. */
export class ZScore {
  private readonly n: number;
  private readonly moments: RollingMoments;
  private readonly equal = new EqualRun();

  constructor(n: number) {
    this.n = n;
    this.moments = new RollingMoments(n);
  }

  update(close: number): number {
    if (close !== close) {
      this.reset();
      return NaN;
    }
    const flat = this.equal.update(close) >= this.n;
    if (!this.moments.update(close)) return NaN;
    const ss = this.moments.sumSquares();
    if (flat || ss === 0) return 0;
    return (close - this.moments.mean()) / Math.sqrt(ss / (this.n - 1));
  }

  reset(): void {
    this.moments.reset();
    this.equal.reset();
  }
}

/**
 * Population central moments m2, m3, m4 of the last n values from power sums of x − K. The
 * shift K is the window mean at the last exact recompute (every n values, when the ring
 * wraps), so the sums hold deviations of about one standard deviation and higher powers lose
 * no digits to cancellation; a recompute is a two-pass sum over the window in time order.
 */
export class RollingCentralMoments {
  readonly n: number;
  private readonly buf: Float64Array;
  private readonly equal = new EqualRun();
  private pos = 0;
  private count = 0;
  private run = 0;
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  /** Central moments after the last update that filled the window. */
  m2 = NaN;
  m3 = NaN;
  m4 = NaN;

  constructor(n: number) {
    this.n = n;
    this.buf = new Float64Array(n);
  }

  /** Adds x; true once the window holds n values (then m2…m4 are set). */
  update(x: number): boolean {
    const n = this.n;
    const buf = this.buf;
    this.run = this.equal.update(x);
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    const d2 = d * d;
    this.s1 += d;
    this.s2 += d2;
    this.s3 += d2 * d;
    this.s4 += d2 * d2;
    if (this.count >= n) {
      const o = buf[this.pos] - this.shift;
      const o2 = o * o;
      this.s1 -= o;
      this.s2 -= o2;
      this.s3 -= o2 * o;
      this.s4 -= o2 * o2;
    }
    buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      this.recompute();
    }
    if (++this.count < n) return false;
    this.moments();
    return true;
  }

  /** True when the window's values are all equal (all central moments exactly 0). */
  flat(): boolean {
    return this.run >= this.n;
  }

  private recompute(): void {
    const n = this.n;
    const buf = this.buf;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += buf[j];
    const k = sum / n;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let j = 0; j < n; j++) {
      const d = buf[j] - k;
      const d2 = d * d;
      s1 += d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    this.shift = k;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    this.s4 = s4;
  }

  private moments(): void {
    const n = this.n;
    const a = this.s1 / n;
    const b2 = this.s2 / n;
    const b3 = this.s3 / n;
    const a2 = a * a;
    const m2 = b2 - a2;
    this.m2 = m2 > 0 ? m2 : 0;
    this.m3 = b3 - 3 * a * b2 + 2 * a2 * a;
    this.m4 = this.s4 / n - 4 * a * b3 + 6 * a2 * b2 - 3 * a2 * a2;
  }

  reset(): void {
    this.buf.fill(0);
    this.equal.reset();
    this.pos = 0;
    this.count = 0;
    this.run = 0;
    this.shift = 0;
    this.s1 = 0;
    this.s2 = 0;
    this.s3 = 0;
    this.s4 = 0;
    this.m2 = NaN;
    this.m3 = NaN;
    this.m4 = NaN;
  }
}

/** Bias-corrected skewness G1 = √(n(n−1))/(n−2) · m3/m2^1.5 of the last n returns (pandas); 0 on zero variance. */
export class Skew {
  private readonly returns = new LogReturn();
  private readonly moments: RollingCentralMoments;
  private readonly factor: number;

  constructor(n: number) {
    this.moments = new RollingCentralMoments(n);
    this.factor = Math.sqrt(n * (n - 1)) / (n - 2);
  }

  update(close: number): number {
    const r = this.returns.update(close);
    if (r !== r) {
      this.moments.reset();
      return NaN;
    }
    const m = this.moments;
    if (!m.update(r)) return NaN;
    if (m.flat() || m.m2 === 0) return 0;
    return (this.factor * m.m3) / (m.m2 * Math.sqrt(m.m2));
  }

  reset(): void {
    this.returns.reset();
    this.moments.reset();
  }
}

/** Bias-corrected excess kurtosis G2 = ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3)) of the last n returns (pandas); 0 on zero variance. */
export class Kurt {
  private readonly returns = new LogReturn();
  private readonly moments: RollingCentralMoments;
  private readonly n: number;

  constructor(n: number) {
    this.n = n;
    this.moments = new RollingCentralMoments(n);
  }

  update(close: number): number {
    const r = this.returns.update(close);
    if (r !== r) {
      this.moments.reset();
      return NaN;
    }
    const m = this.moments;
    if (!m.update(r)) return NaN;
    if (m.flat() || m.m2 === 0) return 0;
    const n = this.n;
    return ((n * n - 1) * (m.m4 / (m.m2 * m.m2)) - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
  }

  reset(): void {
    this.returns.reset();
    this.moments.reset();
  }
}

/**
 * Pearson correlation of the last n pairs (x, y). Sums are of deviations from shifts (the
 * window means at the last exact recompute, every n pairs), so nothing cancels. 0 when either
 * side has zero variance; clamped to [−1, 1] against rounding.
 */
export class RollingCorrelation {
  readonly n: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly equalX = new EqualRun();
  private readonly equalY = new EqualRun();
  private pos = 0;
  private count = 0;
  private kx = 0;
  private ky = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;

  constructor(n: number) {
    this.n = n;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
  }

  /** Adds a pair; the correlation of the last n pairs once there are n, else NaN. */
  update(x: number, y: number): number {
    const n = this.n;
    // Both runs must see every value, so no short-circuit between them.
    const runX = this.equalX.update(x);
    const runY = this.equalY.update(y);
    const flat = runX >= n || runY >= n;
    if (this.count === 0) {
      this.kx = x;
      this.ky = y;
    }
    const dx = x - this.kx;
    const dy = y - this.ky;
    this.sx += dx;
    this.sy += dy;
    this.sxx += dx * dx;
    this.syy += dy * dy;
    this.sxy += dx * dy;
    if (this.count >= n) {
      const ox = this.xs[this.pos] - this.kx;
      const oy = this.ys[this.pos] - this.ky;
      this.sx -= ox;
      this.sy -= oy;
      this.sxx -= ox * ox;
      this.syy -= oy * oy;
      this.sxy -= ox * oy;
    }
    this.xs[this.pos] = x;
    this.ys[this.pos] = y;
    if (++this.pos === n) {
      this.pos = 0;
      this.recompute();
    }
    if (++this.count < n) return NaN;
    const cxx = this.sxx - (this.sx * this.sx) / n;
    const cyy = this.syy - (this.sy * this.sy) / n;
    if (flat || !(cxx > 0 && cyy > 0)) return 0;
    const rho = (this.sxy - (this.sx * this.sy) / n) / Math.sqrt(cxx * cyy);
    return rho > 1 ? 1 : rho < -1 ? -1 : rho;
  }

  private recompute(): void {
    const n = this.n;
    let mx = 0;
    let my = 0;
    for (let j = 0; j < n; j++) {
      mx += this.xs[j];
      my += this.ys[j];
    }
    mx /= n;
    my /= n;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < n; j++) {
      const dx = this.xs[j] - mx;
      const dy = this.ys[j] - my;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    this.kx = mx;
    this.ky = my;
    this.sx = sx;
    this.sy = sy;
    this.sxx = sxx;
    this.syy = syy;
    this.sxy = sxy;
  }

  reset(): void {
    this.xs.fill(0);
    this.ys.fill(0);
    this.equalX.reset();
    this.equalY.reset();
    this.pos = 0;
    this.count = 0;
    this.kx = 0;
    this.ky = 0;
    this.sx = 0;
    this.sy = 0;
    this.sxx = 0;
    this.syy = 0;
    this.sxy = 0;
  }
}

/** Correlation of (rₜ, rₜ₋ₗ) over the last n pairs of one-bar log returns. */
export class Autocorr {
  private readonly returns = new LogReturn();
  private readonly lag: Lag;
  private readonly corr: RollingCorrelation;

  constructor(n: number, l: number) {
    this.lag = new Lag(l);
    this.corr = new RollingCorrelation(n);
  }

  update(close: number): number {
    const r = this.returns.update(close);
    if (r !== r) {
      this.lag.reset();
      this.corr.reset();
      return NaN;
    }
    const before = this.lag.update(r);
    return before !== before ? NaN : this.corr.update(r, before);
  }

  reset(): void {
    this.returns.reset();
    this.lag.reset();
    this.corr.reset();
  }
}

export function logret(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new LogReturn(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}

export function zscore(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new ZScore(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}

export function skew(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Skew(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}

export function kurt(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Kurt(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}

export function autocorr(close: Float64Array, n: number, l: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Autocorr(n, l);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}
