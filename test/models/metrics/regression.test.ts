import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { informationCoefficient, rankIc, rmse } from '../../../src/models/validation/metrics.js';

/** Pearson written out from its definition (one pass over explicit means). */
function pearsonByDefinition(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
  const va = a.reduce((s, v) => s + (v - ma) ** 2, 0);
  const vb = b.reduce((s, v) => s + (v - mb) ** 2, 0);
  return cov / Math.sqrt(va * vb);
}

/** Ranks by counting: 1 + number of smaller values + half the number of other equal values. */
function ranksByCounting(v: number[]): number[] {
  return v.map((x) => 1 + v.filter((u) => u < x).length + (v.filter((u) => u === x).length - 1) / 2);
}

const pairs = fc
  .array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), { minLength: 3, maxLength: 30 })
  .filter((rows) => new Set(rows.map((r) => r[0])).size > 1 && new Set(rows.map((r) => r[1])).size > 1)
  .map((rows) => ({ y: rows.map((r) => r[0] / 4), f: rows.map((r) => r[1] / 4) }));

/** Two sequences of the same length, each without repeated values. */
const distinctPair = fc
  .integer({ min: 3, max: 25 })
  .chain((n) => fc.tuple(fc.uniqueArray(fc.integer({ min: -100, max: 100 }), { minLength: n, maxLength: n }), fc.uniqueArray(fc.integer({ min: -100, max: 100 }), { minLength: n, maxLength: n })));

describe('rmse', () => {
  test("sklearn's documented mean_squared_error example (0.375), square-rooted", () => {
    expect(rmse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBeCloseTo(Math.sqrt(0.375), 15);
  });
});

describe('informationCoefficient (Pearson)', () => {
  test('equals the definition', () => {
    fc.assert(
      fc.property(pairs, ({ y, f }) => {
        expect(informationCoefficient(y, f)).toBeCloseTo(pearsonByDefinition(y, f), 12);
      }),
    );
  });

  test('is ±1 for exact linear relations and unaffected by a large offset', () => {
    const y = [1, 2, 3, 4, 5.5];
    expect(informationCoefficient(y, y.map((v) => 3 * v - 7))).toBeCloseTo(1, 15);
    expect(informationCoefficient(y, y.map((v) => -2 * v))).toBeCloseTo(-1, 15);
    const f = [0.3, -0.1, 0.4, 0.2, 0.9];
    expect(informationCoefficient(y.map((v) => v + 1e9), f)).toBeCloseTo(informationCoefficient(y, f), 9);
  });

  test('is NaN when either side is constant, even values whose mean rounds', () => {
    expect(informationCoefficient([0.1, 0.1, 0.1], [1, 2, 3])).toBeNaN();
    expect(informationCoefficient([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(informationCoefficient([1], [2])).toBeNaN();
  });
});

describe('rankIc (Spearman)', () => {
  test("scipy's documented example: spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233", () => {
    expect(rankIc([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 14);
  });

  test('without ties equals 1 − 6 Σd² / (n (n² − 1))', () => {
    fc.assert(
      fc.property(distinctPair, ([values, other]) => {
        const n = values.length;
        const ry = ranksByCounting(values);
        const rf = ranksByCounting(other);
        const d2 = ry.reduce((s, r, i) => s + (r - rf[i]) ** 2, 0);
        expect(rankIc(values, other)).toBeCloseTo(1 - (6 * d2) / (n * (n * n - 1)), 12);
      }),
    );
  });

  test('with ties equals Pearson of midranks counted by hand', () => {
    fc.assert(
      fc.property(pairs, ({ y, f }) => {
        expect(rankIc(y, f)).toBeCloseTo(pearsonByDefinition(ranksByCounting(y), ranksByCounting(f)), 12);
      }),
    );
  });

  test('is invariant to increasing transforms of either side', () => {
    fc.assert(
      fc.property(pairs, ({ y, f }) => {
        expect(rankIc(y.map((v) => Math.exp(v)), f.map((v) => v ** 3))).toBeCloseTo(rankIc(y, f), 12);
      }),
    );
  });
});

test('non-finite values and length mismatches are refused with METRIC_INPUT_INVALID', () => {
  for (const f of [() => rmse([1, 2], [1]), () => informationCoefficient([1, NaN], [1, 2]), () => rankIc([1, 2], [Infinity, 2])]) {
    expect(f).toThrow(SextantError);
    try {
      f();
    } catch (e) {
      expect((e as SextantError).code).toBe('METRIC_INPUT_INVALID');
    }
  }
});
