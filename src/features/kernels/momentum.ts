import { Ema, wilder } from './moving-averages.js';
import { Lag } from './rolling.js';

/**
 * Momentum kernels over one price column (close): RSI, MACD, rate of change, momentum, TRIX.
 * Each `update` takes one value and returns (or stores) the outputs after it, NaN while warming
 * up. A NaN input resets the state: NaN at that bar, then a fresh warm-up.
 */

/** Wilder's RSI: 100·G/(G+L), G and L Wilder averages of gains and losses seeded with the mean of the first n changes. */
export class Rsi {
  private readonly gain: Ema;
  private readonly loss: Ema;
  private prev = NaN;

  constructor(n: number) {
    this.gain = wilder(n);
    this.loss = wilder(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.reset();
      return NaN;
    }
    const prev = this.prev;
    this.prev = x;
    if (prev !== prev) return NaN;
    const d = x - prev;
    const g = this.gain.update(d > 0 ? d : 0);
    const l = this.loss.update(d < 0 ? -d : 0);
    const s = g + l;
    // No movement at all over the averaging: neutral 50 (g is NaN while warming up).
    return s > 0 ? (100 * g) / s : g === g ? 50 : NaN;
  }

  reset(): void {
    this.gain.reset();
    this.loss.reset();
    this.prev = NaN;
  }
}

/** MACD = EMA(fast) − EMA(slow); signal = EMA(signal) of MACD from its first value; hist = MACD − signal. */
export class Macd {
  macd = NaN;
  signal = NaN;
  hist = NaN;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly smooth: Ema;

  constructor(fast: number, slow: number, signal: number) {
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.smooth = new Ema(signal);
  }

  update(x: number): void {
    const m = this.fast.update(x) - this.slow.update(x);
    // A NaN MACD (warm-up or NaN input) also resets the signal, so it starts at MACD's first value.
    const s = this.smooth.update(m);
    this.macd = m;
    this.signal = s;
    this.hist = m - s;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.smooth.reset();
    this.macd = this.signal = this.hist = NaN;
  }
}

/** Rate of change in percent: 100·(xₜ/xₜ₋ₙ − 1); NaN when xₜ₋ₙ is 0. */
export class Roc {
  private readonly lag: Lag;

  constructor(n: number) {
    this.lag = new Lag(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.lag.reset();
      return NaN;
    }
    const old = this.lag.update(x);
    return old !== 0 ? 100 * (x / old - 1) : NaN;
  }

  reset(): void {
    this.lag.reset();
  }
}

/** Log rate of change in percent: 100·ln(xₜ/xₜ₋ₙ); NaN unless both prices are positive. */
export class RocLog {
  private readonly lag: Lag;

  constructor(n: number) {
    this.lag = new Lag(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.lag.reset();
      return NaN;
    }
    const old = this.lag.update(x);
    return x > 0 && old > 0 ? 100 * Math.log(x / old) : NaN;
  }

  reset(): void {
    this.lag.reset();
  }
}

/** Momentum: xₜ − xₜ₋ₙ. */
export class Mom {
  private readonly lag: Lag;

  constructor(n: number) {
    this.lag = new Lag(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.lag.reset();
      return NaN;
    }
    return x - this.lag.update(x);
  }

  reset(): void {
    this.lag.reset();
  }
}

/** TRIX: 100·(E3ₜ/E3ₜ₋₁ − 1), E3 = EMA(EMA(EMA(x))), each EMA(n) seeded with the mean of its first n inputs. */
export class Trix {
  private readonly e1: Ema;
  private readonly e2: Ema;
  private readonly e3: Ema;
  private prev = NaN;

  constructor(n: number) {
    this.e1 = new Ema(n);
    this.e2 = new Ema(n);
    this.e3 = new Ema(n);
  }

  update(x: number): number {
    // A NaN (input or warm-up) passes down the chain and resets each EMA it reaches.
    const e = this.e3.update(this.e2.update(this.e1.update(x)));
    const prev = this.prev;
    this.prev = e;
    return prev !== 0 ? 100 * (e / prev - 1) : NaN;
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.e3.reset();
    this.prev = NaN;
  }
}

function column(n: number, to?: Float64Array): Float64Array {
  return to ?? new Float64Array(n);
}

export function rsi(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Rsi(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(close[i]);
  return o;
}

/** Writes MACD, signal and histogram; returns the three columns. */
export function macd(
  close: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  toMacd?: Float64Array,
  toSignal?: Float64Array,
  toHist?: Float64Array,
): [Float64Array, Float64Array, Float64Array] {
  const k = new Macd(fast, slow, signal);
  const m = column(close.length, toMacd);
  const s = column(close.length, toSignal);
  const h = column(close.length, toHist);
  for (let i = 0; i < close.length; i++) {
    k.update(close[i]);
    m[i] = k.macd;
    s[i] = k.signal;
    h[i] = k.hist;
  }
  return [m, s, h];
}

export function roc(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Roc(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(close[i]);
  return o;
}

export function rocLog(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new RocLog(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(close[i]);
  return o;
}

export function mom(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Mom(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(close[i]);
  return o;
}

export function trix(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const k = new Trix(n);
  const o = column(close.length, to);
  for (let i = 0; i < close.length; i++) o[i] = k.update(close[i]);
  return o;
}
