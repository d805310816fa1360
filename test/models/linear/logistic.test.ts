import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { fitLogistic } from '../../../src/models/linear/logistic.js';
import { toPrediction } from '../../../src/models/model.js';
import { expectCode, standardised, table } from './data.js';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

/** The small table of the pinned sklearn values below. */
const x0 = [0.5, 1.2, -0.3, 2.0, 1.1, -1.0, 0.0, 0.7, 1.8, -0.6, 0.9, 1.5];
const x1 = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
const small = { rows: 12, cols: 2, data: Float64Array.from(x0.flatMap((v, i) => [v, x1[i]])) };
const smallWeight = Float64Array.of(1, 2, 1, 1, 0.5, 1, 1, 2, 1, 1, 1, 1);

function labels(x: { rows: number; cols: number; data: Float64Array }, seed: number, classes: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: x.rows }, (_, r) => {
    const v = (j: number) => (Number.isNaN(x.data[r * x.cols + j]) ? 0 : x.data[r * x.cols + j] - 10 * j);
    const m = [0, 0.9 * v(0) - 0.2 * v(1), -0.5 * v(0) + 0.3 * v(2)].slice(0, classes);
    const e = m.map(Math.exp);
    let u = rng.next() * e.reduce((s, w) => s + w, 0);
    for (let k = 0; k < classes; k++) if ((u -= e[k]) < 0) return k;
    return classes - 1;
  });
}

