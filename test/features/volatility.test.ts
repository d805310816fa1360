/**
 * Volatility kernels against references written here from the definitions (naive loops over
 * each window, nothing shared with the kernels), hand-computed tiny series, and edge cases.
 */
import { describe, expect, it } from 'vitest';
import { volatility as families } from '../../src/features/catalog/volatility.js';
import { atr, bollinger, closeVolatility, keltner, runSd, trueRange } from '../../src/features/kernels/volatility.js';
import { googDaily } from '../helpers/real-bars.js';

const goog = googDaily();
const { high: H, low: L, close: C } = goog;
const N = C.length;

/** Index and values of the first element that differs by more than tol relative (NaN must match NaN), or 'same'. */
function compare(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): string {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) return `bar ${i}: ${a} vs ${e}`;
  }
  return 'same';
}

const f64 = (xs: number[]) => Float64Array.from(xs);
const nans = (n: number) => new Array<number>(n).fill(NaN);

function naiveTr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>): number[] {
  const out = nans(c.length);
  for (let i = 1; i < c.length; i++) out[i] = Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1]));
  return out;
}

/** Wilder's ATR: mean of TR[1..n] at bar n, then ATRₜ = (ATRₜ₋₁·(n−1) + TRₜ)/n. */
function naiveAtr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, n: number): number[] {
  const tr = naiveTr(h, l, c);
  const out = nans(c.length);
  if (c.length <= n) return out;
  let s = 0;
  for (let i = 1; i <= n; i++) s += tr[i];
  out[n] = s / n;
  for (let i = n + 1; i < c.length; i++) out[i] = (out[i - 1] * (n - 1) + tr[i]) / n;
  return out;
}

function windowMean(x: ArrayLike<number>, end: number, n: number): number {
  let s = 0;
  for (let j = end - n + 1; j <= end; j++) s += x[j];
  return s / n;
}

function windowSumSquares(x: ArrayLike<number>, end: number, n: number): number {
  const m = windowMean(x, end, n);
  let ss = 0;
  for (let j = end - n + 1; j <= end; j++) ss += (x[j] - m) ** 2;
  return ss;
}

function naiveEma(x: ArrayLike<number>, n: number): number[] {
  const out = nans(x.length);
  if (x.length < n) return out;
  out[n - 1] = windowMean(x, n - 1, n);
  const a = 2 / (n + 1);
  for (let i = n; i < x.length; i++) out[i] = a * x[i] + (1 - a) * out[i - 1];
  return out;
}

describe('tr', () => {
  it('is the largest of H − L, |H − Cₜ₋₁|, |L − Cₜ₋₁|, undefined on the first bar (hand series)', () => {
    // bar 1: plain range 2; bar 2: gap up (|H − C₁| = 5); bar 3: gap down (|L − C₂| = 6).
    const tr = trueRange(f64([10, 11, 15, 9]), f64([8, 9, 14, 8.5]), f64([9, 10, 14.5, 9]));
    expect(Array.from(tr)).toEqual([NaN, 2, 5, 6]);
  });

  it('matches the definition on GOOG', () => {
    expect(compare(trueRange(H, L, C), naiveTr(H, L, C), 1e-12)).toBe('same');
  });
});

describe('atr', () => {
  // TR = [NaN, 2, 2, 3, 5, 4].
  const h = f64([10, 11, 12, 11, 12, 13]);
  const l = f64([8, 9, 10, 8, 7, 9]);
  const c = f64([9, 10, 11, 9, 11, 12]);

  it('is seeded with the mean of TR[1..n] at bar n, then Wilder-smoothed (hand series, n = 3)', () => {
    const a = atr(h, l, c, 3);
    expect(compare(a, [NaN, NaN, NaN, 7 / 3, 29 / 9, 94 / 27], 1e-14)).toBe('same');
  });

  it.each([14, 5, 1])('matches the definition on GOOG (n = %i)', (n) => {
    expect(compare(atr(H, L, C, n), naiveAtr(H, L, C, n))).toBe('same');
  });
});

