/**
 * Trees grown on small problems whose best split and leaf values can be worked out by hand
 * (squared error: gradient = score − y, hessian = 1, base score = mean of y).
 */
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { trainGbdt } from '../../../src/models/gbdt/index.js';
import type { Tree } from '../../../src/models/gbdt/tree.js';
import { depthOf, table } from './data.js';

/** 100 rows, x = 0 … 99, y = 1 below 30 and 5 from 30 on. */
const step = { x: { rows: 100, cols: 1, data: Float64Array.from({ length: 100 }, (_, i) => i) }, y: Float64Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 5)) };
const oneSplit = { objective: 'regression', num_rounds: 1, max_depth: 1, learning_rate: 1, min_child_weight: 0, threads: 1 } as const;

function leafOf(tree: Tree, v: number): number {
  let n = tree.feature.length ? 0 : -1;
  while (n >= 0) n = v <= tree.threshold[n] ? tree.left[n] : tree.right[n];
  return ~n;
}

describe('known optimal splits', () => {
  it('splits a step function at its step, with leaf values −G/(H + λ)', async () => {
    const m = await trainGbdt(step, { ...oneSplit, lambda_l2: 1 });
    const [tree] = m.ensemble.trees;
    // base 3.8; gradients 2.8 (30 rows) and −1.2 (70 rows): G = 84 | −84
    expect(m.ensemble.baseScore[0]).toBeCloseTo(3.8, 14);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(29.5);
    expect(tree.leafValue[leafOf(tree, 0)]).toBeCloseTo(-84 / 31, 11);
    expect(tree.leafValue[leafOf(tree, 99)]).toBeCloseTo(84 / 71, 11);
    expect(tree.gain[0]).toBeCloseTo(84 ** 2 / 31 + 84 ** 2 / 71, 9);
    expect(tree.cover[0]).toBe(100);
    expect(Array.from(tree.leafCover).sort((a, b) => a - b)).toEqual([30, 70]);
    const raw = m.predictRaw({ rows: 2, cols: 1, data: Float64Array.of(10, 50) });
    expect(raw[0]).toBeCloseTo(3.8 - 84 / 31, 11);
    expect(raw[1]).toBeCloseTo(3.8 + 84 / 71, 11);
  });

  it('shrinks leaf values by L1 (soft threshold) and L2 as the formula says', async () => {
    const m = await trainGbdt(step, { ...oneSplit, lambda_l1: 10, lambda_l2: 5 });
    const [tree] = m.ensemble.trees;
    expect(tree.threshold[0]).toBe(29.5);
    expect(tree.leafValue[leafOf(tree, 0)]).toBeCloseTo(-(84 - 10) / (30 + 5), 11);
    expect(tree.leafValue[leafOf(tree, 99)]).toBeCloseTo((84 - 10) / (70 + 5), 11);
    expect(tree.gain[0]).toBeCloseTo((2 * 74 ** 2) / 35 - 0 + (74 ** 2 / 75 - 74 ** 2 / 35), 9);
  });

  it('applies the learning rate to leaf values', async () => {
    const m = await trainGbdt(step, { ...oneSplit, lambda_l2: 1, learning_rate: 0.3 });
    expect(m.ensemble.trees[0].leafValue[leafOf(m.ensemble.trees[0], 0)]).toBeCloseTo((0.3 * -84) / 31, 11);
  });

  it('lets min_child_weight move the split, then block it', async () => {
    // 31 rows needed on each side: the step at 29.5 leaves 30 on the left; the best allowed split is the next one
    const moved = await trainGbdt(step, { ...oneSplit, min_child_weight: 31 });
    expect(moved.ensemble.trees[0].threshold[0]).toBe(30.5);
    const blocked = await trainGbdt(step, { ...oneSplit, min_child_weight: 51 });
    expect(blocked.ensemble.trees[0].feature.length).toBe(0);
    expect(blocked.ensemble.trees[0].leafValue[0]).toBeCloseTo(0, 12);
  });

  it('picks the informative feature among noise', async () => {
    const t = table(2000, 5, 1, (row) => (row[3] > 0.25 ? 2 : -1));
    const m = await trainGbdt(t, { ...oneSplit });
    const [tree] = m.ensemble.trees;
    expect(tree.feature[0]).toBe(3);
    // 2000 distinct values in 255 quantile bins: the threshold is the bin bound nearest 0.25,
    // so at most a bin's worth of rows (≈ 8) lies between the two
    const [lo, hi] = [Math.min(0.25, tree.threshold[0]), Math.max(0.25, tree.threshold[0])];
    let between = 0;
    for (let r = 0; r < 2000; r++) if (t.x.data[r * 5 + 3] > lo && t.x.data[r * 5 + 3] <= hi) between++;
    expect(between).toBeLessThanOrEqual(8);
  });
});

