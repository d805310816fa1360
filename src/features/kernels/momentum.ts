import { Ema, wilder } from './moving-averages.js';
import { BLOCK, Lag } from './rolling.js';

/**
 * Momentum kernels over one price column (close): RSI, MACD, rate of change, momentum, TRIX.
 * Each `update` takes one value and returns (or stores) the outputs after it, NaN while warming
 * up. A NaN input resets the state: NaN at that bar, then a fresh warm-up.
 *
 * Batch form (`run`), as for the moving averages: warm-up bars and NaN inputs go through
 * `update`; once warmed up, blocks of bars go to `steady`, which does the same arithmetic in
 * the same order with the state in local variables and stores it back.
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

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.gain.seeded && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const { gain, loss } = this;
    const ag = gain.alpha;
    const al = loss.alpha;
    let prev = this.prev;
    let g = gain.value;
    let l = loss.value;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      const d = v - prev;
      prev = v;
      g = ((d > 0 ? d : 0) - g) * ag + g;
      l = ((d < 0 ? -d : 0) - l) * al + l;
      const s = g + l;
      out[i] = s > 0 ? (100 * g) / s : 50;
    }
    this.prev = prev;
    gain.value = g;
    loss.value = l;
    return i;
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

  /** Batch form of update into three columns. The signal is seeded only from MACD values, so then both price EMAs are seeded too. */
  run(x: Float64Array, toMacd: Float64Array, toSignal: Float64Array, toHist: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.smooth.seeded && x[i] === x[i]) {
        i = this.steady(x, toMacd, toSignal, toHist, i, Math.min(x.length, i + BLOCK));
      } else {
        this.update(x[i]);
        toMacd[i] = this.macd;
        toSignal[i] = this.signal;
        toHist[i++] = this.hist;
      }
    }
  }

  private steady(x: Float64Array, toMacd: Float64Array, toSignal: Float64Array, toHist: Float64Array, from: number, to: number): number {
    const { fast, slow, smooth } = this;
    const af = fast.alpha;
    const as = slow.alpha;
    const ag = smooth.alpha;
    let f = fast.value;
    let sl = slow.value;
    let g = smooth.value;
    let m = this.macd;
    let i = from;
    for (; i < to; i++) {
      const y = x[i];
      if (y !== y) break;
      f = (y - f) * af + f;
      sl = (y - sl) * as + sl;
      m = f - sl;
      g = (m - g) * ag + g;
      toMacd[i] = m;
      toSignal[i] = g;
      toHist[i] = m - g;
    }
    fast.value = f;
    slow.value = sl;
    smooth.value = g;
    this.macd = m;
    this.signal = g;
    this.hist = m - g;
    return i;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.smooth.reset();
    this.macd = this.signal = this.hist = NaN;
  }
}

/**
 * For the batch forms of the lag kernels: whether bar i may be done by their steady loops,
 * which read the lagged value back from the column, x[i − n]. That is the lag's value when the
 * lag is full and i ≥ n: every value of x before i has been pushed, and a NaN among the last n
 * would have reset the lag.
 */
function lagSteady(lag: Lag, x: Float64Array, i: number, n: number): boolean {
  return i >= n && x[i] === x[i] && lag.full();
}

/** After a steady loop over x[from, to), pushes the last of those values (as many as it holds) into the lag. */
function refill(lag: Lag, x: Float64Array, from: number, to: number): void {
  for (let j = Math.max(from, to - lag.size); j < to; j++) lag.update(x[j]);
}

/** Rate of change in percent: 100·(xₜ/xₜ₋ₙ − 1); NaN when xₜ₋ₙ is 0. */
export class Roc {
  private readonly n: number;
  private readonly lag: Lag;

  constructor(n: number) {
    this.n = n;
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

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (lagSteady(this.lag, x, i, this.n)) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const nan = NaN; // a local: see BLOCK in rolling.ts
    const n = this.n;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      const old = x[i - n];
      out[i] = old !== 0 ? 100 * (v / old - 1) : nan;
    }
    refill(this.lag, x, from, i);
    return i;
  }

  reset(): void {
    this.lag.reset();
  }
}

/** Log rate of change in percent: 100·ln(xₜ/xₜ₋ₙ); NaN unless both prices are positive. */
export class RocLog {
  private readonly n: number;
  private readonly lag: Lag;

  constructor(n: number) {
    this.n = n;
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

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (lagSteady(this.lag, x, i, this.n)) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const nan = NaN; // a local: see BLOCK in rolling.ts
    const n = this.n;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      const old = x[i - n];
      out[i] = v > 0 && old > 0 ? 100 * Math.log(v / old) : nan;
    }
    refill(this.lag, x, from, i);
    return i;
  }

  reset(): void {
    this.lag.reset();
  }
}

/** Momentum: xₜ − xₜ₋ₙ. */
export class Mom {
  private readonly n: number;
  private readonly lag: Lag;

  constructor(n: number) {
    this.n = n;
    this.lag = new Lag(n);
  }

  update(x: number): number {
    if (x !== x) {
      this.lag.reset();
      return NaN;
    }
    return x - this.lag.update(x);
  }

  /** Batch form: out[i] = update(x[i]). */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (lagSteady(this.lag, x, i, this.n)) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const n = this.n;
    let i = from;
    for (; i < to; i++) {
      const v = x[i];
      if (v !== v) break;
      out[i] = v - x[i - n];
    }
    refill(this.lag, x, from, i);
    return i;
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

  /** Batch form: out[i] = update(x[i]). Once E3 is seeded so are E1 and E2, and prev is E3's value. */
  run(x: Float64Array, out: Float64Array): void {
    for (let i = 0; i < x.length; ) {
      if (this.e3.seeded && x[i] === x[i]) i = this.steady(x, out, i, Math.min(x.length, i + BLOCK));
      else out[i] = this.update(x[i++]);
    }
  }

  private steady(x: Float64Array, out: Float64Array, from: number, to: number): number {
    const nan = NaN; // a local: see BLOCK in rolling.ts
    const { e1, e2, e3 } = this;
    const a1 = e1.alpha;
    const a2 = e2.alpha;
    const a3 = e3.alpha;
    let v1 = e1.value;
    let v2 = e2.value;
    let v3 = e3.value;
    let i = from;
    for (; i < to; i++) {
      const y = x[i];
      if (y !== y) break;
      v1 = (y - v1) * a1 + v1;
      v2 = (v1 - v2) * a2 + v2;
      const prev = v3;
      v3 = (v2 - v3) * a3 + v3;
      out[i] = prev !== 0 ? 100 * (v3 / prev - 1) : nan;
    }
    e1.value = v1;
    e2.value = v2;
    e3.value = v3;
    this.prev = v3;
    return i;
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
  const o = column(close.length, to);
  new Rsi(n).run(close, o);
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
  const m = column(close.length, toMacd);
  const s = column(close.length, toSignal);
  const h = column(close.length, toHist);
  new Macd(fast, slow, signal).run(close, m, s, h);
  return [m, s, h];
}

export function roc(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(close.length, to);
  new Roc(n).run(close, o);
  return o;
}

export function rocLog(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(close.length, to);
  new RocLog(n).run(close, o);
  return o;
}

export function mom(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(close.length, to);
  new Mom(n).run(close, o);
  return o;
}

export function trix(close: Float64Array, n: number, to?: Float64Array): Float64Array {
  const o = column(close.length, to);
  new Trix(n).run(close, o);
  return o;
}
