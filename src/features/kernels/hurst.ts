import { Window } from './rolling.js';
import { LogReturn } from './statistics.js';

/** Shortest sub-series the rescaled range is taken over. */
export const HURST_MIN_SCALE = 8;

/**
 * Hurst exponent of the last n one-bar log returns by rescaled-range (R/S) analysis.
 *
 * Scales s = n, ⌊n/2⌋, ⌊n/4⌋, … while s ≥ 8. At each scale the window is cut into ⌊n/s⌋
 * non-overlapping chunks of s returns aligned to its newest end (the oldest n mod s returns
 * are left out). A chunk's R is max − min of the cumulative deviations from its mean
 * Yᵢ = Σⱼ≤ᵢ (xⱼ − mean), i = 1…s, and S its population sd; chunks of equal values (S = 0)
 * are skipped, and R/S is averaged over the others. The exponent is the least-squares slope
 * of ln(R/S) on ln(s) over the scales with a usable chunk (and R/S > 0), 0.5 with fewer than two.
 *
 * Not O(1): every bar re-reads the whole window once per scale, O(n log n) per bar.
 */
export class Hurst {
  private readonly n: number;
  private readonly scales: Int32Array;
  private readonly logScale: Float64Array;
  private readonly x: Float64Array;
  private readonly window: Window;
  private readonly returns = new LogReturn();

  constructor(n: number) {
    this.n = n;
    const scales: number[] = [];
    for (let s = n; s >= HURST_MIN_SCALE; s = Math.floor(s / 2)) scales.push(s);
    this.scales = Int32Array.from(scales);
    this.logScale = Float64Array.from(scales, Math.log);
    this.x = new Float64Array(n);
    this.window = new Window(n);
  }

  update(close: number): number {
    const r = this.returns.update(close);
    if (r !== r) {
      this.window.reset();
      return NaN;
    }
    if (!this.window.push(r)) return NaN;
    this.window.copyTo(this.x);
    // Least-squares sums over the usable scales.
    let count = 0;
    let su = 0;
    let sv = 0;
    let suu = 0;
    let suv = 0;
    for (let i = 0; i < this.scales.length; i++) {
      const rs = this.meanRescaledRange(this.scales[i]);
      if (!(rs > 0)) continue;
      const u = this.logScale[i];
      const v = Math.log(rs);
      count++;
      su += u;
      sv += v;
      suu += u * u;
      suv += u * v;
    }
    if (count < 2) return 0.5;
    return (suv - (su * sv) / count) / (suu - (su * su) / count);
  }

  /** Mean R/S over the usable chunks of length s, NaN if there is none. */
  private meanRescaledRange(s: number): number {
    const x = this.x;
    let sum = 0;
    let used = 0;
    for (let end = this.n; end - s >= 0; end -= s) {
      const start = end - s;
      let total = 0;
      let lo = x[start];
      let hi = lo;
      for (let j = start; j < end; j++) {
        const v = x[j];
        total += v;
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      if (lo === hi) continue;
      const mean = total / s;
      let y = 0;
      let ymin = Infinity;
      let ymax = -Infinity;
      let ss = 0;
      for (let j = start; j < end; j++) {
        const d = x[j] - mean;
        ss += d * d;
        y += d;
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
      }
      sum += (ymax - ymin) / Math.sqrt(ss / s);
      used++;
    }
    return used > 0 ? sum / used : NaN;
  }

  reset(): void {
    this.returns.reset();
    this.window.reset();
  }
}

export function hurst(close: Float64Array, n: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new Hurst(n);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}
