import { BLOCK } from './volatility.js';

/**
 * Volume kernels: on-balance volume and Chaikin money flow. A NaN in any input a kernel reads
 * resets it; it starts again from scratch. Each class's `runRange` is its `update` over bars
 * [from, end) of whole columns with the state in locals (same arithmetic in the same order, so
 * batch = streaming exactly), stored back at the end; `run` covers the columns in BLOCKs.
 */

/**
 * On-balance volume: the first bar's volume, then + volume on an up close, − on a down close,
 * unchanged on an equal one, as OBV += sign(Cₜ − Cₜ₋₁)·V with the sign from two comparisons
 * (no branch on the direction of the close).
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

  run(close: Float64Array, volume: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(close, volume, to, i, Math.min(i + BLOCK, close.length));
  }

  runRange(close: Float64Array, volume: Float64Array, to: Float64Array, from: number, end: number): void {
    let prev = this.prev;
    let value = this.value;
    for (let i = from; i < end; i++) {
      const c = close[i];
      const v = volume[i];
      if (c !== c || v !== v) {
        prev = value = to[i] = NaN;
        continue;
      }
      if (prev !== prev) value = v;
      else value += (+(c > prev) - +(c < prev)) * v;
      prev = c;
      to[i] = value;
    }
    this.prev = prev;
    this.value = value;
  }

  reset(): void {
    this.prev = NaN;
    this.value = NaN;
  }
}

/**
 * Chaikin money flow: Σ(multiplier·volume)/Σvolume over n bars, multiplier ((C−L) − (H−C))/(H−L)
 * (0 when H = L); 0 when the window has no volume. The two sums are RollingSum's arithmetic
 * (S += x − oldest; an exact sum over the ring each time it wraps), kept here so `run` can hold
 * them in locals.
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
      this.recompute();
    } else this.pos = pos + 1;
    if (++this.count < this.n) return NaN;
    return this.traded > 0 && this.total !== 0 ? this.flow / this.total : 0;
  }

  run(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, to: Float64Array): void {
    for (let i = 0; i < close.length; i += BLOCK) this.runRange(high, low, close, volume, to, i, Math.min(i + BLOCK, close.length));
  }

  runRange(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, to: Float64Array, from: number, end: number): void {
    const n = this.n;
    const flows = this.flows;
    const volumes = this.volumes;
    let pos = this.pos;
    let count = this.count;
    let flow = this.flow;
    let total = this.total;
    let traded = this.traded;
    for (let i = from; i < end; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const v = volume[i];
      if (h !== h || l !== l || c !== c || v !== v) {
        flows.fill(0);
        volumes.fill(0);
        pos = count = flow = total = traded = 0;
        to[i] = NaN;
        continue;
      }
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
        let s = 0;
        let t = 0;
        for (let j = 0; j < n; j++) {
          s += flows[j];
          t += volumes[j];
        }
        flow = s;
        total = t;
      }
      to[i] = ++count < n ? NaN : traded > 0 && total !== 0 ? flow / total : 0;
    }
    this.pos = pos;
    this.count = count;
    this.flow = flow;
    this.total = total;
    this.traded = traded;
  }

  /** Exact sums over the ring, oldest first (the ring has just wrapped). */
  private recompute(): void {
    let s = 0;
    let t = 0;
    for (let j = 0; j < this.n; j++) {
      s += this.flows[j];
      t += this.volumes[j];
    }
    this.flow = s;
    this.total = t;
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
