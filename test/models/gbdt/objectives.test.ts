/**
 * Each objective: the base score is the optimal constant by its definition, boosting lowers the
 * loss round after round, and the model learns what the data hold.
 */
import { describe, expect, it } from 'vitest';
import { trainGbdt } from '../../../src/models/gbdt/index.js';
import { toPrediction } from '../../../src/models/model.js';
import { binaryTable, table } from './data.js';

function decreasing(xs: number[]): void {
  for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeLessThanOrEqual(xs[i - 1] + 1e-12);
  expect(xs[xs.length - 1]).toBeLessThan(xs[0]);
}

const pinball = (y: ArrayLike<number>, p: (i: number) => number, a: number) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] >= p(i) ? a * (y[i] - p(i)) : (1 - a) * (p(i) - y[i]);
  return s / y.length;
};

describe('binary log-loss', () => {
  const t = binaryTable(4000, 5, 1, (row) => 2 * row[0] - row[1] * row[2] + (row[3] > 0.5 ? 1 : 0) - 0.5);

  it('starts from the log-odds of the mean label and lowers the log-loss every round', async () => {
    const m = await trainGbdt(t, { objective: 'binary', num_rounds: 30, max_depth: 3, threads: 1 });
    const mean = t.y.reduce((a, b) => a + b, 0) / t.y.length;
    expect(m.ensemble.baseScore[0]).toBeCloseTo(Math.log(mean / (1 - mean)), 12);
    expect(m.history.metric).toBe('logloss');
    const constantLoss = -(mean * Math.log(mean) + (1 - mean) * Math.log(1 - mean));
    expect(m.history.train[0]).toBeLessThan(constantLoss);
    decreasing(m.history.train);
    // the reported log-loss is the log-loss of the predicted probabilities
    const p = m.predict(t.x);
    let ll = 0;
    for (let i = 0; i < p.length; i++) ll -= t.y[i] * Math.log(p[i]) + (1 - t.y[i]) * Math.log(1 - p[i]);
    expect(m.history.train.at(-1)).toBeCloseTo(ll / p.length, 10);
  });

  it('counts a weight of 2 as the row twice', async () => {
    const small = binaryTable(600, 2, 5, (row) => row[0]);
    for (const d of [small.x.data]) for (let i = 0; i < d.length; i++) d[i] = Math.round(d[i] * 10) / 10; // few distinct values: same bins
    const twice = { x: { rows: 1200, cols: 2, data: new Float64Array(2400) }, y: new Float64Array(1200) };
    twice.x.data.set(small.x.data);
    twice.x.data.set(small.x.data, 1200);
    twice.y.set(small.y);
    twice.y.set(small.y, 600);
    const params = { objective: 'binary', num_rounds: 5, max_depth: 3, min_child_weight: 0, threads: 1 } as const;
    const a = await trainGbdt({ ...small, weight: new Float64Array(600).fill(2) }, params);
    const b = await trainGbdt(twice, params);
    const pa = a.predictRaw(small.x);
    const pb = b.predictRaw(small.x);
    for (let i = 0; i < 600; i++) expect(pa[i]).toBeCloseTo(pb[i], 9);
  });
});