describe('missing values', () => {
  it('learns to send NaN right when the missing rows carry the signal', async () => {
    // y = 5 where x is missing, 1 elsewhere: the split is "not missing | missing"
    const data = Float64Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? NaN : i));
    const y = Float64Array.from(data, (v) => (Number.isNaN(v) ? 5 : 1));
    const m = await trainGbdt({ x: { rows: 200, cols: 1, data }, y }, { ...oneSplit, lambda_l2: 0 });
    const [tree] = m.ensemble.trees;
    expect(tree.threshold[0]).toBe(Infinity);
    expect(tree.defaultLeft[0]).toBe(0);
    const raw = m.predictRaw({ rows: 2, cols: 1, data: Float64Array.of(NaN, 7) });
    expect(raw[0]).toBeCloseTo(5, 10);
    expect(raw[1]).toBeCloseTo(1, 10);
  });

  it('learns to send NaN left with the small values when that fits best', async () => {
    // y = 5 for missing and for x < 50, 1 for x ≥ 50; x takes the values 1 … 99 but multiples of 5
    const data = Float64Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? NaN : i % 100));
    const y = Float64Array.from(data, (v) => (Number.isNaN(v) || v < 50 ? 5 : 1));
    const m = await trainGbdt({ x: { rows: 200, cols: 1, data }, y }, { ...oneSplit, lambda_l2: 0 });
    const [tree] = m.ensemble.trees;
    expect(tree.threshold[0]).toBe(50); // midway between 49 and 51
    expect(tree.defaultLeft[0]).toBe(1);
    const raw = m.predictRaw({ rows: 3, cols: 1, data: Float64Array.of(NaN, 10, 70) });
    expect(Array.from(raw).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([5, 5, 1]);
  });

  it('sends NaN to the child with more hessian for a feature never missing in training', async () => {
    const t = table(3000, 4, 2, (row) => row[0] + (row[1] > 0.8 ? 2 : 0) + 0.3 * row[2]);
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 5, max_depth: 3, threads: 1 });
    let checked = 0;
    for (const tree of m.ensemble.trees) {
      const coverOf = (c: number) => (c >= 0 ? tree.cover[c] : tree.leafCover[~c]);
      for (let n = 0; n < tree.feature.length; n++) {
        expect(tree.defaultLeft[n]).toBe(coverOf(tree.left[n]) >= coverOf(tree.right[n]) ? 1 : 0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('tree shape', () => {
  const t = table(4000, 6, 3, (row, u) => Math.sin(2 * row[0]) + row[1] * row[2] + (row[3] > 1 ? 3 : 0) + 0.2 * u);

  it('depth-wise growth stays within max_depth and fills levels', async () => {
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 5, max_depth: 3, min_child_weight: 0, threads: 1 });
    for (const tree of m.ensemble.trees) expect(depthOf(tree.left, tree.right)).toBeLessThanOrEqual(3);
    expect(m.ensemble.trees.some((tree) => tree.leafValue.length === 8)).toBe(true);
  });

  it('leaf-wise growth respects num_leaves and goes deeper than a balanced tree would', async () => {
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 5, growth: 'leafwise', num_leaves: 7, max_depth: 0, threads: 1 });
    for (const tree of m.ensemble.trees) expect(tree.leafValue.length).toBeLessThanOrEqual(7);
    expect(m.ensemble.trees.every((tree) => tree.leafValue.length === 7)).toBe(true);
    expect(m.ensemble.trees.some((tree) => depthOf(tree.left, tree.right) > 3)).toBe(true);
  });

  it('leaf-wise growth splits the leaf of largest gain first', async () => {
    // with num_leaves 2 and 3 the first split is the same one, and the root gain is the largest of the tree
    const two = await trainGbdt(t, { objective: 'regression', num_rounds: 1, growth: 'leafwise', num_leaves: 2, max_depth: 0, threads: 1 });
    const three = await trainGbdt(t, { objective: 'regression', num_rounds: 1, growth: 'leafwise', num_leaves: 3, max_depth: 0, threads: 1 });
    const [a] = two.ensemble.trees;
    const [b] = three.ensemble.trees;
    expect([b.feature[0], b.threshold[0]]).toEqual([a.feature[0], a.threshold[0]]);
    expect(b.gain[0]).toBeGreaterThanOrEqual(b.gain[1]);
  });

  it('leaf-wise growth honours max_depth too', async () => {
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 3, growth: 'leafwise', num_leaves: 31, max_depth: 2, threads: 1 });
    for (const tree of m.ensemble.trees) expect(depthOf(tree.left, tree.right)).toBeLessThanOrEqual(2);
  });
});

