import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyIsotonic, fitIsotonicMap, isotonicRegression } from '../../../src/models/calibration/isotonic.js';

const sse = (fit: ArrayLike<number>, v: number[], w: number[]) => v.reduce((s, x, i) => s + w[i] * (fit[i] - x) ** 2, 0);

/**
 * The optimum by brute force: the isotonic solution is constant on blocks of consecutive points,
 * each at its block's weighted mean, so enumerate all 2^(n−1) ways to cut the sequence into
 * blocks, keep the cuts whose block means do not decrease, and take the one of least error.
 */
function bruteForce(v: number[], w: number[]): number[] {
  const n = v.length;
  let best: number[] = [];
  let bestError = Infinity;
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    const fit: number[] = [];
    let start = 0;
    let previous = -Infinity;
    let monotone = true;
    for (let i = 0; i < n; i++) {
      if (i === n - 1 || (mask >> i) & 1) {
        let sw = 0;
        let swv = 0;
        for (let k = start; k <= i; k++) {
          sw += w[k];
          swv += w[k] * v[k];
        }
        const mean = swv / sw;
        if (mean < previous - 1e-12) monotone = false;
        previous = mean;
        for (let k = start; k <= i; k++) fit.push(mean);
        start = i + 1;
      }
    }
    if (!monotone) continue;
    const e = sse(fit, v, w);
    if (e < bestError - 1e-12) {
      bestError = e;
      best = fit;
    }
  }
  return best;
}

const weightedValues = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(fc.array(fc.integer({ min: -10, max: 10 }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n })));

describe('isotonicRegression (PAV)', () => {
  test('hand examples', () => {
    expect(Array.from(isotonicRegression([1, 3, 2, 4, 3, 5]))).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
    expect(Array.from(isotonicRegression([4, 3, 2, 1]))).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(isotonicRegression([1, 2, 2, 3]))).toEqual([1, 2, 2, 3]);
    // a later violator pulls an earlier pool down again: [5, 1] pools to 3, then 0 pools all three to 2
    expect(Array.from(isotonicRegression([5, 1, 0]))).toEqual([2, 2, 2]);
    expect(Array.from(isotonicRegression([3, 1], [1, 3]))).toEqual([1.5, 1.5]);
  });

  test('equals the brute-force least-squares monotone fit', () => {
    fc.assert(
      fc.property(weightedValues, ([v, w]) => {
        const fit = isotonicRegression(v, w);
        const best = bruteForce(v, w);
        for (let i = 0; i < v.length; i++) expect(fit[i]).toBeCloseTo(best[i], 10);
      }),
    );
  });

  test('is non-decreasing and no other non-decreasing sequence fits better', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 60, maxLength: 60 }), (v, other) => {
        const w = v.map(() => 1);
        const fit = isotonicRegression(v);
        for (let i = 1; i < fit.length; i++) expect(fit[i]).toBeGreaterThanOrEqual(fit[i - 1]);
        const competitor = other.slice(0, v.length).sort((a, b) => a - b);
        expect(sse(fit, v, w)).toBeLessThanOrEqual(sse(competitor, v, w) + 1e-9);
      }),
    );
  });
});

describe('fitIsotonicMap / applyIsotonic', () => {
  test('hand example: knots, linear interpolation between them, clipping outside', () => {
    const map = fitIsotonicMap([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(map.x)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(map.y)).toEqual([0, 0.5, 0.5, 1]);
    const out = applyIsotonic(map, Float64Array.of(0, 0.1, 0.15, 0.25, 0.35, 0.4, 0.9, NaN));
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeCloseTo(0.25, 15);
    expect(out[3]).toBe(0.5);
    expect(out[4]).toBeCloseTo(0.75, 15);
    expect(out[5]).toBe(1);
    expect(out[6]).toBe(1);
    expect(out[7]).toBeNaN();
  });

  test('rows with equal p are merged into one point first; inner points of a flat run are dropped', () => {
    const map = fitIsotonicMap([0, 1, 1, 0, 0, 1, 1], [0.2, 0.2, 0.6, 0.3, 0.4, 0.5, 0.9]);
    // points: 0.2 → ½ (two rows), 0.3 → 0, 0.4 → 0, 0.5 → 1, 0.6 → 1, 0.9 → 1
    // PAV pools 0.2 – 0.4 to (1 + 0 + 0) / 4 = 0.25; the run 0.5 – 0.9 keeps its ends only
    expect(Array.from(map.x)).toEqual([0.2, 0.4, 0.5, 0.9]);
    expect(Array.from(map.y)).toEqual([0.25, 0.25, 1, 1]);
  });

  test('a single distinct p gives a constant map', () => {
    const map = fitIsotonicMap([0, 1, 1], [0.4, 0.4, 0.4]);
    expect(Array.from(applyIsotonic(map, Float64Array.of(0, 0.4, 1)))).toEqual([2 / 3, 2 / 3, 2 / 3]);
  });
});
