import { BLOCK, column } from './rolling.js';

/**
 * Linearly weighted averages: WMA and the Hull average built from WMAs.
 *
 * Batch form (`run`): warm-up bars and NaN inputs go through `update` itself; once warmed up,
 * blocks of bars go to a `steady` method that keeps the state in local variables and does the
 * same arithmetic in the same order as `update`, stops at a NaN and stores the state back. So
 * the batch equals the updates exactly, and streaming can go on after a batch.
 */

export class Wma {
  readonly n: number;
  readonly divisor: number;
  /** The window in a ring, and the state below: public so that Hma's batch loop can carry it in registers. */
  readonly buf: Float64Array;
  pos = 0;
  count = 0;
  sum = 0;
  weighted = 0;

  constructor(n: number) {
    this.n = n;
    this.divisor = (n * (n + 1)) / 2;
    this.buf = new Float64Array(n);
  }

  get full(): boolean {
    return this.count >= this.n;
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    const n = this.n;
    const buf = this.buf;
    // Shifting the window lowers every weight by one (−sum) and adds x at weight n.
    this.weighted += n * x - this.sum;
    this.sum += x - buf[this.pos];
    buf[this.pos] = x;
    if (++this.pos === n) {
      this.pos = 0;
      this.recompute();
    }
    return ++this.count >= n ? this.weighted / this.divisor : NaN;
  }

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.full && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { n, buf, divisor } = this;
    let pos = this.pos;
    let sum = this.sum;
    let weighted = this.weighted;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      weighted += n * v - sum;
      sum += v - buf[pos];
      buf[pos] = v;
      if (++pos === n) {
        pos = 0;
        this.recompute();
        sum = this.sum;
        weighted = this.weighted;
      }
      out[i] = weighted / divisor;
    }
    this.pos = pos;
    this.sum = sum;
    this.weighted = weighted;
    this.count += i - from;
    return i;
  }

  /** Both sums exactly from the ring, which has just wrapped (oldest first). */
  private recompute(): void {
    const buf = this.buf;
    let s = 0;
    let w = 0;
    for (let j = 0; j < this.n; j++) {
      const u = buf[j];
      s += u;
      w += (j + 1) * u;
    }
    this.sum = s;
    this.weighted = w;
  }

  reset(): void {
    this.buf.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.weighted = 0;
  }
}

/** Writes x[end − n … end − 1] into a ring of n whose next slot is `pos`, as n pushes would. */
function refillRing(buf: Float64Array, pos: number, x: Float64Array, end: number): void {
  const n = buf.length;
  for (let k = 1; k <= n; k++) buf[pos - k >= 0 ? pos - k : pos - k + n] = x[end - k];
}

/** Double EMA: 2·E1 − E2 with E2 the EMA of E1. */

export class Hma {
  private readonly half: Wma;
  private readonly full: Wma;
  private readonly outer: Wma;

  constructor(n: number) {
    this.half = new Wma(Math.floor(n / 2));
    this.full = new Wma(n);
    this.outer = new Wma(Math.floor(Math.sqrt(n)));
  }

  update(x: number): number {
    const h = this.half.update(x);
    const f = this.full.update(x);
    if (f !== f) {
      if (x !== x) this.outer.reset();
      return NaN;
    }
    return this.outer.update(2 * h - f);
  }

  /** Batch form: out[i] = update(x[i]). The outer WMA is fed only once the full one is, so once it is full all are. */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.outer.full && i >= this.full.n && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  /**
   * The three WMAs' update steps in one loop. The inner two read the values leaving their
   * windows, and their windows at an exact recompute, from x itself: with i ≥ n and the WMA
   * full, x[i − n … i − 1] is what its ring holds (a NaN among them would have reset it). Their
   * rings are refilled from x at the end. The exact recomputes are written out here, not called:
   * V8 does not always inline a call in a loop this size, and the call then slows every bar.
   */
  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { half, full, outer } = this;
    const nh = half.n;
    const nf = full.n;
    const no = outer.n;
    const bo = outer.buf;
    const dh = half.divisor;
    const df = full.divisor;
    const dout = outer.divisor;
    // Bars until each ring wraps.
    let wrapH = nh - half.pos;
    let wrapF = nf - full.pos;
    let po = outer.pos;
    let sh = half.sum;
    let wh = half.weighted;
    let sf = full.sum;
    let wf = full.weighted;
    let so = outer.sum;
    let wo = outer.weighted;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      wh += nh * v - sh;
      sh += v - x[i - nh];
      if (--wrapH === 0) {
        wrapH = nh;
        let s = 0;
        let w = 0;
        for (let j = 0; j < nh; j++) {
          const u = x[i + 1 - nh + j];
          s += u;
          w += (j + 1) * u;
        }
        sh = s;
        wh = w;
      }
      wf += nf * v - sf;
      sf += v - x[i - nf];
      if (--wrapF === 0) {
        wrapF = nf;
        let s = 0;
        let w = 0;
        for (let j = 0; j < nf; j++) {
          const u = x[i + 1 - nf + j];
          s += u;
          w += (j + 1) * u;
        }
        sf = s;
        wf = w;
      }
      const y = 2 * (wh / dh) - wf / df;
      wo += no * y - so;
      so += y - bo[po];
      bo[po] = y;
      if (++po === no) {
        po = 0;
        let s = 0;
        let w = 0;
        for (let j = 0; j < no; j++) {
          const u = bo[j];
          s += u;
          w += (j + 1) * u;
        }
        so = s;
        wo = w;
      }
      out[i] = wo / dout;
    }
    const k = i - from;
    half.pos = nh - wrapH;
    half.sum = sh;
    half.weighted = wh;
    half.count += k;
    refillRing(half.buf, half.pos, x, i);
    full.pos = nf - wrapF;
    full.sum = sf;
    full.weighted = wf;
    full.count += k;
    refillRing(full.buf, full.pos, x, i);
    outer.pos = po;
    outer.sum = so;
    outer.weighted = wo;
    outer.count += k;
    return i;
  }

  reset(): void {
    this.half.reset();
    this.full.reset();
    this.outer.reset();
  }
}


export function wma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Wma(n).run(x, o);
  return o;
}

export function hma(x: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(x.length, to);
  new Hma(n).run(x, o);
  return o;
}