describe('multiclass softmax', () => {
  const label = (row: Float64Array, u: number) => (u < 0.05 ? Math.floor(u * 60) : row[0] < -0.5 ? 0 : row[0] < 0.6 ? 1 : 2);
  const t = table(3000, 4, 2, label);

  it('starts from the log class priors, grows one tree per class per round and learns 3 classes', async () => {
    const m = await trainGbdt(t, { objective: 'multiclass', num_class: 3, num_rounds: 20, max_depth: 3, threads: 1 });
    const counts = [0, 0, 0];
    for (const v of t.y) counts[v]++;
    counts.forEach((c, k) => expect(m.ensemble.baseScore[k]).toBeCloseTo(Math.log(c / t.y.length), 12));
    expect(m.ensemble.trees.length).toBe(60);
    expect(m.numOutputs).toBe(3);
    expect(m.task).toBe('multiclass');
    decreasing(m.history.train);
    const test = table(2000, 4, 3, label);
    const p = m.predict(test.x);
    let right = 0;
    for (let r = 0; r < test.x.rows; r++) {
      const best = [0, 1, 2].reduce((a, k) => (p[r * 3 + k] > p[r * 3 + a] ? k : a), 0);
      if (best === test.y[r]) right++;
    }
    expect(right / test.x.rows).toBeGreaterThan(0.93);
    // the reported multiclass log-loss is −log p(true class)
    const q = toPrediction('multiclass', 3, m.predictRaw(t.x));
    let ll = 0;
    for (let r = 0; r < t.x.rows; r++) ll -= Math.log(q[r * 3 + t.y[r]]);
    expect(m.history.train.at(-1)).toBeCloseTo(ll / t.x.rows, 10);
  });
});

describe('squared error', () => {
  it('starts from the mean and lowers the rmse every round', async () => {
    const t = table(3000, 3, 4, (row, u) => 3 + row[0] * 2 + Math.abs(row[1]) + u);
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 25, threads: 1 });
    expect(m.ensemble.baseScore[0]).toBeCloseTo(t.y.reduce((a, b) => a + b, 0) / t.y.length, 12);
    expect(m.history.metric).toBe('rmse');
    decreasing(m.history.train);
    const p = m.predictRaw(t.x);
    const rmse = Math.sqrt(p.reduce((s, v, i) => s + (v - t.y[i]) ** 2, 0) / p.length);
    expect(m.history.train.at(-1)).toBeCloseTo(rmse, 10);
    expect(rmse).toBeLessThan(0.5);
  });
});

describe('quantile (pinball) loss', () => {
  // heteroscedastic: the spread grows with |x0|
  const label = (row: Float64Array, u: number) => row[0] + (0.5 + Math.abs(row[0])) * (u - 0.5) * 4;
  const t = table(5000, 3, 6, label);

  it('starts from the alpha-quantile: no constant has a lower pinball loss', async () => {
    const m = await trainGbdt(t, { objective: 'quantile', alpha: 0.8, num_rounds: 1, threads: 1 });
    const base = m.ensemble.baseScore[0];
    const at = pinball(t.y, () => base, 0.8);
    for (const c of [...t.y.slice(0, 300), base - 1e-6, base + 1e-6]) expect(at).toBeLessThanOrEqual(pinball(t.y, () => c, 0.8) + 1e-12);
    const sorted = Float64Array.from(t.y).sort();
    expect(base).toBe(sorted[Math.ceil(0.8 * sorted.length) - 1]);
  });

  it('renews each leaf to the alpha-quantile of its residuals (times the learning rate)', async () => {
    const m = await trainGbdt(t, { objective: 'quantile', alpha: 0.3, num_rounds: 1, max_depth: 2, learning_rate: 0.5, threads: 1 });
    const base = m.ensemble.baseScore[0];
    const [tree] = m.ensemble.trees;
    const leaves = m.leafIndices(t.x);
    for (let l = 0; l < tree.leafValue.length; l++) {
      const res = Float64Array.from(t.y.filter((_, r) => leaves[r] === l).map((y) => y - base)).sort();
      expect(res.length).toBeGreaterThan(0);
      expect(tree.leafValue[l]).toBe(0.5 * res[Math.ceil(0.3 * res.length) - 1]);
    }
  });

  it('predicts quantiles that cover about alpha of new data', async () => {
    const test = table(4000, 3, 7, label);
    for (const alpha of [0.1, 0.9]) {
      const m = await trainGbdt(t, { objective: 'quantile', alpha, num_rounds: 60, max_depth: 3, threads: 1 });
      expect(m.history.metric).toBe('pinball');
      decreasing(m.history.train);
      const p = m.predictRaw(test.x);
      const covered = test.y.filter((y, i) => y <= p[i]).length / test.y.length;
      expect(Math.abs(covered - alpha)).toBeLessThan(0.03);
    }
  });
});
