import { describe, expect, test } from 'vitest';
import { type LinearModel, linearModelFromJSON } from '../../../src/models/linear/linear-model.js';
import { fitLogistic } from '../../../src/models/linear/logistic.js';
import { fitRidge } from '../../../src/models/linear/ridge.js';
import { toPrediction } from '../../../src/models/model.js';
import { expectCode, table } from './data.js';

const { x, weight } = table(200, 4, 41, 0.1);
const y3 = Float64Array.from({ length: 200 }, (_, r) => (Number.isNaN(x.data[r * 4]) ? 0 : x.data[r * 4] > 0.5 ? 2 : x.data[r * 4] > -0.5 ? 1 : 0));
const y2 = y3.map((c) => (c === 2 ? 1 : 0));
const models: [string, LinearModel][] = [
  ['ridge', fitRidge({ x, y: Float64Array.from({ length: 200 }, (_, r) => r % 7), weight, featureNames: ['a', 'b', 'c', 'd'] }, { l2: 1 })],
  ['binary logistic', fitLogistic({ x, y: y2, weight }, { l2: 1 })],
  ['multinomial logistic', fitLogistic({ x, y: y3, weight }, { l2: 1, numClasses: 3 })],
];
const fresh = table(50, 4, 42, 0.2).x;

describe.each(models)('%s', (_, model) => {
  test('explain: each block (features, then the bias) sums, in order, exactly to predictRaw', () => {
    const raw = model.predictRaw(fresh);
    const contributions = model.explain(fresh);
    const k = model.numOutputs;
    expect(contributions.length).toBe(fresh.rows * k * 5);
    for (let i = 0; i < raw.length; i++) {
      let sum = 0;
      for (let j = 0; j < 5; j++) sum += contributions[i * 5 + j];
      expect(sum).toBe(raw[i]);
    }
  });

  test('explain: a contribution is coefficient per unit × (x − training mean), 0 when x is missing; the bias is the output at the mean', () => {
    const json = model.toJSON();
    const contributions = model.explain(fresh);
    const k = model.numOutputs;
    for (let r = 0; r < fresh.rows; r++) {
      for (let o = 0; o < k; o++) {
        const base = (r * k + o) * 5;
        for (let j = 0; j < 4; j++) {
          const v = fresh.data[r * 4 + j];
          const expected = Number.isNaN(v) ? 0 : (json.coefficients[o * 4 + j] / json.scale[j]) * (v - json.mean[j]);
          expect(contributions[base + j]).toBeCloseTo(expected, 12);
        }
        expect(contributions[base + 4]).toBe(json.intercept[o]);
      }
    }
    const atMean = model.predictRaw({ rows: 1, cols: 4, data: Float64Array.from(json.mean) });
    for (let o = 0; o < k; o++) expect(atMean[o]).toBeCloseTo(json.intercept[o], 12);
  });

  test('serialisation round-trips through JSON text bit for bit', () => {
    const text = JSON.stringify(model.toJSON());
    const back = linearModelFromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect([back.kind, back.task, back.numOutputs, back.featureNames]).toEqual([model.kind, model.task, model.numOutputs, model.featureNames]);
    expect(Buffer.from(back.predictRaw(fresh).buffer).equals(Buffer.from(model.predictRaw(fresh).buffer))).toBe(true);
    expect(Buffer.from(back.explain(fresh).buffer).equals(Buffer.from(model.explain(fresh).buffer))).toBe(true);
  });

  test('a matrix with another number of columns is refused with LINEAR_INPUT_INVALID', () => {
    expectCode(() => model.predictRaw({ rows: 1, cols: 3, data: new Float64Array(3) }), 'LINEAR_INPUT_INVALID');
    expectCode(() => model.explain({ rows: 1, cols: 5, data: new Float64Array(5) }), 'LINEAR_INPUT_INVALID');
  });
});

test('kinds, tasks and feature names', () => {
  expect(models.map(([, m]) => [m.kind, m.task, m.numOutputs])).toEqual([
    ['ridge', 'regression', 1],
    ['logistic', 'binary', 1],
    ['logistic', 'multiclass', 3],
  ]);
  expect(models[0][1].featureNames).toEqual(['a', 'b', 'c', 'd']);
  expect(models[1][1].featureNames).toEqual(['f0', 'f1', 'f2', 'f3']);
  const p = toPrediction('multiclass', 3, models[2][1].predictRaw(fresh));
  for (let r = 0; r < fresh.rows; r++) expect(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2]).toBeCloseTo(1, 14);
});

test('malformed serialisations are refused with LINEAR_INPUT_INVALID', () => {
  const good = models[1][1].toJSON();
  const bad: unknown[] = [
    null,
    { ...good, format: 2 },
    { ...good, kind: 'gbdt' },
    { ...good, task: 'regression' },
    { ...good, task: 'multiclass' },
    { ...good, scale: good.scale.map(() => 0) },
    { ...good, mean: good.mean.slice(1) },
    { ...good, coefficients: [...good.coefficients, 1] },
    { ...good, intercept: [] },
    { ...good, featureNames: ['only'] },
    { ...models[0][1].toJSON(), task: 'binary' },
  ];
  for (const json of bad) expectCode(() => linearModelFromJSON(json), 'LINEAR_INPUT_INVALID');
});
