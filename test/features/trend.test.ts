/**
 * Trend kernels against references written here from the definitions (naive loops and closed
 * forms, nothing shared with the kernels), hand-computed tiny series, and edge cases.
 */
import { describe, expect, it } from 'vitest';
import { trend as families } from '../../src/features/catalog/trend.js';
import { adx, donchian, sar } from '../../src/features/kernels/trend.js';
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

/**
 * ADX from the definition, with every Wilder recursion written out in closed form:
 * S_t = r^(t−n+1)·Σ_{j<n} x_j + Σ_{n≤j≤t} r^(t−j)·x_j (r = (n−1)/n, x from bar 1), and
 * ADX_t = r^(t−2n+1)·mean(DX_n..DX_{2n−1}) + Σ_{2n≤j≤t} r^(t−j)·DX_j/n.
 */
function naiveAdx(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, n: number): number[][] {
  const len = c.length;
  const tr = nans(len);
  const plus = nans(len);
  const minus = nans(len);
  for (let i = 1; i < len; i++) {
    tr[i] = Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1]));
    const up = h[i] - h[i - 1];
    const down = l[i - 1] - l[i];
    plus[i] = up > down && up > 0 ? up : 0;
    minus[i] = down > up && down > 0 ? down : 0;
  }
  const r = (n - 1) / n;
  const wilderSum = (x: number[], t: number): number => {
    let s = 0;
    for (let j = 1; j < n; j++) s += x[j];
    s *= r ** (t - n + 1);
    for (let j = n; j <= t; j++) s += r ** (t - j) * x[j];
    return s;
  };
  const out = [nans(len), nans(len), nans(len), nans(len)];
  for (let t = n; t < len; t++) {
    const str = wilderSum(tr, t);
    const pdi = str > 0 ? (100 * wilderSum(plus, t)) / str : 0;
    const mdi = str > 0 ? (100 * wilderSum(minus, t)) / str : 0;
    out[1][t] = pdi;
    out[2][t] = mdi;
    out[3][t] = pdi + mdi > 0 ? (100 * Math.abs(pdi - mdi)) / (pdi + mdi) : 0;
  }
  const dx = out[3];
  for (let t = 2 * n - 1; t < len; t++) {
    let seed = 0;
    for (let j = n; j <= 2 * n - 1; j++) seed += dx[j];
    let a = (seed / n) * r ** (t - 2 * n + 1);
    for (let j = 2 * n; j <= t; j++) a += (r ** (t - j) * dx[j]) / n;
    out[0][t] = a;
  }
  return out;
}

describe('adx', () => {
  // Hand series: +DM = [·, 1, 1, 0, 0, 1], −DM = [·, 0, 0, 2, 0, 0] (bar 4 is a tie: up = down = 1,
  // so both are 0), TR = [·, 2, 2, 3, 5, 4].
  const h = f64([10, 11, 12, 11, 12, 13]);
  const l = f64([8, 9, 10, 8, 7, 9]);
  const c = f64([9, 10, 11, 9, 11, 12]);

  it('gives the hand-computed values with n = 2 (sums seeded with bar 1, first DI at bar 2, first ADX at bar 3)', () => {
    // Wilder sums with r = 1/2: ΣTR = 3, 4.5, 7.25, 7.625; Σ+DM = 1.5, 0.75, 0.375, 1.1875; Σ−DM = 0, 2, 1, 0.5.
    const [a, pdi, mdi, dx] = adx(h, l, c, 2);
    expect(compare(pdi, [NaN, NaN, 50, 75 / 4.5, 37.5 / 7.25, 118.75 / 7.625], 1e-14)).toBe('same');
    expect(compare(mdi, [NaN, NaN, 0, 200 / 4.5, 100 / 7.25, 50 / 7.625], 1e-14)).toBe('same');
    expect(compare(dx, [NaN, NaN, 100, 500 / 11, 500 / 11, 1100 / 27], 1e-14)).toBe('same');
    expect(compare(a, [NaN, NaN, NaN, 800 / 11, 650 / 11, 29650 / 594], 1e-14)).toBe('same');
  });

  it.each([14, 5, 1])('matches the definition on GOOG (n = %i)', (n) => {
    const got = adx(H, L, C, n);
    const want = naiveAdx(H, L, C, n);
    ['adx', 'plus_di', 'minus_di', 'dx'].forEach((name, o) => expect(`${name}: ${compare(got[o], want[o])}`).toBe(`${name}: same`));
    expect(got.map((col) => col.findIndex((v) => !Number.isNaN(v)))).toEqual([2 * n - 1, n, n, n]);
  });

  it('is 0 everywhere on flat prices (0/0 → 0)', () => {
    const flat = new Float64Array(30).fill(100);
    for (const col of adx(flat, flat, flat, 5)) expect(Array.from(col.subarray(9))).toEqual(new Array(21).fill(0));
  });
});