describe('parameters and data', () => {
  it('rejects bad parameters naming the field', async () => {
    await expect(trainGbdt(step, { objective: 'regression', max_bin: 300 })).rejects.toMatchObject({ code: 'GBDT_PARAM_INVALID', details: { field: 'max_bin' } });
    await expect(trainGbdt(step, { objective: 'multiclass' })).rejects.toMatchObject({ code: 'GBDT_PARAM_INVALID', details: { field: 'num_class' } });
    await expect(trainGbdt(step, { objective: 'regression', learning_rat: 0.1 } as never)).rejects.toBeInstanceOf(SextantError);
    await expect(trainGbdt(step, { objective: 'regression', growth: 'depthwise', max_depth: 0 })).rejects.toMatchObject({ code: 'GBDT_PARAM_INVALID', details: { field: 'max_depth' } });
    await expect(trainGbdt(step, { objective: 'regression', early_stopping_rounds: 5 })).rejects.toMatchObject({ code: 'GBDT_PARAM_INVALID', details: { field: 'early_stopping_rounds' } });
  });

  it('rejects labels that do not fit the objective and bad weights', async () => {
    await expect(trainGbdt(step, { objective: 'binary' })).rejects.toMatchObject({ code: 'GBDT_DATA_INVALID', details: { row: 30, label: 5 } });
    await expect(trainGbdt({ ...step, y: step.y.map((v) => (v === 5 ? 3 : 0)) }, { objective: 'multiclass', num_class: 3 })).rejects.toMatchObject({ code: 'GBDT_DATA_INVALID', details: { row: 30, label: 3 } });
    await expect(trainGbdt({ ...step, y: step.y.map((v) => (v === 5 ? 2 : 0)) }, { objective: 'multiclass', num_class: 3 })).resolves.toBeDefined();
    await expect(trainGbdt({ ...step, y: step.y.map((v, i) => (i === 7 ? NaN : v)) }, { objective: 'regression' })).rejects.toMatchObject({ code: 'GBDT_DATA_INVALID', details: { row: 7 } });
    await expect(trainGbdt({ ...step, weight: new Float64Array(100).fill(-1) }, { objective: 'regression' })).rejects.toMatchObject({ code: 'GBDT_DATA_INVALID' });
    await expect(trainGbdt({ ...step, y: new Float64Array(99) }, { objective: 'regression' })).rejects.toMatchObject({ code: 'GBDT_DATA_INVALID' });
  });
});
