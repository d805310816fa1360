/**
 * buildDataset by hand on two small symbols (row order by time then symbol, warm-up rows
 * dropped, partly missing rows kept, unknown labels dropped, the time range read no later than
 * `to`), its refusals, and subset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { type SymbolFeatures, buildDataset, subset } from '../../../src/models/dataset/dataset.js';
import { DAY, barsOf, randomWalkBars } from './make-bars.js';

const N = NaN;
const f64 = (a: number[]) => Float64Array.from(a);

/** A: 6 bars on days 1–6, warm-up of 2; B: 5 bars on days 2, 3, 5, 6, 7, its second feature partly missing. */
function inputs(): SymbolFeatures[] {
  const a: SymbolFeatures = {
    symbol: 'A',
    bars: barsOf([10, 11, 12, 13, 14, 15], { symbol: 'A' }),
    columns: [f64([N, N, 1, 2, 3, 4]), f64([N, N, 10, 20, 30, 40])],
    featureNames: ['f', 'g'],
  };
  const b: SymbolFeatures = {
    symbol: 'B',
    bars: barsOf([20, 22, 20, 25, 30], { symbol: 'B', time: [2, 3, 5, 6, 7].map((d) => d * DAY) }),
    columns: [f64([5, 6, 7, 8, 9]), f64([N, 60, N, 80, 90])],
    featureNames: ['f', 'g'],
  };
  return [b, a]; // given out of name order on purpose
}

