import { Window } from './rolling.js';
import { EqualRun, LogReturn } from './statistics.js';

/** Number of bands the non-DC frequencies are split into. */
export const SPECTRAL_BANDS = 4;

/**
 * Share of the spectral power of the last n one-bar log returns that lies in band b.
 *
 * The window's DFT is Xₖ = Σⱼ xⱼ·e^(−2πikj/n), j = 0 the oldest return. Only k = 1…⌊n/2⌋ are
 * used, each with power |Xₖ|²; removing the window mean would change X₀ only, so those bins
 * are already the spectrum of the demeaned returns. They are split into 4 contiguous bands,
 * band b holding k = ⌊(b−1)K/4⌋+1 … ⌊bK/4⌋ with K = ⌊n/2⌋. The result is band power / total
 * power, 0.25 when the total is 0 (a window of equal returns).
 *
 * A sliding DFT keeps the bins: when x₀ leaves and x enters, Xₖ ← e^(2πik/n)·(Xₖ − x₀ + x),
 * O(K) per bar. Its rounding drifts, so the bins are recomputed directly (O(n·K)) when the
 * window first fills and after every n slides: O(K) amortised per bar.
 */
export class SpectralEnergy {
  private readonly n: number;
  private readonly bins: number;
  private readonly from: number;
  private readonly to: number;
  /** cos and sin of 2πm/n, m = 0…n−1. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** Real and imaginary parts of Xₖ at index k (index 0, the DC bin, is unused). */
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly window: Window;
  private readonly returns = new LogReturn();
  private readonly equal = new EqualRun();
  private slides = 0;

  constructor(n: number, band: number) {
    this.n = n;
    const bins = Math.floor(n / 2);
    this.bins = bins;
    this.from = Math.floor(((band - 1) * bins) / SPECTRAL_BANDS) + 1;
    this.to = Math.floor((band * bins) / SPECTRAL_BANDS);
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      this.cos[m] = Math.cos((2 * Math.PI * m) / n);
      this.sin[m] = Math.sin((2 * Math.PI * m) / n);
    }
    this.re = new Float64Array(bins + 1);
    this.im = new Float64Array(bins + 1);
    this.window = new Window(n);
  }

  update(close: number): number {
    const x = this.returns.update(close);
    if (x !== x) {
      this.window.reset();
      this.equal.reset();
      return NaN;
    }
    const flat = this.equal.update(x) >= this.n;
    const w = this.window;
    if (!w.full()) {
      if (!w.push(x)) return NaN;
      this.exact();
    } else {
      const leaving = w.get(0);
      w.push(x);
      if (++this.slides === this.n) this.exact();
      else this.slide(x - leaving);
    }
    return flat ? 1 / SPECTRAL_BANDS : this.share();
  }

  /** Xₖ ← e^(2πik/n)·(Xₖ + delta) for k = 1…K. */
  private slide(delta: number): void {
    const { re, im, cos, sin } = this;
    for (let k = 1; k <= this.bins; k++) {
      const a = re[k] + delta;
      const b = im[k];
      re[k] = a * cos[k] - b * sin[k];
      im[k] = a * sin[k] + b * cos[k];
    }
  }

  /** The bins from the window by the definition. */
  private exact(): void {
    const { n, re, im, cos, sin, window } = this;
    for (let k = 1; k <= this.bins; k++) {
      let a = 0;
      let b = 0;
      let m = 0;
      for (let j = 0; j < n; j++) {
        const x = window.get(j);
        a += x * cos[m];
        b -= x * sin[m];
        m += k;
        if (m >= n) m -= n;
      }
      re[k] = a;
      im[k] = b;
    }
    this.slides = 0;
  }

  private share(): number {
    const { re, im } = this;
    let total = 0;
    let band = 0;
    for (let k = 1; k <= this.bins; k++) {
      const p = re[k] * re[k] + im[k] * im[k];
      total += p;
      if (k >= this.from && k <= this.to) band += p;
    }
    return total > 0 ? band / total : 1 / SPECTRAL_BANDS;
  }

  reset(): void {
    this.returns.reset();
    this.window.reset();
    this.equal.reset();
    this.slides = 0;
  }
}

export function spectralEnergy(close: Float64Array, n: number, band: number, to: Float64Array = new Float64Array(close.length)): Float64Array {
  const k = new SpectralEnergy(n, band);
  for (let i = 0; i < close.length; i++) to[i] = k.update(close[i]);
  return to;
}
