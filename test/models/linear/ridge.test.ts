import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { fitRidge } from '../../../src/models/linear/ridge.js';
import { expectCode, solve, standardised, table } from './data.js';

function targets(x: { rows: number; cols: number; data: Float64Array }, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: x.rows }, (_, r) => {
    let v = 5;
    for (let j = 0; j < x.cols; j++) {
      const xv = x.data[r * x.cols + j];
      if (!Number.isNaN(xv)) v += (j % 2 === 0 ? 0.5 : -0.3) * xv;
    }
    return v + rng.normal();
  });
}

describe('fitRidge', () => {
  test('equals the solution of the normal equations with an unpenalised intercept, built independently', () => {
    const { x, weight } = table(300, 4, 1);
    const y = targets(x, 2);
    const l2 = 3;
    const model = fitRidge({ x, y, weight }, { l2 });
    // minimise Σ w (y − b − z·β)² + l2 ‖β‖²: unknowns (b, β), normal equations written out in full
    const z = standardised(x, weight);
    const u = z.map((row) => [1, ...row]);
    const d = 5;
    const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, k) => u.reduce((s, row, r) => s + weight[r] * row[i] * row[k], 0) + (i === k && i > 0 ? l2 : 0)));
    const rhs = Array.from({ length: d }, (_, i) => u.reduce((s, row, r) => s + weight[r] * row[i] * y[r], 0));
    const [b, ...beta] = solve(a, rhs);
    const json = model.toJSON();
    json.coefficients.forEach((c, j) => expect(c).toBeCloseTo(beta[j], 10));
    expect(json.intercept[0]).toBeCloseTo(b, 10);
    const raw = model.predictRaw(x);
    u.forEach((row, r) => expect(raw[r]).toBeCloseTo(b + beta.reduce((s, v, j) => s + v * row[j + 1], 0), 9));
  });

  test('with l2 = 0 recovers an exact linear relation', () => {
    const { x } = table(50, 3, 3, 0);
    const y = Float64Array.from({ length: 50 }, (_, r) => 3 + 2 * x.data[r * 3] - x.data[r * 3 + 1] + 0.25 * x.data[r * 3 + 2]);
    const model = fitRidge({ x, y }, { l2: 0 });
    const raw = model.predictRaw(x);
    for (let r = 0; r < 50; r++) expect(raw[r]).toBeCloseTo(y[r], 9);
    // the change of output per unit of each raw feature, read back from a unit step
    const base = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 2, 2, 3) };
    const step = model.predictRaw(base);
    expect(step[1] - step[0]).toBeCloseTo(2, 9);
  });

  test('an integer weight is the same as repeating the row', () => {
    const { x } = table(40, 3, 4);
    const y = targets(x, 5);
    const weight = Float64Array.from({ length: 40 }, (_, r) => 1 + (r % 3));
    const rows: number[] = [];
    for (let r = 0; r < 40; r++) for (let k = 0; k < weight[r]; k++) rows.push(r);
    const repeated = { rows: rows.length, cols: 3, data: Float64Array.from(rows.flatMap((r) => Array.from(x.data.subarray(r * 3, r * 3 + 3)))) };
    const a = fitRidge({ x, y, weight }, { l2: 2 }).toJSON();
    const b = fitRidge({ x: repeated, y: Float64Array.from(rows.map((r) => y[r])) }, { l2: 2 }).toJSON();
    a.coefficients.forEach((c, j) => expect(c).toBeCloseTo(b.coefficients[j], 10));
    expect(a.intercept[0]).toBeCloseTo(b.intercept[0], 10);
    a.mean.forEach((m, j) => expect(m).toBeCloseTo(b.mean[j], 10));
  });

  test('a missing value is imputed with the training mean of its column', () => {
    const { x, weight } = table(100, 3, 6);
    const model = fitRidge({ x, y: targets(x, 7), weight }, { l2: 1 });
    const mean = model.toJSON().mean;
    const withNaN = model.predictRaw({ rows: 1, cols: 3, data: Float64Array.of(1.5, NaN, 21) });
    const withMean = model.predictRaw({ rows: 1, cols: 3, data: Float64Array.of(1.5, mean[1], 21) });
    expect(withNaN[0]).toBeCloseTo(withMean[0], 12);
    // at the mean of every column the output is the intercept
    expect(model.predictRaw({ rows: 1, cols: 3, data: Float64Array.from(mean) })[0]).toBeCloseTo(model.toJSON().intercept[0], 12);
  });

  test('constant and all-missing columns get coefficient 0 and do not break the fit', () => {
    const { x } = table(60, 3, 8, 0);
    for (let r = 0; r < 60; r++) {
      x.data[r * 3 + 1] = 0.1;
      x.data[r * 3 + 2] = NaN;
    }
    const json = fitRidge({ x, y: targets(x, 9) }, { l2: 0 }).toJSON();
    expect(json.coefficients[1]).toBe(0);
    expect(json.coefficients[2]).toBe(0);
    expect(json.mean[1]).toBe(0.1);
    expect(json.coefficients[0]).not.toBe(0);
  });

  test('collinear features need l2 > 0', () => {
    const { x } = table(30, 2, 10, 0);
    for (let r = 0; r < 30; r++) x.data[r * 2 + 1] = 3 * x.data[r * 2] + 1;
    const y = targets(x, 11);
    expectCode(() => fitRidge({ x, y }, { l2: 0 }), 'LINEAR_FIT_FAILED');
    const json = fitRidge({ x, y }, { l2: 1 }).toJSON();
    // standardised, the two columns are identical, so the penalty splits the weight equally
    expect(json.coefficients[0]).toBeCloseTo(json.coefficients[1], 10);
  });

  test('bad training data is refused with LINEAR_FIT_FAILED', () => {
    const { x } = table(10, 2, 12, 0);
    const y = new Float64Array(10);
    expectCode(() => fitRidge({ x, y: y.subarray(1) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x, y: Float64Array.of(...y.subarray(1), NaN) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x, y, weight: new Float64Array(10).fill(-1) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x, y, weight: new Float64Array(10) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x, y }, { l2: -1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x, y, featureNames: ['a'] }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x: { rows: 10, cols: 2, data: Float64Array.of(...x.data.subarray(1), Infinity) }, y }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitRidge({ x: { rows: 0, cols: 2, data: new Float64Array(0) }, y: new Float64Array(0) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
  });
});
