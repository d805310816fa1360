import { BLOCK, Lag, RollingMoments } from './rolling.js';

/**
 * Statistics of closes and of one-bar log returns rₜ = ln(Cₜ/Cₜ₋₁). A NaN close resets a
 * kernel: NaN at that bar, then it warms up again from scratch. The kernels on returns reset
 * whenever the return is NaN, which is on a NaN close and on the first bar after one.
 *
 * Batch form (`run`), as for the moving averages: warm-up bars and irregular ones go through
 * `update`; once warmed up, blocks of bars go to `steady`, which does the same arithmetic in
 * the same order with the state in local variables, stops before an irregular bar (a NaN close
 * or return) and stores the state back.
 */

/** ln(Cₜ/Cₜ₋ₙ): NaN for the first n closes. */
export class LogReturn {
  private readonly n: number;
  private readonly lag: Lag;

  constructor(n = 1) {
    this.n = n;
    this.lag = new Lag(n);
  }

  update(close: number): number {
    if (close !== close) {
      this.lag.reset();
      return NaN;
    }
    return Math.log(close / this.lag.update(close));
  }

  /**
   * Batch form: to[i] = update(close[i]). Once the lag is full and i ≥ n, the close n bars back
   * is close[i − n] (a NaN among the last n would have reset the lag), so the steady loop reads
   * it from the column and then pushes the last closes it did into the lag.
   */
  run(close: Float64Array, to: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (i >= n && this.lag.full()) {
        const from = i;
        for (; i < stop; i++) {
          const c = close[i];
          if (c !== c) break;
          to[i] = Math.log(c / close[i - n]);
        }
        for (let j = Math.max(from, i - this.lag.size); j < i; j++) this.lag.update(close[j]);
      }
      if (i < stop) to[i] = this.update(close[i++]);
    }
  }

  reset(): void {
    this.lag.reset();
  }
}

/**
 * Length of the run of equal values ending at the latest one. The last n values are all
 * equal (zero variance, exactly) when it is ≥ n; running sums only get there up to rounding.
 * The kernels below keep the same count in their own fields, for their batch loops.
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
  // EqualRun's count of closes equal to the previous one.
  private last = NaN;
  private repeats = 0;

  constructor(n: number) {
    this.n = n;
    this.moments = new RollingMoments(n);
  }

  update(close: number): number {
    if (close !== close) {
      this.reset();
      return NaN;
    }
    this.repeats = close === this.last ? this.repeats + 1 : 1;
    this.last = close;
    const flat = this.repeats >= this.n;
    if (!this.moments.update(close)) return NaN;
    const ss = this.moments.sumSquares();
    if (flat || ss === 0) return 0;
    return (close - this.moments.mean()) / Math.sqrt(ss / (this.n - 1));
  }

  /** Batch form: to[i] = update(close[i]). */
  run(close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.moments.full()) i = this.steady(close, to, i, stop);
      if (i < stop) to[i] = this.update(close[i++]);
    }
  }

  private steady(close: Float64Array, to: Float64Array, from: number, end: number): number {
    const n = this.n;
    const m = this.moments;
    const buf = m.buf;
    let pos = m.pos;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let last = this.last;
    let repeats = this.repeats;
    let i = from;
    for (; i < end; i++) {
      const x = close[i];
      if (x !== x) break;
      repeats = x === last ? repeats + 1 : 1;
      last = x;
      const d = x - shift;
      const o = buf[pos] - shift;
      s1 += d - o;
      s2 += d * d - o * o;
      buf[pos] = x;
      if (++pos === n) {
        pos = 0;
        shift = x;
        s1 = s2 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          s1 += e;
          s2 += e * e;
        }
      }
      const t = s2 - (s1 * s1) / n;
      const ss = t > 0 ? t : 0;
      to[i] = repeats >= n || ss === 0 ? 0 : (x - (shift + s1 / n)) / Math.sqrt(ss / (n - 1));
    }
    m.pos = pos;
    m.count += i - from;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    this.last = last;
    this.repeats = repeats;
    return i;
  }

  reset(): void {
    this.moments.reset();
    this.last = NaN;
    this.repeats = 0;
  }
}

