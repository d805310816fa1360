import { BLOCK, sumOf } from './rolling.js';

/**
 * Volume kernels: on-balance volume and Chaikin money flow. A NaN in any input a kernel reads
 * resets it; it starts again from scratch.
 *
 * Batch form (`run`), as for the moving averages: warm-up bars and NaN inputs go through
 * `update`; once warmed up, blocks of bars go to `steady`, which does the same arithmetic in
 * the same order with the state in local variables, stops at a NaN and stores the state back.
 */

/**
 * On-balance volume: the first bar's volume, then + volume on an up close, − on a down close,
 * unchanged on an equal one, as OBV += sign(Cₜ − Cₜ₋₁)·V with the sign from two comparisons
 * (no branch on the direction of the close, which a branch predictor cannot guess).
 */
export class Obv {
  private prev = NaN;
  private value = NaN;

  update(close: number, volume: number): number {
    if (close !== close || volume !== volume) {
      this.reset();
      return NaN;
    }
    const prev = this.prev;
    this.prev = close;
    if (prev !== prev) this.value = volume;
    else this.value += (+(close > prev) - +(close < prev)) * volume;
    return this.value;
  }

  /** Batch form: to[i] = update(close[i], volume[i]). */
  run(close: Float64Array, volume: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.prev === this.prev) i = this.steady(close, volume, to, i, stop);
      if (i < stop) to[i] = this.update(close[i], volume[i++]);
    }
  }

  private steady(close: Float64Array, volume: Float64Array, to: Float64Array, from: number, end: number): number {
    let prev = this.prev;
    let value = this.value;
    let i = from;
    for (; i < end; i++) {
      const c = close[i];
      const v = volume[i];
      if (c !== c || v !== v) break;
      value += (+(c > prev) - +(c < prev)) * v;
      prev = c;
      to[i] = value;
    }
    this.prev = prev;
    this.value = value;
    return i;
  }

  reset(): void {
    this.prev = NaN;
    this.value = NaN;
  }
}

/**
 * Chaikin money flow: Σ(multiplier·volume)/Σvolume over n bars, multiplier ((C−L) − (H−C))/(H−L)
 * (0 when H = L); 0 when the window has no volume. The two sums are RollingSum's arithmetic
 * (S += x − oldest; an exact sum over the ring each time it wraps), kept here so that the
 * steady loop can hold them in locals.
 */
export class Cmf {
  private readonly n: number;
  private readonly flows: Float64Array;
  private readonly volumes: Float64Array;
  private pos = 0;
  private count = 0;
  private flow = 0;
  private total = 0;
  // Bars with volume in the window: running sums of fractional volumes keep a rounding residue
  // after the volume has left, so "no volume" is decided on this exact count.
  private traded = 0;

  constructor(n: number) {
    this.n = n;
    this.flows = new Float64Array(n);
    this.volumes = new Float64Array(n);
  }

  update(high: number, low: number, close: number, volume: number): number {
    if (high !== high || low !== low || close !== close || volume !== volume) {
      this.reset();
      return NaN;
    }
    const range = high - low;
    const f = (range !== 0 ? (close - low - (high - close)) / range : 0) * volume;
    const pos = this.pos;
    const old = this.volumes[pos];
    this.flow += f - this.flows[pos];
    this.total += volume - old;
    this.traded += +(volume !== 0) - +(old !== 0);
    this.flows[pos] = f;
    this.volumes[pos] = volume;
    if (pos + 1 === this.n) {
      this.pos = 0;
      this.flow = sumOf(this.flows);
      this.total = sumOf(this.volumes);
    } else this.pos = pos + 1;
    if (++this.count < this.n) return NaN;
    return this.traded > 0 && this.total !== 0 ? this.flow / this.total : 0;
  }

  /** Batch form: to[i] = update(high[i], low[i], close[i], volume[i]). */
  run(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; ) {
      const stop = Math.min(close.length, i + BLOCK);
      if (this.count >= this.n) i = this.steady(high, low, close, volume, to, i, stop);
      if (i < stop) to[i] = this.update(high[i], low[i], close[i], volume[i++]);
    }
  }

  private steady(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, to: Float64Array, from: number, end: number): number {
    const n = this.n;
    const flows = this.flows;
    const volumes = this.volumes;
    let pos = this.pos;
    let flow = this.flow;
    let total = this.total;
    let traded = this.traded;
    let i = from;
    for (; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const v = volume[i];
      if (h !== h || l !== l || c !== c || v !== v) break;
      const range = h - l;
      const f = (range !== 0 ? (c - l - (h - c)) / range : 0) * v;
      const old = volumes[pos];
      flow += f - flows[pos];
      total += v - old;
      traded += +(v !== 0) - +(old !== 0);
      flows[pos] = f;
      volumes[pos] = v;
      if (++pos === n) {
        pos = 0;
        flow = sumOf(flows);
        total = sumOf(volumes);
      }
      to[i] = traded > 0 && total !== 0 ? flow / total : 0;
    }
    this.pos = pos;
    this.count += i - from;
    this.flow = flow;
    this.total = total;
    this.traded = traded;
    return i;
  }

  reset(): void {
    this.flows.fill(0);
    this.volumes.fill(0);
    this.pos = 0;
    this.count = 0;
    this.flow = 0;
    this.total = 0;
    this.traded = 0;
  }
}

export function obv(close: Float64Array, volume: Float64Array, to: Float64Array = new Float64Array(close.length)): Float64Array {
  new Obv().run(close, volume, to);
  return to;
}

export function cmf(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n: number,
  to: Float64Array = new Float64Array(close.length),
): Float64Array {
  new Cmf(n).run(high, low, close, volume, to);
  return to;
}
