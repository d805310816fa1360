/**
 * The parameter space of a sweep: `--param` parsing (ranges, lists, fixed values, bad specs),
 * the grid's order, which combinations become trials (invalid ones skipped), a seeded random
 * draw without replacement, and the ranking by objective.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectCombinations } from '../../src/backtest/sweep/combinations.js';
import { parseObjective, rankByObjective } from '../../src/backtest/sweep/objective.js';
import { combinationAt, gridSize, parseParamSpace, parseParamSpec } from '../../src/backtest/sweep/param-space.js';
import { SextantError } from '../../src/core/errors.js';
import { getStrategy } from '../../src/strategy/registry.js';

/** Asserts fn throws a SextantError with `code` whose details name `param` (or whose message does). */
function expectError(fn: () => unknown, code: string, param: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SextantError);
    expect((e as SextantError).code).toBe(code);
    expect(`${(e as SextantError).details.param ?? ''} ${(e as SextantError).message}`).toContain(param);
    return;
  }
  expect.fail(`expected ${code} naming ${param}`);
}

const smaCross = getStrategy('sma-cross');

describe('--param specs', () => {
  it('reads inclusive ranges, lists and fixed values', () => {
    expect(parseParamSpec('fast=5:50:5')).toEqual({ name: 'fast', values: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] });
    expect(parseParamSpec('fast=5:52:5').values).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]); // END not on the grid: stops below it
    expect(parseParamSpec('fast=7:7:3').values).toEqual([7]);
    expect(parseParamSpec('x=-1:1:0.5').values).toEqual([-1, -0.5, 0, 0.5, 1]);
    // 0.1 + 2·0.1 is 0.30000000000000004 in floating point; the values are the decimals written
    expect(parseParamSpec('x=0.1:0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseParamSpec('x=0.05:0.2:0.05').values).toEqual([0.05, 0.1, 0.15, 0.2]);
    expect(parseParamSpec('fast=5,10,20')).toEqual({ name: 'fast', values: [5, 10, 20] });
    expect(parseParamSpec(' mode = a, b ,true')).toEqual({ name: 'mode', values: ['a', 'b', true] });
    expect(parseParamSpec('slow=50')).toEqual({ name: 'slow', values: [50] });
    expect(parseParamSpec('flag=false')).toEqual({ name: 'flag', values: [false] });
  });

  it('refuses bad specs, naming the parameter', () => {
    expectError(() => parseParamSpec('fast'), 'STRATEGY_PARAM_INVALID', 'fast');
    expectError(() => parseParamSpec('=5'), 'STRATEGY_PARAM_INVALID', '=5');
    expectError(() => parseParamSpec('fast='), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5:50'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5:50:5:1'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=a:50:5'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5::5'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5:50:0'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5:50:-5'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=50:5:5'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=0:1e9:1'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5,,10'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpec('fast=5,10,5'), 'OPTION_INVALID', 'fast');
    expectError(() => parseParamSpace(['fast=5', 'slow=20', 'fast=10']), 'OPTION_INVALID', 'fast');
  });

  it('orders the grid with the first parameter varying slowest', () => {
    const space = parseParamSpace(['a=1,2', 'b=3,4,5']);
    expect(gridSize(space)).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => combinationAt(space, i))).toEqual([
      { a: 1, b: 3 },
      { a: 1, b: 4 },
      { a: 1, b: 5 },
      { a: 2, b: 3 },
      { a: 2, b: 4 },
      { a: 2, b: 5 },
    ]);
    expect(gridSize([])).toBe(1);
    expect(combinationAt([], 0)).toEqual({});
  });
});