describe('donchian', () => {
  it.each([20, 5, 1])('is the highest high and lowest low of the last n bars, the current one included, on GOOG (n = %i)', (n) => {
    const want = [nans(N), nans(N), nans(N)];
    for (let i = n - 1; i < N; i++) {
      let hi = -Infinity;
      let lo = Infinity;
      for (let j = i - n + 1; j <= i; j++) {
        hi = Math.max(hi, H[j]);
        lo = Math.min(lo, L[j]);
      }
      want[0][i] = hi;
      want[1][i] = (hi + lo) / 2;
      want[2][i] = lo;
    }
    const got = donchian(H, L, n);
    got.forEach((col, o) => expect(compare(col, want[o], 0)).toBe('same'));
  });

  it('includes the current bar', () => {
    const [upper, mid, lower] = donchian(f64([5, 6, 9]), f64([4, 5, 1]), 2);
    expect([upper[2], mid[2], lower[2]]).toEqual([9, 5, 1]);
  });
});

/** TA-Lib's TA_SAR loop written over arrays, with bar 1's range standing in for "the previous bar" at bar 1. */
function naiveSar(h: ArrayLike<number>, l: ArrayLike<number>, a: number, m: number): number[] {
  const out = nans(h.length);
  if (h.length < 2) return out;
  const down = l[0] - l[1];
  let long = !(down > 0 && h[1] - h[0] < down);
  let sar = long ? l[0] : h[0];
  let ep = long ? h[1] : l[1];
  let af = a;
  for (let t = 1; t < h.length; t++) {
    const p = t === 1 ? 1 : t - 1;
    if (long && l[t] <= sar) {
      long = false;
      out[t] = Math.max(ep, h[p], h[t]);
      af = a;
      ep = l[t];
      sar = Math.max(out[t] + af * (ep - out[t]), h[p], h[t]);
    } else if (!long && h[t] >= sar) {
      long = true;
      out[t] = Math.min(ep, l[p], l[t]);
      af = a;
      ep = h[t];
      sar = Math.min(out[t] + af * (ep - out[t]), l[p], l[t]);
    } else {
      out[t] = sar;
      if (long ? h[t] > ep : l[t] < ep) {
        ep = long ? h[t] : l[t];
        af = Math.min(af + a, m);
      }
      sar = long ? Math.min(sar + af * (ep - sar), l[p], l[t]) : Math.max(sar + af * (ep - sar), h[p], h[t]);
    }
  }
  return out;
}

describe('sar', () => {
  it('follows a long trend, reverses to short and back (hand series)', () => {
    // Long start (bar 1's low is not below bar 0's): SAR = L₀ = 9, EP = H₁ = 11.
    // Bar 2: 9 + 0.02·(11 − 9) = 9.04. Bar 3: new high 12 → af 0.04: 9.04 + 0.04·2.96 = 9.1584.
    // Bar 4: new high 12.5 → af 0.06 gives 9.358896, and L = 9.2 touches it: reversal, SAR = EP 12.5.
    // Bar 5: 12.5 + 0.02·(9.2 − 12.5) = 12.434 is inside the previous bar's range → 12.5.
    // Bar 6: new low 8.5 → af 0.04: 12.5 − 0.16 = 12.34, and H = 12.4 crosses it: reversal, SAR = EP 8.5.
    // Bar 7: 8.5 + 0.02·(12.4 − 8.5) = 8.578, above the previous low 8.5 → 8.5.
    const h = f64([10, 11, 12, 12.5, 11, 10, 12.4, 13]);
    const l = f64([9, 9.5, 10.5, 11, 9.2, 8.5, 11.5, 12]);
    expect(compare(sar(h, l, 0.02, 0.2), [NaN, 9, 9.04, 9.1584, 12.5, 12.5, 8.5, 8.5], 1e-14)).toBe('same');
  });

  it("starts short when bar 1's −DM is positive", () => {
    // Down-move 1 > up-move −0.2: short, SAR = H₀ = 10, EP = L₁ = 8; next 10 + 0.02·(8 − 10) = 9.96.
    expect(compare(sar(f64([10, 9.8, 9]), f64([9, 8, 7]), 0.02, 0.2), [NaN, 10, 9.96], 1e-14)).toBe('same');
  });

  it("uses bar 1's own range in place of bar 0's when clamping at bar 1 (TA-Lib)", () => {
    // Long: SAR 9, EP 20; next 9 + 0.02·11 = 9.22, clamped to bar 1's low 9.5 only (bar 0's low 9 would give 9).
    expect(compare(sar(f64([10, 20, 21]), f64([9, 9.5, 10]), 0.02, 0.2), [NaN, 9, 9.22], 1e-14)).toBe('same');
  });

  it('reverses on bar 1 when its low touches the initial SAR', () => {
    // Long (up-move 2 > down-move 0.1), SAR = L₀ = 9 ≥ L₁ = 8.9: short at once, SAR = EP = 12.
    expect(compare(sar(f64([10, 12, 11]), f64([9, 8.9, 10]), 0.02, 0.2), [NaN, 12, 12], 1e-14)).toBe('same');
  });

  it.each([
    [0.02, 0.2],
    [0.01, 0.1],
    [0.05, 0.05],
  ])('matches the TA-Lib loop on GOOG (a = %f, m = %f)', (a, m) => {
    expect(compare(sar(H, L, a, m), naiveSar(H, L, a, m), 1e-12)).toBe('same');
  });

  it('accepts a ≤ m only', () => {
    const f = families.find((x) => x.spec.family === 'sar')!;
    expect(f.check!({ a: 0.02, m: 0.2 })).toBeNull();
    expect(f.check!({ a: 0.2, m: 0.2 })).toBeNull();
    expect(f.check!({ a: 0.3, m: 0.2 })).toMatch(/must not exceed/);
  });
});