describe('bb', () => {
  function naiveBb(x: ArrayLike<number>, n: number, k: number): number[][] {
    const cols = [0, 1, 2, 3, 4].map(() => nans(x.length));
    for (let i = n - 1; i < x.length; i++) {
      const mid = windowMean(x, i, n);
      const sd = Math.sqrt(windowSumSquares(x, i, n) / n);
      const upper = mid + k * sd;
      const lower = mid - k * sd;
      cols[0][i] = upper;
      cols[1][i] = mid;
      cols[2][i] = lower;
      cols[3][i] = upper > lower ? (x[i] - lower) / (upper - lower) : 0.5;
      cols[4][i] = (upper - lower) / mid;
    }
    return cols;
  }

  it.each([
    [20, 2],
    [7, 2.5],
    [2, 0.1],
  ])('matches the definition with the population sd on GOOG (n = %i, k = %f)', (n, k) => {
    const got = bollinger(C, n, k);
    const want = naiveBb(C, n, k);
    got.forEach((col, o) => expect(`${o}: ${compare(col, want[o])}`).toBe(`${o}: same`));
  });

  it('uses the population sd: closes 1, 2, 3 give σ = √(2/3)', () => {
    const [upper, mid, lower, pctb, width] = bollinger(f64([1, 2, 3]), 3, 2);
    const sd = Math.sqrt(2 / 3);
    expect(mid[2]).toBeCloseTo(2, 14);
    expect(upper[2]).toBeCloseTo(2 + 2 * sd, 14);
    expect(lower[2]).toBeCloseTo(2 - 2 * sd, 14);
    expect(pctb[2]).toBeCloseTo((3 - (2 - 2 * sd)) / (4 * sd), 14);
    expect(width[2]).toBeCloseTo((4 * sd) / 2, 14);
    expect(Number.isNaN(mid[1])).toBe(true);
  });

  it('collapses exactly on a flat window, even after volatile prices: %B 0.5, width 0', () => {
    // Without the exact flat test, the running sums keep a residue here and %B comes out 0.50000006.
    const x = new Float64Array(45);
    for (let i = 0; i < 45; i++) x[i] = i < 27 ? 50_000 + 1234.567 * Math.sin(i * 1.7) : 50_000.01;
    const [upper, mid, lower, pctb, width] = bollinger(x, 5, 2);
    for (let i = 31; i < 45; i++) {
      expect([upper[i], mid[i], lower[i], pctb[i], width[i]]).toEqual([50_000.01, 50_000.01, 50_000.01, 0.5, 0]);
    }
    expect(pctb[30]).not.toBe(0.5);
  });
});

describe('keltner', () => {
  it.each([
    [20, 2],
    [5, 1.5],
  ])('matches EMA(n) of (H+L+C)/3 ± k·ATR(n) on GOOG (n = %i, k = %f)', (n, k) => {
    const typical = Array.from(C, (c, i) => (H[i] + L[i] + c) / 3);
    const mid = naiveEma(typical, n);
    const a = naiveAtr(H, L, C, n);
    const [upper, m, lower] = keltner(H, L, C, n, k);
    expect(compare(m, mid)).toBe('same');
    expect(compare(upper, mid.map((v, i) => v + k * a[i]))).toBe('same');
    expect(compare(lower, mid.map((v, i) => v - k * a[i]))).toBe('same');
    // The mid line is ready one bar before the ATR.
    expect(Number.isNaN(m[n - 1]) || Number.isNaN(upper[n])).toBe(false);
    expect(Number.isNaN(upper[n - 1])).toBe(true);
  });
});

describe('runsd', () => {
  it.each([20, 5, 2])('is the sample sd of the last n closes on GOOG (n = %i)', (n) => {
    const want = nans(N);
    for (let i = n - 1; i < N; i++) want[i] = Math.sqrt(windowSumSquares(C, i, n) / (n - 1));
    expect(compare(runSd(C, n), want)).toBe('same');
  });

  it('with n = 2 is |Δx|/√2', () => {
    expect(compare(runSd(f64([1, 4, 2]), 2), [NaN, 3 / Math.SQRT2, 2 / Math.SQRT2], 1e-14)).toBe('same');
  });
});

describe('volatility', () => {
  function naiveVol(x: ArrayLike<number>, n: number): number[] {
    const r = nans(x.length);
    for (let i = 1; i < x.length; i++) r[i] = Math.log(x[i] / x[i - 1]);
    const out = nans(x.length);
    for (let i = n - 1; i < x.length; i++) out[i] = Math.sqrt(252) * Math.sqrt(windowSumSquares(r, i, n - 1) / (n - 2));
    return out;
  }

  it.each([21, 7, 3])('is √252 · the sample sd of the last n − 1 log returns on GOOG (n = %i)', (n) => {
    const got = closeVolatility(C, n);
    expect(compare(got, naiveVol(C, n))).toBe('same');
    expect(got.findIndex((v) => !Number.isNaN(v))).toBe(n - 1);
  });

  it('is 0 for prices growing at a constant rate, and restarts after a non-positive close', () => {
    const x = f64([100, 110, 121, 133.1, 0, 100, 110, 121]);
    const v = closeVolatility(x, 3);
    expect(v[2]).toBeCloseTo(0, 12);
    expect(v[3]).toBeCloseTo(0, 12);
    expect([v[4], v[5], v[6]]).toEqual([NaN, NaN, NaN]);
    expect(v[7]).toBeCloseTo(0, 12);
  });
});

describe('volatility catalog', () => {
  it('declares the warm-ups the kernels produce', () => {
    const byName = Object.fromEntries(families.map((f) => [f.spec.family, f]));
    expect(byName.tr.warmup({})).toEqual([1]);
    expect(byName.atr.warmup({ n: 14 })).toEqual([14]);
    expect(byName.bb.warmup({ n: 20, k: 2 })).toEqual([19, 19, 19, 19, 19]);
    expect(byName.keltner.warmup({ n: 20, k: 2 })).toEqual([20, 19, 20]);
    expect(byName.runsd.warmup({ n: 20 })).toEqual([19]);
    expect(byName.volatility.warmup({ n: 21 })).toEqual([20]);
  });
});
