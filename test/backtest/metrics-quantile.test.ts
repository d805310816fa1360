/** Selection and quantiles against sorting, including orders that defeat naive pivots. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, select } from '../../src/backtest/metrics/quantile.js';

const sorted = (xs: ArrayLike<number>) => Float64Array.from(xs).sort();

describe('select', () => {
  it('returns the k-th smallest and partitions around it, for random arrays with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }).chain((xs) =>
          fc.tuple(fc.constant(xs), fc.integer({ min: 0, max: xs.length - 1 })),
        ),
        ([xs, k]) => {
          const a = Float64Array.from(xs);
          const v = select(a, k);
          expect(v).toBe(sorted(xs)[k]);
          expect(a[k]).toBe(v);
          for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(v);
          for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(v);
          // a permutation of the input
          expect(sorted(a)).toEqual(sorted(xs));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('handles sorted, reversed, constant and organ-pipe orders', () => {
    const n = 10_001;
    const orders = [
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => n - i),
      Array.from({ length: n }, () => 3),
      Array.from({ length: n }, (_, i) => Math.min(i, n - 1 - i)),
      Array.from({ length: n }, (_, i) => (i % 2 ? i : -i)),
    ];
    for (const xs of orders) {
      const s = sorted(xs);
      for (const k of [0, 1, 500, 5000, 9500, n - 1]) expect(select(Float64Array.from(xs), k)).toBe(s[k]);
    }
  });
});

describe('quantile (linear, numpy default)', () => {
  it('interpolates between order statistics: numpy.quantile([1, 2, 3, 4], p)', () => {
    // h = 3p: p = 0.05 → 1.15; p = 0.5 → 2.5; p = 0.95 → 3.85
    expect(quantile(Float64Array.of(4, 1, 3, 2), 0.05)).toBeCloseTo(1.15, 12);
    expect(quantile(Float64Array.of(4, 1, 3, 2), 0.5)).toBe(2.5);
    expect(quantile(Float64Array.of(4, 1, 3, 2), 0.95)).toBeCloseTo(3.85, 12);
    expect(quantile(Float64Array.of(7), 0.05)).toBe(7);
    expect(quantile(new Float64Array(0), 0.05)).toBeNaN();
  });

  it('agrees with sorting and interpolating', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p) => {
          const s = sorted(xs);
          const h = (s.length - 1) * p;
          const lo = Math.floor(h);
          const expected = lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
          expect(quantile(Float64Array.from(xs), p)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
