import { RollingSum } from './rolling.js';

/**
 * Volume kernels: on-balance volume and Chaikin money flow. A NaN in any input a kernel reads
 * resets it; it starts again from scratch.
 */

/** On-balance volume: the first bar's volume, then + volume on an up close, − on a down close, unchanged on an equal one. */
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
    else if (close > prev) this.value += volume;
    else if (close < prev) this.value -= volume;
    return this.value;
  }

  reset(): void {
    this.prev = NaN;
    this.value = NaN;
  }
}

/**
 * Chaikin money flow: Σ(multiplier·volume)/Σvolume over n bars, multiplier ((C−L) − (H−C))/(H−L)
 * (0 when H = L); 0 when the window has no volume.
 */
export class Cmf {
  private readonly flow: RollingSum;
  private readonly volume: RollingSum;
  // Bars with volume in the window: running sums of fractional volumes keep a rounding residue
  // after the volume has left, so "no volume" is decided on this exact count.
  private readonly traded: RollingSum;

  constructor(n: number) {
    this.flow = new RollingSum(n);
    this.volume = new RollingSum(n);
    this.traded = new RollingSum(n);
  }

  update(high: number, low: number, close: number, volume: number): number {
    if (high !== high || low !== low || close !== close || volume !== volume) {
      this.reset();
      return NaN;
    }
    const range = high - low;
    const multiplier = range !== 0 ? (close - low - (high - close)) / range : 0;
    const flow = this.flow.update(multiplier * volume);
    const total = this.volume.update(volume);
    const traded = this.traded.update(volume !== 0 ? 1 : 0);
    if (total !== total) return NaN;
    return traded > 0 && total !== 0 ? flow / total : 0;
  }

  reset(): void {
    this.flow.reset();
    this.volume.reset();
    this.traded.reset();
  }
}

export function obv(close: Float64Array, volume: Float64Array, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Obv();
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i], volume[i]);
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
  const k = new Cmf(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(high[i], low[i], close[i], volume[i]);
  return to;
}
