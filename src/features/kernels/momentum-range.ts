import { Sma } from './moving-averages.js';
import { BLOCK, RollingExtreme } from './rolling.js';

/**
 * Oscillators that place the close within the recent high-low range (stochastic, Williams %R)
 * or time the range's extremes (Aroon). The windows include the current bar. A NaN in any
 * input the kernel reads resets it.
 */

/** Fast stochastic %K: 100·(C − LL)/(HH − LL) over the last n bars; 50 on a flat range. */
export class StochFastK {
  private readonly hi: RollingExtreme;
  private readonly lo: RollingExtreme;

  constructor(n: number) {
    this.hi = new RollingExtreme(n, true);
    this.lo = new RollingExtreme(n, false);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return NaN;
    }
    const hh = this.hi.update(high);
    const ll = this.lo.update(low);
    const range = hh - ll;
    // The ratio first: it is exactly 1 when the close is the high, so the value stays within 0…100.
    return range === 0 ? 50 : 100 * ((close - ll) / range);
  }

  /**
   * Batch form: out[i] = update(high[i], low[i], close[i]). Block by block up to the next bar
   * with a NaN, which resets: the highs' extremes go to `out`, the lows' to a scratch block,
   * then both combine as in update.
   */
  run(high: Float64Array, low: Float64Array, close: Float64Array, out: Float64Array): void {
    const lows = new Float64Array(Math.min(BLOCK, close.length));
    for (let i = 0; i < close.length; ) {
      let end = i;
      const stop = Math.min(close.length, i + BLOCK);
      while (end < stop && high[end] === high[end] && low[end] === low[end] && close[end] === close[end]) end++;
      if (end === i) {
        this.reset();
        out[i++] = NaN;
        continue;
      }
      this.hi.run(high.subarray(i, end), out.subarray(i, end));
      this.lo.run(low.subarray(i, end), lows);
      combine(close, out, lows, i, end);
      i = end;
    }
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
  }
}

/** out[i] = fast %K from HH = out[i], LL = lows[i − from] and close[i], for i in [from, to). */
function combine(close: Float64Array, out: Float64Array, lows: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const ll = lows[i - from];
    const range = out[i] - ll;
    out[i] = range === 0 ? 50 : 100 * ((close[i] - ll) / range);
  }
}

/** Slow stochastic: %K = SMA(k) of fast %K, %D = SMA(d) of %K. */
export class Stoch {
  k = NaN;
  d = NaN;
  private readonly fast: StochFastK;
  private readonly slowK: Sma;
  private readonly slowD: Sma;

  constructor(n: number, k: number, d: number) {
    this.fast = new StochFastK(n);
    this.slowK = new Sma(k);
    this.slowD = new Sma(d);
  }

  update(high: number, low: number, close: number): void {
    // NaN from warm-up or a NaN input resets each average it reaches.
    this.k = this.slowK.update(this.fast.update(high, low, close));
    this.d = this.slowD.update(this.k);
  }

  /**
   * Batch form of update into two columns, stage by stage: each stage sees the same values as
   * in update (NaN from a warm-up or a NaN input included, which resets the next stage).
   */
  run(high: Float64Array, low: Float64Array, close: Float64Array, toK: Float64Array, toD: Float64Array): void {
    const last = close.length - 1;
    if (last < 0) return;
    this.fast.run(high, low, close, toK);
    this.slowK.run(toK, toK);
    this.slowD.run(toK, toD);
    this.k = toK[last];
    this.d = toD[last];
  }

  reset(): void {
    this.fast.reset();
    this.slowK.reset();
    this.slowD.reset();
    this.k = this.d = NaN;
  }
}

/** Williams %R: −100·(HH − C)/(HH − LL) over the last n bars, in −100…0; −50 on a flat range. */
export class Willr {
  private readonly hi: RollingExtreme;
  private readonly lo: RollingExtreme;

  constructor(n: number) {
    this.hi = new RollingExtreme(n, true);
    this.lo = new RollingExtreme(n, false);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return NaN;
    }
    const hh = this.hi.update(high);
    const ll = this.lo.update(low);
    const range = hh - ll;
    return range === 0 ? -50 : -100 * ((hh - close) / range);
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
  }
}

/**
 * Aroon over the last n+1 bars (current included): up = 100·(n − bars since the highest high)/n,
 * down likewise with the lowest low, osc = up − down. Ties go to the most recent extreme.
 */
export class Aroon {
  up = NaN;
  down = NaN;
  osc = NaN;
  private readonly n: number;
  private readonly hi: RollingExtreme;
  private readonly lo: RollingExtreme;

  constructor(n: number) {
    this.n = n;
    this.hi = new RollingExtreme(n + 1, true);
    this.lo = new RollingExtreme(n + 1, false);
  }

  update(high: number, low: number): void {
    if (high !== high || low !== low) {
      this.reset();
      return;
    }
    const hh = this.hi.update(high);
    this.lo.update(low);
    if (hh !== hh) return;
    const n = this.n;
    this.up = (100 * (n - this.hi.age())) / n;
    this.down = (100 * (n - this.lo.age())) / n;
    this.osc = this.up - this.down;
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.up = this.down = this.osc = NaN;
  }
}

function column(n: number, to?: Float64Array): Float64Array {
  return to ?? new Float64Array(n);
}

export function stochFastK(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(close.length, to);
  new StochFastK(n).run(high, low, close, o);
  return o;
}

/** Writes slow %K and %D; returns both columns. */
export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  k: number,
  d: number,
  toK?: Float64Array,
  toD?: Float64Array,
): [Float64Array, Float64Array] {
  const ok = column(close.length, toK);
  const od = column(close.length, toD);
  new Stoch(n, k, d).run(high, low, close, ok, od);
  return [ok, od];
}

export function willr(high: Float64Array, low: Float64Array, close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Willr(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(high[i], low[i], close[i]);
  return o;
}

/** Writes Aroon up, down and oscillator; returns the three columns. */
export function aroon(
  high: Float64Array,
  low: Float64Array,
  n: number,
  toUp?: Float64Array,
  toDown?: Float64Array,
  toOsc?: Float64Array,
): [Float64Array, Float64Array, Float64Array] {
  const k = new Aroon(n);
  const up = column(high.length, toUp);
  const down = column(high.length, toDown);
  const osc = column(high.length, toOsc);
  for (let i = 0; i < high.length; i++) {
    k.update(high[i], low[i]);
    up[i] = k.up;
    down[i] = k.down;
    osc[i] = k.osc;
  }
  return [up, down, osc];
}
