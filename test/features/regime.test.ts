/**
 * Regime buckets against a reference written from the definition: the value computed per
 * window (two-pass sample sd, or the n-bar log return), then its rank counted directly among
 * the last m values and cut into q buckets.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/features/registry.js';
import { trendRegime, volRegime } from '../../src/features/kernels/regime.js';
import { googDaily } from '../helpers/real-bars.js';

const close = googDaily().close;

/** √252 · sample sd of the n − 1 one-bar log returns ending at each bar. */
function naiveVolatility(c: Float64Array, n: number): number[] {
  return Array.from(c, (_, t) => {
    if (t < n - 1) return NaN;
    const r: number[] = [];
    for (let j = t - n + 2; j <= t; j++) r.push(Math.log(c[j] / c[j - 1]));
    const m = r.reduce((a, b) => a + b, 0) / r.length;
    return Math.sqrt(252) * Math.sqrt(r.reduce((a, v) => a + (v - m) ** 2, 0) / (r.length - 1));
  });
}

/** Bucket of v[t] among v[t−m+1…t]: p = (strictly below + ½·equal others)/(m − 1). */
function naiveBuckets(v: number[], m: number, q: number): number[] {
  return v.map((x, t) => {
    if (t < m - 1) return NaN;
    const window = v.slice(t - m + 1, t + 1);
    if (window.some(Number.isNaN)) return NaN;
    const below = window.filter((w) => w < x).length;
    const equal = window.filter((w) => w === x).length - 1;
    const p = (below + equal / 2) / (m - 1);
    return Math.min(q - 1, Math.floor(q * p));
  });
}

function naiveLogret(c: Float64Array, n: number): number[] {
  return Array.from(c, (x, t) => (t < n ? NaN : Math.log(x / c[t - n])));
}

function expectSame(got: Float64Array, want: number[]): void {
  const diff = want.findIndex((w, i) => !Object.is(w, got[i]));
  expect(diff < 0 ? 'same' : `bar ${diff}: ${got[diff]} vs ${want[diff]}`).toBe('same');
}

/** Closes 2^e whose one-bar log returns are the given multiples of ln 2 (ordered like them, ties exact). */
function powersOfTwo(steps: number[]): Float64Array {
  const c = new Float64Array(steps.length + 1);
  let e = 0;
  c[0] = 1;
  steps.forEach((s, i) => (c[i + 1] = 2 ** (e += s)));
  return c;
}

describe('vol_regime', () => {
  it('matches the rank counted directly among the last m volatilities on GOOG', () => {
    for (const [n, m, q] of [[21, 252, 3], [7, 84, 2], [3, 10, 10], [63, 500, 5]]) {
      const want = naiveBuckets(naiveVolatility(close, n), m, q);
      const got = volRegime(close, n, m, q);
      expectSame(got, want);
      expect(got.findIndex((v) => !Number.isNaN(v))).toBe(n - 1 + m - 1);
    }
  });

  it('uses every bucket on GOOG and puts the flat window in the middle (p = ½)', () => {
    const b = volRegime(close, 21, 252, 3);
    expect(new Set(b.subarray(271))).toEqual(new Set([0, 1, 2]));
    const flat = new Float64Array(300).fill(10);
    for (const [q, mid] of [[2, 1], [3, 1], [4, 2], [5, 2]]) expect(volRegime(flat, 5, 20, q)[299]).toBe(mid);
  });
});

describe('trend_regime', () => {
  it('matches the rank counted directly among the last m n-bar log returns on GOOG', () => {
    for (const [n, m, q] of [[20, 252, 3], [7, 84, 2], [1, 10, 4], [60, 1000, 10]]) {
      const want = naiveBuckets(naiveLogret(close, n), m, q);
      const got = trendRegime(close, n, m, q);
      expectSame(got, want);
      expect(got.findIndex((v) => !Number.isNaN(v))).toBe(n + m - 1);
    }
  });

  it('hand example: ties count half, a strict maximum is the top bucket', () => {
    // Last 10 one-bar returns (× ln 2): 3 1 2 2 5 −1 0 2 4 | 2. Of the 9 others 3 are below 2
    // and 3 equal it: p = (3 + 1.5)/9 = ½.
    const c = powersOfTwo([3, 1, 2, 2, 5, -1, 0, 2, 4, 2]);
    for (const [q, want] of [[2, 1], [3, 1], [4, 2], [10, 5]]) expect(trendRegime(c, 1, 10, q)[10]).toBe(want);
    // 6 is above all 9 others: p = 1, bucket min(q − 1, q) = q − 1. −2 is below all: bucket 0.
    const top = powersOfTwo([3, 1, 2, 2, 5, -1, 0, 2, 4, 6]);
    const bottom = powersOfTwo([3, 1, 2, 2, 5, -1, 0, 2, 4, -2]);
    for (const q of [2, 3, 7]) {
      expect(trendRegime(top, 1, 10, q)[10]).toBe(q - 1);
      expect(trendRegime(bottom, 1, 10, q)[10]).toBe(0);
    }
    // One of the 9 others (−1) is below ½, none equal: p = 1/9, which q = 9 puts exactly on the edge of bucket 1.
    const edge = powersOfTwo([3, 1, 2, 2, 5, 7, 4, 2, -1, 0.5]);
    expect(trendRegime(edge, 1, 10, 9)[10]).toBe(1);
  });

  it('resets on a NaN close and warms up again', () => {
    const c = close.slice(0, 400);
    c[200] = NaN;
    const got = trendRegime(c, 5, 20, 3);
    const after = trendRegime(close.slice(201, 400), 5, 20, 3);
    for (let t = 200; t < 201 + 5 + 20 - 1; t++) expect(got[t]).toBeNaN();
    expect(got[225]).not.toBeNaN();
    expectSame(got.subarray(201), Array.from(after));
  });
});

describe('regime families', () => {
  it('resolve with parameters n, m, q in order', () => {
    const reg = registry();
    expect(reg.resolve('vol_regime').name).toBe('vol_regime_21_252_3');
    expect(reg.resolve('trend_regime_10_100_5').params).toEqual({ n: 10, m: 100, q: 5 });
    expect(() => reg.resolve('vol_regime_21_252_11')).toThrow(/within 2…10/);
  });
});
