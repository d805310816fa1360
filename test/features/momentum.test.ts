/**
 * Momentum families against references computed independently: naive from-the-definition
 * implementations (O(n·N), written here without the kernels) on the GOOG sample, a published
 * RSI worked example, hand-computed tiny series and the edge cases (flat ranges, ties, rounding).
 */
import { describe, expect, it } from 'vitest';
import { momentum } from '../../src/features/catalog/momentum.js';
import type { FeatureFamily, Params } from '../../src/features/define.js';
import { googDaily } from '../helpers/real-bars.js';

interface Hlcv {
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

function family(name: string): FeatureFamily {
  const f = momentum.find((x) => x.spec.family === name);
  if (!f) throw new Error(`no family ${name}`);
  return f;
}

/** Runs a family's batch over the columns; one array per output. */
function run(name: string, p: Params, bars: Hlcv): Float64Array[] {
  const f = family(name);
  const close = Float64Array.from(bars.close);
  const n = close.length;
  const outs = f.spec.outputs.map(() => new Float64Array(n));
  const inputs = {
    time: Float64Array.from({ length: n }, (_, i) => i),
    open: close,
    high: Float64Array.from(bars.high),
    low: Float64Array.from(bars.low),
    close,
    volume: Float64Array.from(bars.volume),
    ref: null,
  };
  f.batch(inputs, p, outs, { interval: googDaily().interval, timezone: 'UTC' });
  return outs;
}

/** Close-only bars (high = low = close, volume 1). */
function closes(c: number[]): Hlcv {
  return { high: c, low: c, close: c, volume: c.map(() => 1) };
}

/** Same NaNs, and |got − want| ≤ tol·max(|want|, scale) elsewhere. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: number, tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      expect(`bar ${i}: ${g}`).toBe(`bar ${i}: ${w}`);
      continue;
    }
    if (Math.abs(g - w) > tol * Math.max(Math.abs(w), scale)) expect(`bar ${i}: ${g}`).toBe(`bar ${i}: ${w}`);
  }
}

// ---- naive references, straight from the definitions ----

const nans = (n: number): number[] => new Array<number>(n).fill(NaN);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const highest = (xs: ArrayLike<number>, from: number, to: number): number => Math.max(...Array.from(xs).slice(from, to + 1));
const lowest = (xs: ArrayLike<number>, from: number, to: number): number => Math.min(...Array.from(xs).slice(from, to + 1));

/** EMA α = 2/(n+1) of x from its first non-NaN value, seeded with the mean of the first n values. */
function naiveEma(x: number[], n: number, alpha = 2 / (n + 1)): number[] {
  const out = nans(x.length);
  const start = x.findIndex((v) => !Number.isNaN(v));
  if (start < 0 || start + n > x.length) return out;
  out[start + n - 1] = mean(x.slice(start, start + n));
  for (let t = start + n; t < x.length; t++) out[t] = out[t - 1] + alpha * (x[t] - out[t - 1]);
  return out;
}

function naiveSma(x: number[], n: number): number[] {
  return x.map((_, t) => (t >= n - 1 ? mean(x.slice(t - n + 1, t + 1)) : NaN));
}

function naiveRsi(c: number[], n: number): number[] {
  const d = c.map((v, t) => (t === 0 ? NaN : v - c[t - 1]));
  const g = naiveEma(d.map((v) => (v > 0 ? v : Number.isNaN(v) ? NaN : 0)), n, 1 / n);
  const l = naiveEma(d.map((v) => (v < 0 ? -v : Number.isNaN(v) ? NaN : 0)), n, 1 / n);
  return g.map((gt, t) => (Number.isNaN(gt) ? NaN : gt + l[t] === 0 ? 50 : (100 * gt) / (gt + l[t])));
}

function naiveFastK(b: Hlcv, n: number): number[] {
  return Array.from(b.close, (c, t) => {
    if (t < n - 1) return NaN;
    const hh = highest(b.high, t - n + 1, t);
    const ll = lowest(b.low, t - n + 1, t);
    return hh === ll ? 50 : (100 * (c - ll)) / (hh - ll);
  });
}

function naiveWillr(b: Hlcv, n: number): number[] {
  return Array.from(b.close, (c, t) => {
    if (t < n - 1) return NaN;
    const hh = highest(b.high, t - n + 1, t);
    const ll = lowest(b.low, t - n + 1, t);
    return hh === ll ? -50 : (-100 * (hh - c)) / (hh - ll);
  });
}

const typical = (b: Hlcv): number[] => Array.from(b.close, (c, t) => (b.high[t] + b.low[t] + c) / 3);

function naiveCci(b: Hlcv, n: number): number[] {
  const tp = typical(b);
  return tp.map((x, t) => {
    if (t < n - 1) return NaN;
    const w = tp.slice(t - n + 1, t + 1);
    const m = mean(w);
    const mad = mean(w.map((v) => Math.abs(v - m)));
    return mad === 0 ? 0 : (x - m) / (0.015 * mad);
  });
}

function naiveMfi(b: Hlcv, n: number): number[] {
  const tp = typical(b);
  const pos = tp.map((x, t) => (t > 0 && x > tp[t - 1] ? x * b.volume[t] : 0));
  const neg = tp.map((x, t) => (t > 0 && x < tp[t - 1] ? x * b.volume[t] : 0));
  return tp.map((_, t) => {
    if (t < n) return NaN;
    let p = 0;
    let m = 0;
    for (let j = t - n + 1; j <= t; j++) {
      p += pos[j];
      m += neg[j];
    }
    return p + m === 0 ? 50 : (100 * p) / (p + m);
  });
}

/** Bars since the extreme of the last n+1 values, the most recent one on ties. */
function barsSince(x: ArrayLike<number>, t: number, n: number, max: boolean): number {
  let best = t;
  for (let j = t - 1; j >= t - n; j--) if (max ? x[j] > x[best] : x[j] < x[best]) best = j;
  return t - best;
}

function naiveAroon(b: Hlcv, n: number): number[][] {
  const up = Array.from(b.close, (_, t) => (t < n ? NaN : (100 * (n - barsSince(b.high, t, n, true))) / n));
  const down = Array.from(b.close, (_, t) => (t < n ? NaN : (100 * (n - barsSince(b.low, t, n, false))) / n));
  return [up, down, up.map((u, t) => u - down[t])];
}

const lagged = (c: number[], n: number, f: (now: number, then: number) => number): number[] => c.map((v, t) => (t < n ? NaN : f(v, c[t - n])));

// ---- the GOOG sample against the naive references ----

describe('momentum families match naive implementations on GOOG daily', () => {
  const g = googDaily();
  const c = Array.from(g.close);
  const bars: Hlcv = { high: Array.from(g.high), low: Array.from(g.low), close: c, volume: Array.from(g.volume) };

  it.each([14, 5, 2])('rsi n=%i', (n) => {
    expectClose(run('rsi', { n }, bars)[0], naiveRsi(c, n), 100);
  });

  it.each([
    [12, 26, 9],
    [4, 9, 3],
  ])('macd %i/%i/%i', (fast, slow, signal) => {
    const [m, s, h] = run('macd', { fast, slow, signal }, bars);
    const ef = naiveEma(c, fast);
    const es = naiveEma(c, slow);
    const wantM = c.map((_, t) => ef[t] - es[t]);
    const wantS = naiveEma(wantM, signal);
    expectClose(m, wantM, 1);
    expectClose(s, wantS, 1);
    expectClose(h, wantM.map((v, t) => v - wantS[t]), 1);
  });

  it.each([
    [14, 3, 3],
    [5, 1, 2],
  ])('stoch n=%i k=%i d=%i and stoch_fastk, in 0…100', (n, k, d) => {
    const [sk, sd] = run('stoch', { n, k, d }, bars);
    const fast = naiveFastK(bars, n);
    const wantK = naiveSma(fast, k);
    const fastK = run('stoch_fastk', { n }, bars)[0];
    expectClose(fastK, fast, 100);
    expect(fastK.every((v) => Number.isNaN(v) || (v >= 0 && v <= 100))).toBe(true);
    expectClose(sk, wantK, 100);
    expectClose(sd, naiveSma(wantK, d), 100);
  });

  it.each([14, 3])('willr n=%i, in −100…0', (n) => {
    const got = run('willr', { n }, bars)[0];
    expectClose(got, naiveWillr(bars, n), 100);
    expect(got.every((v) => Number.isNaN(v) || (v >= -100 && v <= 0))).toBe(true);
  });

  it.each([20, 7])('cci n=%i', (n) => {
    expectClose(run('cci', { n }, bars)[0], naiveCci(bars, n), 100);
  });

  it.each([10, 1])('roc, roc_log and mom n=%i', (n) => {
    expectClose(run('roc', { n }, bars)[0], lagged(c, n, (a, b) => 100 * (a / b - 1)), 1);
    expectClose(run('roc_log', { n }, bars)[0], lagged(c, n, (a, b) => 100 * Math.log(a / b)), 1);
    expectClose(run('mom', { n }, bars)[0], lagged(c, n, (a, b) => a - b), 1);
  });

  it.each([15, 5])('trix n=%i', (n) => {
    const e3 = naiveEma(naiveEma(naiveEma(c, n), n), n);
    expectClose(run('trix', { n }, bars)[0], e3.map((v, t) => (t === 0 ? NaN : 100 * (v / e3[t - 1] - 1))), 1);
  });

  it.each([14, 5])('mfi n=%i', (n) => {
    expectClose(run('mfi', { n }, bars)[0], naiveMfi(bars, n), 100);
  });

  it.each([25, 9])('aroon n=%i', (n) => {
    const got = run('aroon', { n }, bars);
    naiveAroon(bars, n).forEach((want, o) => expectClose(got[o], want, 100));
  });
});

// ---- published and hand-computed values ----

describe('rsi', () => {
  it("reproduces StockCharts' worked example of Wilder's RSI(14) (published to 2 decimals)", () => {
    const close = [
      44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028,
      46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205,
      42.6628, 43.1314,
    ];
    const published = [
      70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3, 33.08, 37.77,
    ];
    const got = run('rsi', { n: 14 }, closes(close))[0];
    expect(Array.from(got.subarray(0, 14)).every(Number.isNaN)).toBe(true);
    published.forEach((v, i) => expect(Math.abs(got[14 + i] - v)).toBeLessThanOrEqual(0.005));
  });

  it('follows Wilder smoothing on a hand-computed series', () => {
    // n = 2, changes +1, −1, +2, 0: seed G = L = 0.5 → 50; G = 1.25, L = 0.25 → 83.3…; G = 0.625, L = 0.125 → 83.3…
    expectClose(run('rsi', { n: 2 }, closes([1, 2, 1, 3, 3]))[0], [NaN, NaN, 50, 250 / 3, 250 / 3], 100, 1e-12);
  });

  it('is 100 without losses, 0 without gains, 50 without changes', () => {
    expect(run('rsi', { n: 3 }, closes([1, 2, 3, 4, 5]))[0][4]).toBe(100);
    expect(run('rsi', { n: 3 }, closes([5, 4, 3, 2, 1]))[0][4]).toBe(0);
    expect(run('rsi', { n: 3 }, closes([7, 7, 7, 7, 7]))[0][4]).toBe(50);
  });
});

describe('macd', () => {
  it('is the EMA difference with a signal started at its first value (hand-computed)', () => {
    // fast 2 (α 2/3) from 1.5, slow 3 (α 1/2) from 2: MACD 0.5 from bar 2; signal 2 seeded at bar 3.
    const [m, s, h] = run('macd', { fast: 2, slow: 3, signal: 2 }, closes([1, 2, 3, 4, 5, 6]));
    expectClose(m, [NaN, NaN, 0.5, 0.5, 0.5, 0.5], 1, 1e-12);
    expectClose(s, [NaN, NaN, NaN, 0.5, 0.5, 0.5], 1, 1e-12);
    expectClose(h, [NaN, NaN, NaN, 0, 0, 0], 1, 1e-12);
  });

  it('rejects fast ≥ slow', () => {
    expect(family('macd').check?.({ fast: 26, slow: 26, signal: 9 })).toMatch(/less than/);
    expect(family('macd').check?.({ fast: 12, slow: 26, signal: 9 })).toBeNull();
  });
});

describe('stochastic and Williams %R', () => {
  it('are 50 and −50 on a flat range', () => {
    const flat = closes([3, 3, 3, 3, 3]);
    expect(run('stoch_fastk', { n: 3 }, flat)[0][4]).toBe(50);
    expect(run('stoch', { n: 3, k: 2, d: 2 }, flat).map((o) => o[4])).toEqual([50, 50]);
    expect(run('willr', { n: 3 }, flat)[0][4]).toBe(-50);
  });

  it('place the close in the range including the current bar (hand-computed)', () => {
    const bars = { high: [10, 12, 11, 13], low: [8, 9, 7, 10], close: [9, 11, 8, 12], volume: [1, 1, 1, 1] };
    // n = 3 at bar 3: HH 13, LL 7; at bar 2: HH 12, LL 7.
    expectClose(run('stoch_fastk', { n: 3 }, bars)[0], [NaN, NaN, 20, 500 / 6], 100, 1e-12);
    expectClose(run('willr', { n: 3 }, bars)[0], [NaN, NaN, -80, -100 / 6], 100, 1e-12);
    expectClose(run('stoch', { n: 3, k: 2, d: 1 }, bars)[0], [NaN, NaN, NaN, (20 + 500 / 6) / 2], 100, 1e-12);
  });
});

describe('cci', () => {
  it('is 100 on typical prices 1, 2, 3 (hand-computed)', () => {
    // TP 1, 2, 3: mean 2, mean absolute deviation 2/3 → (3 − 2)/(0.015·2/3) = 100.
    expectClose(run('cci', { n: 3 }, closes([1, 2, 3]))[0], [NaN, NaN, 100], 100, 1e-12);
  });

  it('is 0 on a flat window, also when equal decimal typical prices round to different doubles', () => {
    expect(run('cci', { n: 4 }, closes([0.1, 0.1, 0.1, 0.1, 0.1]))[0][4]).toBe(0);
    // 1.11809 + 1.1173 + 1.11783 = 1.11832 + 1.11715 + 1.11775, but not as doubles.
    const a = [1.11809, 1.1173, 1.11783];
    const b = [1.11832, 1.11715, 1.11775];
    expect((a[0] + a[1] + a[2]) / 3).not.toBe((b[0] + b[1] + b[2]) / 3);
    const rows = [a, b, a, b, a];
    const bars = { high: rows.map((r) => r[0]), low: rows.map((r) => r[1]), close: rows.map((r) => r[2]), volume: [5, 5, 5, 5, 5] };
    expect(run('cci', { n: 4 }, bars)[0][4]).toBe(0);
    expect(run('mfi', { n: 3 }, bars)[0][4]).toBe(50);
  });
});

describe('roc, roc_log, mom, trix', () => {
  it('hand-computed values', () => {
    const c = closes([100, 110, 121]);
    expectClose(run('roc', { n: 1 }, c)[0], [NaN, 10, 10], 1, 1e-12);
    expectClose(run('roc_log', { n: 2 }, c)[0], [NaN, NaN, 100 * Math.log(1.21)], 1, 1e-12);
    expectClose(run('mom', { n: 2 }, c)[0], [NaN, NaN, 21], 1, 1e-12);
    // With n = 1 every EMA is the price itself: TRIX is the one-bar percent change.
    expectClose(run('trix', { n: 1 }, c)[0], [NaN, 10, 10], 1, 1e-12);
  });

  it('give NaN, never infinity, from a zero or negative base', () => {
    expect(run('roc', { n: 1 }, closes([0, 5]))[0][1]).toBeNaN();
    expect(run('roc_log', { n: 1 }, closes([0, 5]))[0][1]).toBeNaN();
    expect(run('roc_log', { n: 1 }, closes([-1, 5]))[0][1]).toBeNaN();
  });
});

describe('mfi', () => {
  it('counts rising, falling and unchanged typical prices (hand-computed)', () => {
    // TP 10, 11, 10, 10, 10 with volume 1…5: flows +22, −30, none, none.
    const bars = { ...closes([10, 11, 10, 10, 10]), volume: [1, 2, 3, 4, 5] };
    expectClose(run('mfi', { n: 2 }, bars)[0], [NaN, NaN, (100 * 22) / 52, 0, 50], 100, 1e-12);
  });

  it('is exactly 50 once the last flow has left the window, whatever the running sums kept', () => {
    const c = [1, 1.1, 1.3, 1.7, 2.3, 3.1, 4.1, 5.3, 6.7, 8.3, 10.1, 12.1, 14.3, 14.3, 14.3, 14.3, 14.3, 14.3, 14.3];
    const bars = { ...closes(c), volume: c.map((_, i) => 1e6 / (i + 3)) };
    const got = run('mfi', { n: 5 }, bars)[0];
    expectClose(got, naiveMfi(bars, 5), 100);
    expect(Array.from(got.subarray(17))).toEqual([50, 50]);
  });

  it('is 50 on zero volume', () => {
    const bars = { ...closes([1, 2, 1, 2, 1]), volume: [0, 0, 0, 0, 0] };
    expect(run('mfi', { n: 2 }, bars)[0][4]).toBe(50);
  });
});

describe('aroon', () => {
  it('looks at n+1 bars and takes the most recent extreme on ties', () => {
    const h = [1, 3, 1, 3, 1, 1, 3, 2, 2, 3, 1, 1];
    const [up, down, osc] = run('aroon', { n: 3 }, closes(h));
    const third = 100 / 3;
    expectClose(up, [NaN, NaN, NaN, 100, 2 * third, third, 100, 2 * third, third, 100, 2 * third, third], 100, 1e-12);
    expectClose(down, [NaN, NaN, NaN, 2 * third, 100, 100, 2 * third, third, 0, 2 * third, 100, 100], 100, 1e-12);
    expectClose(osc, Array.from(up, (u, i) => u - down[i]), 100, 1e-12);
  });

  it('reaches 0 when the extreme is n bars back', () => {
    expect(run('aroon', { n: 3 }, closes([5, 1, 2, 3]))[0][3]).toBe(0);
  });
});
