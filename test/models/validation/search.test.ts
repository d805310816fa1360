/**
 * Hyperparameter search: the grid's order and best by hand (both directions, ties, NaN), random
 * search seeded and reproducible, distinct grid points without replacement, ranges inside their
 * bounds (log and integer), the trial count, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { type HyperParams, type SearchOptions, searchHyperparameters } from '../../../src/models/validation/search.js';

const grid: SearchOptions['space'] = [
  { name: 'depth', values: [2, 4] },
  { name: 'kind', values: ['a', 'b', 'c'] },
];
/** A known score: depth 4 with kind b is best (7), depth 2 with kind a worst (1). */
const score = (p: HyperParams) => ({ score: (p.depth === 4 ? 4 : 0) + ({ a: 1, b: 3, c: 2 } as Record<string, number>)[p.kind as string], note: `${p.depth}${p.kind}` });

describe('grid search', () => {
  it('every combination once, the first axis slowest; the best by direction; the trial count', async () => {
    const seen: number[] = [];
    const progress: number[] = [];
    const res = await searchHyperparameters({ space: grid, method: 'grid', direction: 'maximize', progress: (_, done) => progress.push(done) }, async (p, i) => {
      seen.push(i);
      return score(p);
    });
    expect(res.trials.map((t) => t.result.note)).toEqual(['2a', '2b', '2c', '4a', '4b', '4c']);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(res.trialsRun).toBe(6);
    expect([res.best.index, res.best.params, res.best.result.score]).toEqual([4, { depth: 4, kind: 'b' }, 7]);
    const low = await searchHyperparameters({ space: grid, method: 'grid', direction: 'minimize' }, async (p) => score(p));
    expect(low.best.params).toEqual({ depth: 2, kind: 'a' });
  });

  it('ties go to the earliest trial; NaN never wins; all NaN is refused', async () => {
    const tie = await searchHyperparameters({ space: grid, method: 'grid', direction: 'maximize' }, async (p) => ({ score: p.kind === 'a' ? NaN : 5 }));
    expect(tie.best.index).toBe(1);
    await expect(searchHyperparameters({ space: grid, method: 'grid', direction: 'minimize' }, async () => ({ score: NaN }))).rejects.toMatchObject({ code: 'SEARCH_NO_SCORE' });
  });

  it('an empty space is one trial with no parameters (the defaults)', async () => {
    const res = await searchHyperparameters({ space: [], method: 'grid', direction: 'maximize' }, async () => ({ score: 1 }));
    expect(res.trials.map((t) => t.params)).toEqual([{}]);
  });
});

describe('random search', () => {
  const big = [
    { name: 'a', values: Array.from({ length: 30 }, (_, i) => i) },
    { name: 'b', values: Array.from({ length: 30 }, (_, i) => i) },
  ];
  const run = (options: Partial<SearchOptions>) => searchHyperparameters({ space: big, method: 'random', direction: 'maximize', ...options } as SearchOptions, async (p) => ({ score: Number(p.a) }));

  it('draws distinct grid points, reproducibly for a seed', async () => {
    const one = await run({ trials: 50, seed: 3 });
    const keys = one.trials.map((t) => `${t.params.a},${t.params.b}`);
    expect(new Set(keys).size).toBe(50);
    expect((await run({ trials: 50, seed: 3 })).trials.map((t) => t.params)).toEqual(one.trials.map((t) => t.params));
    expect((await run({ trials: 50, seed: 4 })).trials.map((t) => t.params)).not.toEqual(one.trials.map((t) => t.params));
  });

  it('asked for more trials than the grid has, it runs the whole grid once and says so', async () => {
    const res = await searchHyperparameters({ space: grid, method: 'random', trials: 100, seed: 1, direction: 'maximize' }, async (p) => score(p));
    expect(res.trialsRun).toBe(6);
    expect(new Set(res.trials.map((t) => t.result.note))).toEqual(new Set(['2a', '2b', '2c', '4a', '4b', '4c']));
    expect(res.best.result.score).toBe(7);
  });

  it('ranges: inside their bounds, whole numbers when asked, log-uniform in log space', async () => {
    const space = [
      { name: 'lr', min: 0.001, max: 1, log: true },
      { name: 'leaves', min: 2, max: 5, integer: true },
      { name: 'frac', min: 0.5, max: 1 },
      { name: 'loss', values: ['l1', 'l2'] },
    ];
    const res = await searchHyperparameters({ space, method: 'random', trials: 2000, seed: 7, direction: 'minimize' }, async (p) => ({ score: Number(p.lr) }));
    const lr = res.trials.map((t) => Number(t.params.lr));
    const leaves = res.trials.map((t) => Number(t.params.leaves));
    expect(lr.every((v) => v >= 0.001 && v <= 1)).toBe(true);
    expect(res.trials.every((t) => Number(t.params.frac) >= 0.5 && Number(t.params.frac) <= 1)).toBe(true);
    expect(new Set(leaves)).toEqual(new Set([2, 3, 4, 5]));
    // each whole number about equally often (500 expected each)
    for (const v of [2, 3, 4, 5]) expect(Math.abs(leaves.filter((x) => x === v).length - 500)).toBeLessThan(100);
    // log-uniform: half of the draws below the geometric middle 10^−1.5, a tenth below 10^−2.7
    expect(Math.abs(lr.filter((v) => v < 10 ** -1.5).length / 2000 - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(lr.filter((v) => v < 10 ** -2.7).length / 2000 - 0.1)).toBeLessThan(0.03);
    expect(res.best.result.score).toBe(Math.min(...lr));
    expect(new Set(res.trials.map((t) => t.params.loss))).toEqual(new Set(['l1', 'l2']));
  });
});

describe('refusals', () => {
  it.each<[string, SearchOptions]>([
    ['a range in a grid', { space: [{ name: 'x', min: 0, max: 1 }], method: 'grid', direction: 'maximize' }],
    ['a random search without trials', { space: grid, method: 'random', direction: 'maximize' }],
    ['a parameter declared twice', { space: [grid[0], grid[0]], method: 'grid', direction: 'maximize' }],
    ['an empty value list', { space: [{ name: 'x', values: [] }], method: 'grid', direction: 'maximize' }],
    ['min above max', { space: [{ name: 'x', min: 2, max: 1 }], method: 'random', trials: 1, direction: 'maximize' }],
    ['a log range from 0', { space: [{ name: 'x', min: 0, max: 1, log: true }], method: 'random', trials: 1, direction: 'maximize' }],
    ['an integer range without integers', { space: [{ name: 'x', min: 0.2, max: 0.8, integer: true }], method: 'random', trials: 1, direction: 'maximize' }],
  ])('%s', async (_, options) => {
    await expect(searchHyperparameters(options, async () => ({ score: 1 }))).rejects.toMatchObject({ code: 'SEARCH_INVALID' });
  });
});