describe('buildDataset', () => {
  it('rows by time then symbol; warm-up and unlabelled rows dropped, partly missing rows kept', () => {
    const ds = buildDataset(inputs(), { label: { kind: 'forward-return', horizon: 1 } });
    expect(ds.symbols).toEqual(['A', 'B']);
    // A bars 2..4 (days 3..5; bar 5 has no next bar); B bars 0..3 (days 2,3,5,6; bar 4 is the last)
    expect(Array.from(ds.time, (t) => t / DAY)).toEqual([2, 3, 3, 4, 5, 5, 6]);
    expect(Array.from(ds.symbolIndex)).toEqual([1, 0, 1, 0, 0, 1, 1]);
    expect(Array.from(ds.barIndex)).toEqual([0, 2, 1, 3, 4, 2, 3]);
    expect(Array.from(ds.x.data)).toEqual([5, N, 1, 10, 6, 60, 2, 20, 3, 30, 7, N, 8, 80]);
    expect([ds.x.rows, ds.x.cols]).toEqual([7, 2]);
    expect(Array.from(ds.labelEnd, (t) => t / DAY)).toEqual([3, 4, 5, 5, 6, 6, 7]);
    const want = [22 / 20, 13 / 12, 20 / 22, 14 / 13, 15 / 14, 25 / 20, 30 / 25].map((r) => r - 1);
    ds.y.forEach((y, i) => expect(y).toBeCloseTo(want[i], 14));
    expect(Array.from(ds.forwardReturn)).toEqual(Array.from(ds.y));
    expect([ds.task, ds.numClasses, ds.featureNames]).toEqual(['regression', 0, ['f', 'g']]);
    expect(ds.label).toEqual({ kind: 'forward-return', horizon: 1, log: false });
  });

  it('a time range keeps rows in [from, to] and reads no bar after `to`, labels included', () => {
    const ds = buildDataset(inputs(), { label: { kind: 'forward-return', horizon: 1 }, from: 3 * DAY, to: 5 * DAY });
    // A day 5 (its label needs day 6) and B day 5 (needs day 6) are dropped: their labels are not known by `to`
    expect(Array.from(ds.time, (t) => t / DAY)).toEqual([3, 3, 4]);
    expect(Array.from(ds.symbolIndex)).toEqual([0, 1, 0]);
    expect(Math.max(...ds.labelEnd)).toBeLessThanOrEqual(5 * DAY);
  });

  it('property: rows sorted by (time, symbol), no label window ends after `to`, every row labelled and not all-NaN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 60 }), (seed, symbols, to) => {
        const list: SymbolFeatures[] = Array.from({ length: symbols }, (_, s) => {
          const bars = randomWalkBars(60, seed * 10 + s, `S${s}`);
          const warm = (s * 7) % 11;
          const col = Float64Array.from(bars.close, (c, i) => (i < warm ? NaN : c));
          return { symbol: `S${s}`, bars, columns: [col], featureNames: ['close'] };
        });
        let ds;
        try {
          ds = buildDataset(list, { label: { kind: 'sign', horizon: 3 }, to: to * DAY });
        } catch (e) {
          expect((e as SextantError).code).toBe('DATASET_EMPTY');
          return;
        }
        for (let i = 0; i < ds.y.length; i++) {
          if (i > 0) expect(ds.time[i] > ds.time[i - 1] || (ds.time[i] === ds.time[i - 1] && ds.symbolIndex[i] > ds.symbolIndex[i - 1])).toBe(true);
          expect(ds.labelEnd[i]).toBeLessThanOrEqual(to * DAY);
          expect([0, 1]).toContain(ds.y[i]);
          expect(Number.isNaN(ds.x.data[i])).toBe(false);
          const src = list[ds.symbolIndex[i]];
          expect(src.bars.time[ds.barIndex[i]]).toBe(ds.time[i]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it.each<[string, (l: SymbolFeatures[]) => SymbolFeatures[], string]>([
    ['no symbol', () => [], 'DATASET_INVALID'],
    ['a symbol twice', (l) => [l[0], { ...l[0] }], 'DATASET_INVALID'],
    ['other feature names', (l) => [l[0], { ...l[1], featureNames: ['g', 'f'] }], 'DATASET_INVALID'],
    ['a column too short', (l) => [l[0], { ...l[1], columns: [f64([1]), l[1].columns[1]] }], 'DATASET_INVALID'],
    ['fewer columns than names', (l) => [{ ...l[0], columns: [l[0].columns[0]] }], 'DATASET_INVALID'],
    ['no feature', (l) => [{ ...l[0], columns: [], featureNames: [] }], 'DATASET_INVALID'],
    ['only warm-up rows', (l) => [{ ...l[1], columns: [f64([N, N, N, N, N, N]), f64([N, N, N, N, N, N])] }], 'DATASET_EMPTY'],
  ])('refuses %s', (_, edit, code) => {
    expect(() => buildDataset(edit(inputs()), { label: { kind: 'sign', horizon: 1 } })).toThrow(expect.objectContaining({ code }));
  });

  it('refuses an invalid label spec with its field', () => {
    expect(() => buildDataset(inputs(), { label: { kind: 'sign', horizon: -1 } })).toThrow(expect.objectContaining({ code: 'LABEL_SPEC_INVALID' }));
  });
});

describe('subset', () => {
  it('picks rows in the given order, every per-row field alike', () => {
    const ds = buildDataset(inputs(), { label: { kind: 'forward-return', horizon: 1 } });
    const sub = subset(ds, [5, 0]);
    expect(Array.from(sub.x.data)).toEqual([7, N, 5, N]);
    expect(Array.from(sub.time)).toEqual([ds.time[5], ds.time[0]]);
    expect(Array.from(sub.labelEnd)).toEqual([ds.labelEnd[5], ds.labelEnd[0]]);
    expect(Array.from(sub.y)).toEqual([ds.y[5], ds.y[0]]);
    expect(Array.from(sub.symbolIndex)).toEqual([1, 1]);
    expect(Array.from(sub.barIndex)).toEqual([2, 0]);
    expect(Array.from(sub.forwardReturn)).toEqual([ds.forwardReturn[5], ds.forwardReturn[0]]);
    expect([sub.symbols, sub.featureNames, sub.task]).toEqual([ds.symbols, ds.featureNames, ds.task]);
    expect(() => subset(ds, [7])).toThrow(SextantError);
  });
});
