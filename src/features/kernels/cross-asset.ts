/**
 * Rolling co-movement of two series' one-bar log returns: the bar's own close and a reference
 * aligned as-of (another symbol, or any series). Sums are of deviations from a shift (the
 * latest pair at the last exact recompute, every n bars), so nothing cancels.
 */
export class RollingComovement {
  private readonly n: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private pos = 0;
  private count = 0;
  private prevX = NaN;
  private prevY = NaN;
  private kx = 0;
  private ky = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  /** Results after the last update (NaN while warming up). */
  correlation = NaN;
  beta = NaN;

  constructor(n: number) {
    this.n = n;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
  }

  update(close: number, ref: number): void {
    if (close !== close || ref !== ref) {
      this.reset();
      return;
    }
    const first = this.prevX !== this.prevX;
    const x = Math.log(close / this.prevX);
    const y = Math.log(ref / this.prevY);
    this.prevX = close;
    this.prevY = ref;
    if (first) return;
    this.add(x, y);
  }

  private add(x: number, y: number): void {
    const n = this.n;
    if (this.count === 0) {
      this.kx = x;
      this.ky = y;
    }
    const dx = x - this.kx;
    const dy = y - this.ky;
    if (this.count >= n) {
      const ox = this.xs[this.pos] - this.kx;
      const oy = this.ys[this.pos] - this.ky;
      this.sx -= ox;
      this.sy -= oy;
      this.sxx -= ox * ox;
      this.syy -= oy * oy;
      this.sxy -= ox * oy;
    }
    this.sx += dx;
    this.sy += dy;
    this.sxx += dx * dx;
    this.syy += dy * dy;
    this.sxy += dx * dy;
    this.xs[this.pos] = x;
    this.ys[this.pos] = y;
    this.count++;
    if (++this.pos === n) {
      this.pos = 0;
      if (this.count >= n) this.recompute();
    }
    if (this.count < n) return;
    const vx = this.sxx - (this.sx * this.sx) / n;
    const vy = this.syy - (this.sy * this.sy) / n;
    const cxy = this.sxy - (this.sx * this.sy) / n;
    this.correlation = vx > 0 && vy > 0 ? Math.max(-1, Math.min(1, cxy / Math.sqrt(vx * vy))) : 0;
    this.beta = vy > 0 ? cxy / vy : 0;
  }

  private recompute(): void {
    const n = this.n;
    this.kx = this.xs[n - 1];
    this.ky = this.ys[n - 1];
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < n; j++) {
      const dx = this.xs[j] - this.kx;
      const dy = this.ys[j] - this.ky;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    this.sx = sx;
    this.sy = sy;
    this.sxx = sxx;
    this.syy = syy;
    this.sxy = sxy;
  }

  reset(): void {
    this.pos = 0;
    this.count = 0;
    this.prevX = NaN;
    this.prevY = NaN;
    this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
    this.correlation = NaN;
    this.beta = NaN;
  }
}

/** Batch form: correlation and beta columns. */
export function comovement(close: Float64Array, ref: Float64Array, n: number, corr: Float64Array, beta: Float64Array): void {
  const k = new RollingComovement(n);
  for (let i = 0; i < close.length; i++) {
    k.update(close[i], ref[i]);
    corr[i] = k.correlation;
    beta[i] = k.beta;
  }
}