describe('fitLogistic, binary', () => {
  test('matches the reference fit of this table (pinned; sklearn LogisticRegression(C = 1) agrees to 1e-8)', () => {
    // Reference: Newton's method in numpy (float64, 50 iterations, gradient 4e-16) on the table standardised by
    // its weighted mean and population std, as the model does internally. sklearn 1.2.1
    // LogisticRegression(C=1.0, tol=1e-15, solver='newton-cg') on the same Z gave 1.4932295399, 0.1576759750, 0.2592540211.
    const y = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1];
    const json = fitLogistic({ x: small, y, weight: smallWeight }, { l2: 1 }).toJSON();
    expect(json.coefficients[0]).toBeCloseTo(1.493229546304374, 12);
    expect(json.coefficients[1]).toBeCloseTo(0.15767597774618217, 12);
    expect(json.intercept[0]).toBeCloseTo(0.25925402020038624, 12);
  });

  test('hand example: with one binary feature and l2 = 0 the fit reproduces each group’s log-odds', () => {
    // x = 0: 1 positive of 4 → log-odds −ln 3; x = 1: 3 of 4 → ln 3
    const x = { rows: 8, cols: 1, data: Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1) };
    const model = fitLogistic({ x, y: [1, 0, 0, 0, 1, 1, 1, 0] }, { l2: 0 });
    const raw = model.predictRaw({ rows: 2, cols: 1, data: Float64Array.of(0, 1) });
    expect(raw[0]).toBeCloseTo(-Math.log(3), 12);
    expect(raw[1]).toBeCloseTo(Math.log(3), 12);
  });

  test('the gradient of the penalised log-likelihood, computed here, is 0 at the fit (weights, missing values)', () => {
    const { x, weight } = table(400, 4, 21);
    const y = labels(x, 22, 2);
    const l2 = 2.5;
    const json = fitLogistic({ x, y, weight }, { l2 }).toJSON();
    const z = standardised(x, weight);
    const beta = json.coefficients;
    const gradient = new Array(5).fill(0);
    z.forEach((row, r) => {
      const q = sigmoid(json.intercept[0] + row.reduce((s, v, j) => s + v * beta[j], 0));
      row.forEach((v, j) => (gradient[j] += weight[r] * (q - y[r]) * v));
      gradient[4] += weight[r] * (q - y[r]);
    });
    beta.forEach((b, j) => (gradient[j] += l2 * b));
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-9);
  });

  test('separable classes: refused with l2 = 0, finite with l2 > 0', () => {
    const x = { rows: 6, cols: 1, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    const y = [0, 0, 0, 1, 1, 1];
    expectCode(() => fitLogistic({ x, y }, { l2: 0 }), 'LINEAR_FIT_FAILED');
    const p = toPrediction('binary', 1, fitLogistic({ x, y }, { l2: 1 }).predictRaw(x));
    expect(p[0]).toBeLessThan(0.5);
    expect(p[5]).toBeGreaterThan(0.5);
  });

  test('labels outside the classes, and absent classes, are refused', () => {
    expectCode(() => fitLogistic({ x: small, y: [0, 1, 2, 1, 1, 0, 0, 1, 1, 0, 0, 1] }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitLogistic({ x: small, y: [0, 1, 0.5, 1, 1, 0, 0, 1, 1, 0, 0, 1] }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitLogistic({ x: small, y: new Float64Array(12) }, { l2: 1, numClasses: 1 }), 'LINEAR_FIT_FAILED');
    // a class with no rows has no finite intercept
    expectCode(() => fitLogistic({ x: small, y: new Float64Array(12) }, { l2: 1 }), 'LINEAR_FIT_FAILED');
    expectCode(() => fitLogistic({ x: small, y: [0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1] }, { l2: 1, numClasses: 3 }), 'LINEAR_FIT_FAILED');
  });
});

describe('fitLogistic, multinomial', () => {
  test('matches the reference multinomial fit (pinned; sklearn multinomial LogisticRegression(C = 1) agrees to 1e-9)', () => {
    // Reference: Newton's method in numpy (gradient 6e-16), intercepts centred to sum 0; sklearn 1.2.1 newton-cg
    // (multi_class='multinomial', tol=1e-15) gave the same to 1e-9 (e.g. −1.0205327010, 0.4219304282).
    const y = [0, 1, 2, 1, 2, 0, 0, 1, 2, 0, 1, 2];
    const model = fitLogistic({ x: small, y, weight: smallWeight }, { l2: 1, numClasses: 3 });
    const json = model.toJSON();
    expect(model.task).toBe('multiclass');
    expect(model.numOutputs).toBe(3);
    const coef = [-1.0205327012939303, -0.25344704419318104, 0.5550680467721114, -0.25928636387948156, 0.46546465452181823, 0.5127334080726628];
    coef.forEach((c, i) => expect(json.coefficients[i]).toBeCloseTo(c, 12));
    [-0.29098029344840326, 0.42193042790542334, -0.13095013445702006].forEach((b, k) => expect(json.intercept[k]).toBeCloseTo(b, 12));
    const p = toPrediction('multiclass', 3, model.predictRaw({ rows: 1, cols: 2, data: small.data.subarray(0, 2) }));
    [0.3240549541067841, 0.48074900323006664, 0.19519604266314938].forEach((q, k) => expect(p[k]).toBeCloseTo(q, 12));
  });

  test('hand example: one categorical feature, l2 = 0, gives each group its class frequencies', () => {
    // group 0: classes 0, 0, 1, 2 → ½, ¼, ¼; group 1: 1, 1, 2, 0, 2, 2 → ⅙, ⅓, ½
    const x = { rows: 10, cols: 1, data: Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1, 1, 1) };
    const model = fitLogistic({ x, y: [0, 0, 1, 2, 1, 1, 2, 0, 2, 2] }, { l2: 0, numClasses: 3 });
    const p = toPrediction('multiclass', 3, model.predictRaw({ rows: 2, cols: 1, data: Float64Array.of(0, 1) }));
    [0.5, 0.25, 0.25, 1 / 6, 1 / 3, 0.5].forEach((q, i) => expect(p[i]).toBeCloseTo(q, 10));
  });

  test('the gradient, computed here, is 0 at the fit; coefficients and intercepts sum to 0 over classes', () => {
    const { x, weight } = table(300, 3, 31);
    const y = labels(x, 32, 3);
    const l2 = 0.7;
    const json = fitLogistic({ x, y, weight }, { l2, numClasses: 3 }).toJSON();
    const z = standardised(x, weight);
    const gradient = Array.from({ length: 3 }, () => new Array(4).fill(0));
    z.forEach((row, r) => {
      const m = [0, 1, 2].map((k) => json.intercept[k] + row.reduce((s, v, j) => s + v * json.coefficients[k * 3 + j], 0));
      const e = m.map(Math.exp);
      const total = e.reduce((s, v) => s + v, 0);
      for (let k = 0; k < 3; k++) {
        const d = weight[r] * (e[k] / total - (y[r] === k ? 1 : 0));
        row.forEach((v, j) => (gradient[k][j] += d * v));
        gradient[k][3] += d;
      }
    });
    for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) gradient[k][j] += l2 * json.coefficients[k * 3 + j];
    for (const g of gradient.flat()) expect(Math.abs(g)).toBeLessThan(1e-9);
    for (let j = 0; j < 3; j++) expect(Math.abs(json.coefficients[j] + json.coefficients[3 + j] + json.coefficients[6 + j])).toBeLessThan(1e-9);
    expect(Math.abs(json.intercept[0] + json.intercept[1] + json.intercept[2])).toBeLessThan(1e-12);
  });
});
