/**
 * A seed gives one model, whatever the number of threads: the models of 1, 2 and 3 threads are
 * compared bit for bit (their JSON, which holds every float as its bytes), with row and column
 * subsampling, for every objective and both growth modes. Worker threads run the compiled
 * worker in dist/ (`npm test` builds it first).
 */
import { describe, expect, it } from 'vitest';
import { type GbdtModel, type GbdtParamsInput, trainGbdt } from '../../../src/models/gbdt/index.js';
import { table } from './data.js';

/** The serialised model but for the thread count it records. */
const body = (m: GbdtModel) => JSON.stringify({ ...m.toJSON(), params: { ...m.params, threads: 0 } });

// 30,000 rows: 8 chunks of 4096, dealt 8 | 4 + 4 | 2 + 3 + 3 to 1, 2 and 3 threads.
const t = table(30_000, 6, 1, (row, u) => row[0] + row[1] * row[2] + (row[3] > 0.5 ? 1 : 0) + u);
const tBinary = { ...t, y: t.y.map((v) => (v > 0.8 ? 1 : 0)) };
const tClasses = { ...t, y: t.y.map((v) => (v < 0 ? 0 : v < 1.2 ? 1 : 2)) };
const sampled = { num_rounds: 6, max_depth: 4, subsample: 0.7, colsample: 0.6, seed: 11 } as const;

const cases: [string, typeof t, GbdtParamsInput][] = [
  ['binary, depth-wise', tBinary, { objective: 'binary', ...sampled }],
  ['regression, leaf-wise', t, { objective: 'regression', ...sampled, growth: 'leafwise', num_leaves: 20, max_depth: 0 }],
  ['multiclass', tClasses, { objective: 'multiclass', num_class: 3, ...sampled }],
  ['quantile', t, { objective: 'quantile', alpha: 0.7, ...sampled }],
];

describe('determinism', () => {
  it('gives the same model for the same seed, and another for another seed', async () => {
    const a = await trainGbdt(tBinary, { objective: 'binary', ...sampled, threads: 1 });
    const b = await trainGbdt(tBinary, { objective: 'binary', ...sampled, threads: 1 });
    const c = await trainGbdt(tBinary, { objective: 'binary', ...sampled, seed: 12, threads: 1 });
    expect(body(a)).toBe(body(b));
    expect(body(a)).not.toBe(body(c));
  });

  it('bags about the asked share of rows', async () => {
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 3, subsample: 0.5, threads: 1 });
    // squared error: hessian 1 per row, so a root's cover counts its rows
    for (const tree of m.ensemble.trees) expect(Math.abs(tree.cover[0] / 30_000 - 0.5)).toBeLessThan(0.02);
  });

  it.each(cases)('is the same with 1, 2 and 3 threads (%s)', async (_, data, params) => {
    const models = [];
    for (const threads of [1, 2, 3]) models.push(await trainGbdt(data, { ...params, threads }));
    expect(models[0].params.threads).toBe(1);
    expect(models[1].params.threads).toBe(2);
    expect(body(models[1])).toBe(body(models[0]));
    expect(body(models[2])).toBe(body(models[0]));
  });
});