describe('trials of a sweep', () => {
  it('grid: every valid combination in grid order; those the strategy rejects are skipped, not trials', () => {
    const space = parseParamSpace(['fast=5,10,20', 'slow=10,20,30']);
    const c = selectCombinations(smaCross, space, { kind: 'grid' });
    // fast < slow holds for (5,10) (5,20) (5,30) (10,20) (10,30) (20,30); (10,10) (20,10) (20,20) are rejected
    expect(c.params).toEqual([
      { fast: 5, slow: 10 },
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 30 },
      { fast: 20, slow: 30 },
    ]);
    expect(c.skipped).toBe(3);
    expect(c.firstRejection).toContain('fast must be shorter than slow');
  });

  it('fills in the defaults of parameters not swept', () => {
    const c = selectCombinations(getStrategy('rsi-reversion'), parseParamSpace(['n=7,14']), { kind: 'grid' });
    expect(c.params).toEqual([
      { n: 7, lower: 30, upper: 70, exit: 50 },
      { n: 14, lower: 30, upper: 70, exit: 50 },
    ]);
  });

  it('refuses an unknown parameter, a space with no valid combination, and an oversized grid', () => {
    expectError(() => selectCombinations(smaCross, parseParamSpace(['fats=5']), { kind: 'grid' }), 'STRATEGY_PARAM_INVALID', 'fats');
    expectError(() => selectCombinations(smaCross, parseParamSpace(['fast=50', 'slow=10,20']), { kind: 'grid' }), 'STRATEGY_PARAM_INVALID', 'fast must be shorter than slow');
    expectError(() => selectCombinations(smaCross, parseParamSpace(['fast=1:400:1', 'slow=1:400:1']), { kind: 'grid' }), 'OPTION_INVALID', '--param');
    expectError(() => selectCombinations(smaCross, parseParamSpace(['fast=1:5:1']), { kind: 'random', trials: 0, seed: 1 }), 'OPTION_INVALID', '--trials');
  });

  it('random: reproducible for a seed, without replacement, only valid combinations, skipped ones counted', () => {
    const space = parseParamSpace(['fast=2:40:1', 'slow=10:60:1']);
    const a = selectCombinations(smaCross, space, { kind: 'random', trials: 50, seed: 7 });
    const b = selectCombinations(smaCross, space, { kind: 'random', trials: 50, seed: 7 });
    const other = selectCombinations(smaCross, space, { kind: 'random', trials: 50, seed: 8 });
    expect(a).toEqual(b);
    expect(other.params).not.toEqual(a.params);
    expect(a.params).toHaveLength(50);
    expect(new Set(a.params.map((p) => `${p.fast}/${p.slow}`)).size).toBe(50);
    for (const p of a.params) expect(p.fast).toBeLessThan(p.slow as number);
    expect(a.skipped).toBeGreaterThan(0); // about a fifth of this grid has fast ≥ slow
    expect(a.notes).toEqual([]);
  });

  it('random: asking for more trials than there are valid combinations runs each once, with a note', () => {
    const space = parseParamSpace(['fast=5,10,20', 'slow=10,20,30']);
    const c = selectCombinations(smaCross, space, { kind: 'random', trials: 100, seed: 3 });
    const grid = selectCombinations(smaCross, space, { kind: 'grid' });
    expect(c.params).toHaveLength(6);
    expect(c.skipped).toBe(3);
    expect(new Set(c.params.map((p) => JSON.stringify(p)))).toEqual(new Set(grid.params.map((p) => JSON.stringify(p))));
    expect(c.notes[0]).toContain('each was run once');
  });

  it('random: a draw of the whole grid is a permutation of it, for any size and seed (property)', () => {
    const rsi = getStrategy('rsi-reversion');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: -1e9, max: 1e9 }), (k, seed) => {
        const space = parseParamSpace([`n=2:${k + 1}:1`]);
        const c = selectCombinations(rsi, space, { kind: 'random', trials: k, seed });
        expect(c.params.map((p) => p.n).sort((x, y) => (x as number) - (y as number))).toEqual(Array.from({ length: k }, (_, i) => i + 2));
      }),
    );
  });
});

describe('objective', () => {
  it('accepts numeric metrics only', () => {
    expect(parseObjective('calmar')).toBe('calmar');
    expectError(() => parseObjective('start'), 'OPTION_INVALID', '--objective');
    expectError(() => parseObjective('sharp'), 'OPTION_INVALID', '--objective');
  });

  it('ranks highest first, NaN last, ties by index', () => {
    expect(rankByObjective([1, NaN, 3, 3, -Infinity, 2])).toEqual([2, 3, 5, 0, 1, 4]);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant(NaN), fc.constantFrom(0, 1, -1)), { maxLength: 40 }), (xs) => {
        const r = rankByObjective(xs);
        expect([...r].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
        const key = (i: number) => (Number.isNaN(xs[i]) ? -Infinity : xs[i]);
        for (let k = 1; k < r.length; k++) {
          expect(key(r[k - 1]) >= key(r[k])).toBe(true);
          if (key(r[k - 1]) === key(r[k])) expect(r[k - 1]).toBeLessThan(r[k]);
        }
      }),
    );
  });
});