/**
 * Population central moments m2, m3, m4 of the last n values from power sums of x − K. The
 * shift K is the window mean at the last exact recompute (every n values, when the ring
 * wraps), so the sums hold deviations of about one standard deviation and higher powers lose
 * no digits to cancellation; a recompute is a two-pass sum over the window in time order.
 * The state is open for the batch loop of ReturnShape.
 */
export class RollingCentralMoments {
  readonly n: number;
  readonly buf: Float64Array;
  pos = 0;
  count = 0;
  // EqualRun's count of values equal to the previous one.
  last = NaN;
  repeats = 0;
  shift = 0;
  s1 = 0;
  s2 = 0;
  s3 = 0;
  s4 = 0;
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
    this.repeats = x === this.last ? this.repeats + 1 : 1;
    this.last = x;
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
    return this.repeats >= this.n;
  }

  /** Exact power sums over the ring, oldest first, shifted by the window mean. */
  recompute(): void {
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
    this.pos = 0;
    this.count = 0;
    this.last = NaN;
    this.repeats = 0;
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

/**
 * Skewness or excess kurtosis of the last n one-bar log returns (the two differ only in the
 * last formula): central moments from RollingCentralMoments, 0 when the returns have zero
 * variance.
 */
class ReturnShape {
  private readonly kurtosis: boolean;
  private readonly moments: RollingCentralMoments;
  // The previous close since the last reset (NaN: none), for the return.
  private prev = NaN;

  constructor(n: number, kurtosis: boolean) {
    this.kurtosis = kurtosis;
    this.moments = new RollingCentralMoments(n);
  }

  update(close: number): number {
    const r = Math.log(close / this.prev);
    this.prev = close;
    if (r !== r) {
      this.moments.reset();
      return NaN;
    }
    const m = this.moments;
    if (!m.update(r)) return NaN;
    if (m.flat() || m.m2 === 0) return 0;
    return this.kurtosis ? excessKurtosis(m.n, m.m2, m.m4) : skewness(m.n, m.m2, m.m3);
  }

  /** Batch form: to[i] = update(close[i]). */
  run(close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.prev === this.prev && this.moments.count >= this.moments.n) i = this.steady(close, to, i, stop);
      if (i < stop) to[i] = this.update(close[i++]);
    }
  }

  private steady(close: Float64Array, to: Float64Array, from: number, end: number): number {
    const kurtosis = this.kurtosis;
    const m = this.moments;
    const n = m.n;
    const buf = m.buf;
    let prev = this.prev;
    let pos = m.pos;
    let last = m.last;
    let repeats = m.repeats;
    let shift = m.shift;
    let s1 = m.s1;
    let s2 = m.s2;
    let s3 = m.s3;
    let s4 = m.s4;
    let m2 = m.m2;
    let m3 = m.m3;
    let m4 = m.m4;
    let i = from;
    for (; i < end; i++) {
      const c = close[i];
      const r = Math.log(c / prev);
      if (r !== r) break;
      prev = c;
      repeats = r === last ? repeats + 1 : 1;
      last = r;
      const d = r - shift;
      const d2 = d * d;
      const o = buf[pos] - shift;
      const o2 = o * o;
      s1 += d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
      s1 -= o;
      s2 -= o2;
      s3 -= o2 * o;
      s4 -= o2 * o2;
      buf[pos] = r;
      if (++pos === n) {
        pos = 0;
        let sum = 0;
        for (let j = 0; j < n; j++) sum += buf[j];
        shift = sum / n;
        s1 = s2 = s3 = s4 = 0;
        for (let j = 0; j < n; j++) {
          const e = buf[j] - shift;
          const e2 = e * e;
          s1 += e;
          s2 += e2;
          s3 += e2 * e;
          s4 += e2 * e2;
        }
      }
      const a = s1 / n;
      const b2 = s2 / n;
      const b3 = s3 / n;
      const a2 = a * a;
      const v = b2 - a2;
      m2 = v > 0 ? v : 0;
      m3 = b3 - 3 * a * b2 + 2 * a2 * a;
      m4 = s4 / n - 4 * a * b3 + 6 * a2 * b2 - 3 * a2 * a2;
      to[i] = repeats >= n || m2 === 0 ? 0 : kurtosis ? excessKurtosis(n, m2, m4) : skewness(n, m2, m3);
    }
    this.prev = prev;
    m.pos = pos;
    m.count += i - from;
    m.last = last;
    m.repeats = repeats;
    m.shift = shift;
    m.s1 = s1;
    m.s2 = s2;
    m.s3 = s3;
    m.s4 = s4;
    m.m2 = m2;
    m.m3 = m3;
    m.m4 = m4;
    return i;
  }

  reset(): void {
    this.moments.reset();
    this.prev = NaN;
  }
}

