/** Early stopping on a validation set: training stops `patience` rounds after the best and keeps the best round's trees. */
import { describe, expect, it } from 'vitest';
import { trainGbdt } from '../../../src/models/gbdt/index.js';
import { binaryTable } from './data.js';

// A weak signal and deep trees with a high learning rate: the validation loss turns up early.
const logit = (row: Float64Array) => 0.8 * row[0];
const train = binaryTable(2000, 8, 1, logit);
const valid = binaryTable(2000, 8, 2, logit);
const params = { objective: 'binary', num_rounds: 200, max_depth: 6, learning_rate: 0.5, min_child_weight: 0, lambda_l2: 0, threads: 1 } as const;

function logLoss(p: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s -= y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
  return s / p.length;
}

describe('early stopping', () => {
  it('stops patience rounds after the best validation round and keeps that round', async () => {
    const m = await trainGbdt(train, { ...params, early_stopping_rounds: 5 }, { valid });
    const v = m.history.valid as number[];
    const best = v.indexOf(Math.min(...v));
    expect(v.length).toBeLessThan(200);
    expect(m.bestIteration).toBe(best);
    expect(v.length).toBe(best + 1 + 5);
    expect(m.history.train.length).toBe(v.length);
    expect(m.ensemble.trees.length).toBe(best + 1);
    // the kept model scores the best validation loss
    expect(logLoss(m.predict(valid.x), valid.y)).toBeCloseTo(v[best], 10);
  });

  it('keeps every round without early stopping, reporting the validation history', async () => {
    const m = await trainGbdt(train, { ...params, num_rounds: 30 }, { valid });
    expect(m.history.valid?.length).toBe(30);
    expect(m.bestIteration).toBe(29);
    expect(m.ensemble.trees.length).toBe(30);
    expect(logLoss(m.predict(valid.x), valid.y)).toBeCloseTo(m.history.valid?.[29] as number, 10);
  });

  it('keeps K trees per round for multiclass', async () => {
    const y3 = train.y.map((v, i) => (v + (train.x.data[i * 8 + 1] > 1 ? 1 : 0)) % 3);
    const v3 = valid.y.map((v, i) => (v + (valid.x.data[i * 8 + 1] > 1 ? 1 : 0)) % 3);
    const m = await trainGbdt({ x: train.x, y: y3 }, { ...params, objective: 'multiclass', num_class: 3, early_stopping_rounds: 3 }, { valid: { x: valid.x, y: v3 } });
    expect(m.ensemble.trees.length).toBe(3 * (m.bestIteration + 1));
    expect(m.history.valid?.length).toBe(m.bestIteration + 4);
  });
});
