import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { applyPlatt, fitPlattParameters } from '../../../src/models/calibration/platt.js';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
const logit = (p: number) => Math.log(p / (1 - p));

/** Rows whose true P(1) is sigmoid(a·s + b), predicted as sigmoid(s). */
function sample(n: number, a: number, b: number, seed: number): { y: Float64Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = 1.5 * rng.normal();
    p[i] = sigmoid(s);
    y[i] = rng.next() < sigmoid(a * s + b) ? 1 : 0;
  }
  return { y, p };
}

describe('Platt scaling', () => {
  test('recovers a and b of the sigmoid the labels were drawn from', () => {
    const { y, p } = sample(20_000, 1.7, -0.4, 7);
    const { a, b } = fitPlattParameters(y, p);
    // standard errors are about 0.015 here
    expect(Math.abs(a - 1.7)).toBeLessThan(0.06);
    expect(Math.abs(b + 0.4)).toBeLessThan(0.06);
  });

  test("the gradient of the cross-entropy against Platt's smoothed targets is 0 at the fit", () => {
    const { y, p } = sample(2_000, 0.6, 0.3, 11);
    const { a, b } = fitPlattParameters(y, p);
    const positives = y.reduce((s, v) => s + v, 0);
    const negatives = y.length - positives;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < y.length; i++) {
      const t = y[i] === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2);
      const q = sigmoid(a * logit(p[i]) + b);
      ga += (q - t) * logit(p[i]);
      gb += q - t;
    }
    expect(Math.abs(ga)).toBeLessThan(1e-9);
    expect(Math.abs(gb)).toBeLessThan(1e-9);
  });

  test('hand example: with one predicted value the calibrated value is the mean smoothed target', () => {
    // targets: positives (2 + 1) / (2 + 2) = 0.75, the negative 1 / (1 + 2); mean 0.6111…
    const params = fitPlattParameters([1, 1, 0], [0.5, 0.5, 0.5]);
    expect(applyPlatt(params, Float64Array.of(0.5))[0]).toBeCloseTo((0.75 + 0.75 + 1 / 3) / 3, 12);
  });

  test('already calibrated predictions get a ≈ 1, b ≈ 0', () => {
    const { y, p } = sample(20_000, 1, 0, 3);
    const { a, b } = fitPlattParameters(y, p);
    expect(Math.abs(a - 1)).toBeLessThan(0.05);
    expect(Math.abs(b)).toBeLessThan(0.05);
  });

  test('p = 0 and p = 1 stay finite (clipped before the logit); NaN stays NaN', () => {
    const out = applyPlatt({ a: 0.5, b: 0.1 }, Float64Array.of(0, 1, NaN));
    expect(out[0]).toBeGreaterThan(0);
    expect(out[1]).toBeLessThan(1);
    expect(out[0]).toBeCloseTo(sigmoid(0.5 * logit(1e-15) + 0.1), 12);
    expect(out[2]).toBeNaN();
  });
});