/** G1 = √(n(n−1))/(n−2) · m3/m2^1.5 (pandas). */
function skewness(n: number, m2: number, m3: number): number {
  return ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / (m2 * Math.sqrt(m2));
}

/** G2 = ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3)) (pandas). */
function excessKurtosis(n: number, m2: number, m4: number): number {
  return ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Bias-corrected skewness G1 = √(n(n−1))/(n−2) · m3/m2^1.5 of the last n returns (pandas); 0 on zero variance. */
export class Skew extends ReturnShape {
  constructor(n: number) {
    super(n, false);
  }
}

/** Bias-corrected excess kurtosis G2 = ((n²−1)·m4/m2² − 3(n−1)²) / ((n−2)(n−3)) of the last n returns (pandas); 0 on zero variance. */
export class Kurt extends ReturnShape {
  constructor(n: number) {
    super(n, true);
  }
}

/**
 * Pearson correlation of the last n pairs (x, y). Sums are of deviations from shifts (the
 * window means at the last exact recompute, every n pairs), so nothing cancels. 0 when either
 * side has zero variance; clamped to [−1, 1] against rounding. The state is open for the batch
 * loop of Autocorr.
 */
export class RollingCorrelation {
  readonly n: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  pos = 0;
  count = 0;
  // EqualRun's counts of values equal to the previous one, on each side.
  lastX = NaN;
  repeatsX = 0;
  lastY = NaN;
  repeatsY = 0;
  kx = 0;
  ky = 0;
  sx = 0;
  sy = 0;
  sxx = 0;
  syy = 0;
  sxy = 0;

  constructor(n: number) {
    this.n = n;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
  }

  /** Adds a pair; the correlation of the last n pairs once there are n, else NaN. */
  update(x: number, y: number): number {
    const n = this.n;
    this.repeatsX = x === this.lastX ? this.repeatsX + 1 : 1;
    this.lastX = x;
    this.repeatsY = y === this.lastY ? this.repeatsY + 1 : 1;
    this.lastY = y;
    const flat = this.repeatsX >= n || this.repeatsY >= n;
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

  /** Exact sums over the rings, oldest first, shifted by the window means. */
  recompute(): void {
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
    this.pos = 0;
    this.count = 0;
    this.lastX = NaN;
    this.repeatsX = 0;
    this.lastY = NaN;
    this.repeatsY = 0;
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
  private readonly l: number;
  private readonly corr: RollingCorrelation;
  // The previous close since the last reset (NaN: none), for the return.
  private prev = NaN;
  // The last l returns; lagged[lagPos] is the one l returns back once lagCount ≥ l.
  private readonly lagged: Float64Array;
  private lagPos = 0;
  private lagCount = 0;

  constructor(n: number, l: number) {
    this.l = l;
    this.corr = new RollingCorrelation(n);
    this.lagged = new Float64Array(l);
  }

  update(close: number): number {
    const r = Math.log(close / this.prev);
    this.prev = close;
    if (r !== r) {
      this.lagPos = this.lagCount = 0;
      this.corr.reset();
      return NaN;
    }
    const before = this.lagCount >= this.l ? this.lagged[this.lagPos] : NaN;
    this.lagged[this.lagPos] = r;
    if (++this.lagPos === this.l) this.lagPos = 0;
    this.lagCount++;
    return before !== before ? NaN : this.corr.update(r, before);
  }

  /** Batch form: to[i] = update(close[i]). */
  run(close: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.prev === this.prev && this.lagCount >= this.l && this.corr.count >= this.corr.n) i = this.steady(close, to, i, stop);
      if (i < stop) to[i] = this.update(close[i++]);
    }
  }

  private steady(close: Float64Array, to: Float64Array, from: number, end: number): number {
    const l = this.l;
    const lagged = this.lagged;
    const k = this.corr;
    const n = k.n;
    const xs = k.xs;
    const ys = k.ys;
    let prev = this.prev;
    let lagPos = this.lagPos;
    let pos = k.pos;
    let lastX = k.lastX;
    let repeatsX = k.repeatsX;
    let lastY = k.lastY;
    let repeatsY = k.repeatsY;
    let kx = k.kx;
    let ky = k.ky;
    let sx = k.sx;
    let sy = k.sy;
    let sxx = k.sxx;
    let syy = k.syy;
    let sxy = k.sxy;
    let i = from;
    for (; i < end; i++) {
      const c = close[i];
      const x = Math.log(c / prev);
      if (x !== x) break;
      prev = c;
      const y = lagged[lagPos];
      lagged[lagPos] = x;
      if (++lagPos === l) lagPos = 0;
      repeatsX = x === lastX ? repeatsX + 1 : 1;
      lastX = x;
      repeatsY = y === lastY ? repeatsY + 1 : 1;
      lastY = y;
      const dx = x - kx;
      const dy = y - ky;
      const ox = xs[pos] - kx;
      const oy = ys[pos] - ky;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      sx -= ox;
      sy -= oy;
      sxx -= ox * ox;
      syy -= oy * oy;
      sxy -= ox * oy;
      xs[pos] = x;
      ys[pos] = y;
      if (++pos === n) {
        pos = 0;
        let mx = 0;
        let my = 0;
        for (let j = 0; j < n; j++) {
          mx += xs[j];
          my += ys[j];
        }
        kx = mx / n;
        ky = my / n;
        sx = sy = sxx = syy = sxy = 0;
        for (let j = 0; j < n; j++) {
          const u = xs[j] - kx;
          const v = ys[j] - ky;
          sx += u;
          sy += v;
          sxx += u * u;
          syy += v * v;
          sxy += u * v;
        }
      }
      const cxx = sxx - (sx * sx) / n;
      const cyy = syy - (sy * sy) / n;
      if (repeatsX >= n || repeatsY >= n || !(cxx > 0 && cyy > 0)) {
        to[i] = 0;
        continue;
      }
      const rho = (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy);
      to[i] = rho > 1 ? 1 : rho < -1 ? -1 : rho;
    }
    this.prev = prev;
    this.lagPos = lagPos;
    this.lagCount += i - from;
    k.pos = pos;
    k.count += i - from;
    k.lastX = lastX;
    k.repeatsX = repeatsX;
    k.lastY = lastY;
    k.repeatsY = repeatsY;
    k.kx = kx;
    k.ky = ky;
    k.sx = sx;
    k.sy = sy;
    k.sxx = sxx;
    k.syy = syy;
    k.sxy = sxy;
    return i;
  }

  reset(): void {
    this.prev = NaN;
    this.lagPos = this.lagCount = 0;
    this.corr.reset();
  }
}

export function logret(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new LogReturn(n).run(close, to);
  return to;
}

export function zscore(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new ZScore(n).run(close, to);
  return to;
}

export function skew(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new Skew(n).run(close, to);
  return to;
}

export function kurt(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new Kurt(n).run(close, to);
  return to;
}

export function autocorr(close: Float64Array, n: number, l: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new Autocorr(n, l).run(close, to);
  return to;
}
