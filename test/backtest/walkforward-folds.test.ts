/**
 * Walk-forward folds worked by hand for tiny cases (rolling and anchored), their invariants as
 * properties (out-of-sample windows tile the bars after the first in-sample window, never
 * overlap their in-sample window), and the per-fold summaries: efficiency and parameter stability.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkForwardFolds } from '../../src/backtest/walkforward/folds.js';
import { foldEfficiency, meanEfficiency, parameterStability } from '../../src/backtest/walkforward/stability.js';
import { SextantError } from '../../src/core/errors.js';

describe('walk-forward folds', () => {
  it('rolling, by hand: 11 bars, in-sample 4, out-of-sample 3', () => {
    // IS [0,4) OOS [4,7); IS [3,7) OOS [7,10); IS [6,10) OOS [10,11) (the last one short)
    expect(walkForwardFolds(11, 4, 3, false)).toEqual([
      { isStart: 0, isEnd: 4, oosEnd: 7 },
      { isStart: 3, isEnd: 7, oosEnd: 10 },
      { isStart: 6, isEnd: 10, oosEnd: 11 },
    ]);
    // with 10 bars the third fold would have no out-of-sample bar
    expect(walkForwardFolds(10, 4, 3, false)).toHaveLength(2);
  });

  it('anchored, by hand: in-sample always from bar 0', () => {
    expect(walkForwardFolds(11, 4, 3, true)).toEqual([
      { isStart: 0, isEnd: 4, oosEnd: 7 },
      { isStart: 0, isEnd: 7, oosEnd: 10 },
      { isStart: 0, isEnd: 10, oosEnd: 11 },
    ]);
  });

  it('refuses windows where not one fold fits, naming --is and --oos', () => {
    for (const [bars, is, oos, field] of [
      [10, 10, 3, '--is'],
      [10, 12, 1, '--is'],
      [10, 0, 3, '--is'],
      [10, 4, 0, '--oos'],
      [10, 4, 1.5, '--oos'],
    ] as const) {
      try {
        walkForwardFolds(bars, is, oos, false);
        expect.fail(`expected OPTION_INVALID for ${bars} ${is} ${oos}`);
      } catch (e) {
        expect(e).toBeInstanceOf(SextantError);
        expect((e as SextantError).code).toBe('OPTION_INVALID');
        expect((e as SextantError).details.field).toBe(field);
        expect((e as SextantError).message).toContain(field);
      }
    }
  });

  it('out-of-sample windows tile the bars after the first in-sample window; in-sample ends where out-of-sample starts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 400 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.boolean(), (bars, is, oos, anchored) => {
        fc.pre(is < bars);
        const folds = walkForwardFolds(bars, is, oos, anchored);
        const covered: number[] = [];
        folds.forEach((f, k) => {
          expect(f.isStart).toBe(anchored ? 0 : k * oos);
          expect(f.isEnd - f.isStart).toBe(anchored ? is + k * oos : is);
          expect(f.oosEnd).toBeGreaterThan(f.isEnd); // at least one bar
          if (k < folds.length - 1) expect(f.oosEnd - f.isEnd).toBe(oos);
          else expect(f.oosEnd - f.isEnd).toBeLessThanOrEqual(oos);
          for (let b = f.isEnd; b < f.oosEnd; b++) covered.push(b);
        });
        expect(covered).toEqual(Array.from({ length: bars - is }, (_, i) => is + i));
      }),
    );
  });
});

describe('fold summaries', () => {
  it('efficiency: OOS annualised return over IS, only for a positive IS return; the mean skips the rest', () => {
    expect(foldEfficiency(20, 5)).toBe(0.25);
    expect(foldEfficiency(10, -5)).toBe(-0.5);
    expect(foldEfficiency(-10, 5)).toBeNaN();
    expect(foldEfficiency(0, 5)).toBeNaN();
    expect(foldEfficiency(10, NaN)).toBeNaN();
    expect(meanEfficiency([0.25, NaN, -0.5, 1])).toEqual({ mean: 0.25, folds: 3 });
    expect(meanEfficiency([NaN])).toEqual({ mean: NaN, folds: 0 });
  });

  it('parameter stability: values per fold, the most common and its share, coefficient of variation', () => {
    const s = parameterStability(['fast', 'slow', 'mode'], [
      { fast: 10, slow: 30, mode: 'a' },
      { fast: 20, slow: 30, mode: 'b' },
      { fast: 10, slow: 30, mode: 'b' },
      { fast: 20, slow: 30, mode: 'a' },
    ]);
    // fast: 10, 20, 10, 20: mean 15, population sd 5, CV 1/3; a tie goes to the value chosen first
    expect(s.fast).toEqual({ values: [10, 20, 10, 20], most_common: 10, most_common_share: 0.5, cv: 5 / 15 });
    expect(s.slow).toEqual({ values: [30, 30, 30, 30], most_common: 30, most_common_share: 1, cv: 0 });
    expect(s.mode.most_common).toBe('a');
    expect(s.mode.cv).toBeNaN();
    expect(parameterStability(['x'], [{ x: 0 }, { x: 0 }, { x: 3 }]).x).toEqual({ values: [0, 0, 3], most_common: 0, most_common_share: 2 / 3, cv: Math.sqrt(2) / 1 });
  });
});
