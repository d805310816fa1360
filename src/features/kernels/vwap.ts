import { BLOCK, sumOf, column } from './rolling.js';

/**
 * Rolling volume-weighted average price.
 *
 * Batch form (`run`): warm-up bars and NaN inputs go through `update` itself; once warmed up,
 * blocks of bars go to a `steady` method that keeps the state in local variables and does the
 * same arithmetic in the same order as `update`, stops at a NaN and stores the state back. So
 * the batch equals the updates exactly, and streaming can go on after a batch.
 */

export class RollingVwap {
  private readonly n: number;
  private readonly pvs: Float64Array;
  private readonly vs: Float64Array;
  private pos = 0;
  private count = 0;
  private pv = 0;
  private v = 0;
  /**
   * Bars since the last one with volume: a running Σvolume keeps rounding residue after its
   * last volume leaves, so the window is known to have none once this reaches n.
   */
  private idle = 0;

  constructor(n: number) {
    this.n = n;
    this.pvs = new Float64Array(n);
    this.vs = new Float64Array(n);
  }

  update(price: number, volume: number): number {
    if (price !== price || volume !== volume) {
      this.reset();
      return NaN;
    }
    const pv = price * volume;
    const pos = this.pos;
    this.pv += pv - this.pvs[pos];
    this.v += volume - this.vs[pos];
    this.pvs[pos] = pv;
    this.vs[pos] = volume;
    this.idle = volume > 0 ? 0 : this.idle + 1;
    if ((this.pos = pos + 1) === this.n) {
      this.pos = 0;
      this.pv = sumOf(this.pvs);
      this.v = sumOf(this.vs);
    }
    return ++this.count >= this.n && this.idle < this.n && this.v > 0 ? this.pv / this.v : NaN;
  }

  /** Batch form: out[i] = update(price[i], volume[i]). */
  run(price: Float64Array, volume: Float64Array, out: Float64Array): void {
    for (let i = 0; i < price.length; ) {
      if (this.count >= this.n && price[i] === price[i] && volume[i] === volume[i]) {
        i = this.steady(price, volume, out, i, Math.min(price.length, i + BLOCK));
      } else {
        out[i] = this.update(price[i], volume[i++]);
      }
    }
  }

  private steady(price: Float64Array, volume: Float64Array, out: Float64Array, from: number, to: number): number {
    const { n, pvs, vs } = this;
    const nan = NaN; // a local: see BLOCK in rolling.ts
    let pos = this.pos;
    let spv = this.pv;
    let sv = this.v;
    let idle = this.idle;
    let i = from;
    for (; i < to; i++) {
      const p = price[i];
      const vol = volume[i];
      if (p !== p || vol !== vol) break;
      const pv = p * vol;
      spv += pv - pvs[pos];
      sv += vol - vs[pos];
      pvs[pos] = pv;
      vs[pos] = vol;
      idle = vol > 0 ? 0 : idle + 1;
      if (++pos === n) {
        pos = 0;
        spv = sumOf(pvs);
        sv = sumOf(vs);
      }
      out[i] = idle < n && sv > 0 ? spv / sv : nan;
    }
    this.pos = pos;
    this.pv = spv;
    this.v = sv;
    this.idle = idle;
    this.count += i - from;
    return i;
  }

  reset(): void {
    this.pvs.fill(0);
    this.vs.fill(0);
    this.pos = 0;
    this.count = 0;
    this.pv = 0;
    this.v = 0;
    this.idle = 0;
  }
}

export function vwap(price: Float64Array, volume: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(price.length, to);
  new RollingVwap(n).run(price, volume, o);
  return o;
}
