/**
 * Splits on hand-made examples, with the exact row sets written out: purged k-fold with an
 * embargo, walk-forward (rolling, expanding, gap, a short last block), several symbols sharing
 * timestamps, the leaky shuffled k-fold, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import type { Fold, SplitRows } from '../../../src/models/validation/splits-grid.js';
import { leakyShuffledKFold } from '../../../src/models/validation/splits-leaky.js';
import { purgedKFold } from '../../../src/models/validation/splits-purged-kfold.js';
import { walkForward } from '../../../src/models/validation/splits-walk-forward.js';

/** Rows at the given times, each label window `h` time units long. */
const rowsAt = (times: number[], h: number): SplitRows => ({ time: Float64Array.from(times), labelEnd: Float64Array.from(times, (t) => t + h) });
const plain = (folds: Fold[]) => folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));

/** One symbol, rows 0..9 at times 0..9, labels over 2 bars: row i's label window is [i, i+2]. */
const ten = rowsAt([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2);

describe('purged k-fold with embargo, by hand', () => {
  it('5 folds, embargo 1 bar: purge both sides of the test block, embargo after its window', () => {
    expect(plain(purgedKFold(ten, { folds: 5, embargo: { bars: 1 } }))).toEqual([
      // test {0,1}, window [0,3]: 2,3 purged (time ≤ 3), 4 embargoed (first bar after 3)
      { test: [0, 1], train: [5, 6, 7, 8, 9] },
      // test {2,3}, window [2,5]: 0,1 purged (label ends 2, 3 ≥ 2), 4,5 purged, 6 embargoed
      { test: [2, 3], train: [7, 8, 9] },
      // test {4,5}, window [4,7]: 2,3 purged, 6,7 purged, 8 embargoed
      { test: [4, 5], train: [0, 1, 9] },
      // test {6,7}, window [6,9]: 4,5 and 8,9 purged; nothing left to embargo
      { test: [6, 7], train: [0, 1, 2, 3] },
      // test {8,9}, window [8,11]: 6,7 purged
      { test: [8, 9], train: [0, 1, 2, 3, 4, 5] },
    ]);
  });

  it('without embargo only the purge; with labels of length 0 nothing is purged', () => {
    expect(plain(purgedKFold(ten, { folds: 5 }))[1]).toEqual({ test: [2, 3], train: [6, 7, 8, 9] });
    expect(plain(purgedKFold(rowsAt([0, 1, 2, 3, 4, 5], 0), { folds: 3 }))[1]).toEqual({ test: [2, 3], train: [0, 1, 4, 5] });
  });

  it('blocks differ by at most one bar, the earlier ones larger; an embargo fraction rounds up', () => {
    const folds = purgedKFold(rowsAt([0, 1, 2, 3, 4, 5, 6], 0), { folds: 3, embargo: { fraction: 0.1 } });
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    // ⌈0.1 · 7⌉ = 1 bar after each window
    expect(folds.map((f) => Array.from(f.train))).toEqual([[4, 5, 6], [0, 1, 2, 6], [0, 1, 2, 3, 4]]);
  });

  it('several symbols: rows sharing a timestamp stay in one block; sizes count timestamps', () => {
    // times 0..5; symbol A at every time, B at 1, 2, 4, 5 → rows (0A)(1A)(1B)(2A)(2B)(3A)(4A)(4B)(5A)(5B)
    const rows = rowsAt([0, 1, 1, 2, 2, 3, 4, 4, 5, 5], 1);
    expect(plain(purgedKFold(rows, { folds: 3 }))).toEqual([
      // times {0,1}, window [0,2]: the time-2 rows purged
      { test: [0, 1, 2], train: [5, 6, 7, 8, 9] },
      // times {2,3}, window [2,4]: the time-1 rows (labels end at 2) and time-4 rows purged
      { test: [3, 4, 5], train: [0, 8, 9] },
      // times {4,5}, window [4,6]: the time-3 row purged
      { test: [6, 7, 8, 9], train: [0, 1, 2, 3, 4] },
    ]);
  });

  it('label windows of different lengths: the test window ends at the latest test label end', () => {
    // row 1's label runs to 7, so the test window of block {0,1} is [0,7] and rows up to time 7 are purged
    const rows: SplitRows = { time: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), labelEnd: Float64Array.from([0, 7, 2, 3, 4, 5, 6, 7, 8, 9]) };
    expect(plain(purgedKFold(rows, { folds: 5 }))[0]).toEqual({ test: [0, 1], train: [8, 9] });
  });
});

describe('walk-forward, by hand', () => {
  it('rolling: the last `train` bars before each test block, purged where labels reach it', () => {
    expect(plain(walkForward(ten, { train: 4, test: 2 }))).toEqual([
      { test: [4, 5], train: [0, 1] },
      { test: [6, 7], train: [2, 3] },
      { test: [8, 9], train: [4, 5] },
    ]);
  });

  it('expanding, and a gap (embargo) of 3 bars before each test block', () => {
    expect(plain(walkForward(ten, { train: 4, test: 2, window: 'expanding' })).map((f) => f.train)).toEqual([[0, 1], [0, 1, 2, 3], [0, 1, 2, 3, 4, 5]]);
    expect(plain(walkForward(ten, { train: 4, test: 2, window: 'expanding', embargo: { bars: 3 } })).map((f) => f.train)).toEqual([[0], [0, 1, 2], [0, 1, 2, 3, 4]]);
  });

  it('a step other than the test size, and a short last block', () => {
    expect(plain(walkForward(ten, { train: 3, test: 3, step: 2 }))).toEqual([
      // training [s−3, s), minus the two rows before s whose labels reach s
      { test: [3, 4, 5], train: [0] },
      { test: [5, 6, 7], train: [2] },
      { test: [7, 8, 9], train: [4] },
      { test: [9], train: [6] },
    ]);
  });

  it('several symbols: blocks count timestamps', () => {
    const rows = rowsAt([0, 1, 1, 2, 2, 3, 4, 4, 5, 5], 0);
    expect(plain(walkForward(rows, { train: 2, test: 2 }))).toEqual([
      { test: [3, 4, 5], train: [0, 1, 2] },
      { test: [6, 7, 8, 9], train: [3, 4, 5] },
    ]);
  });
});

describe('leaky shuffled k-fold', () => {
  it('partitions the rows into near-equal shuffled folds, the same for the same seed', () => {
    const folds = leakyShuffledKFold(23, 4, 9);
    const tested = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const f of folds) {
      expect(f.test.length === 5 || f.test.length === 6).toBe(true);
      expect(Array.from(f.train).concat(Array.from(f.test)).sort((a, b) => a - b)).toEqual(tested);
      expect(Array.from(f.test)).toEqual(Array.from(f.test).sort((a, b) => a - b));
    }
    expect(plain(leakyShuffledKFold(23, 4, 9))).toEqual(plain(folds));
    expect(plain(leakyShuffledKFold(23, 4, 10))).not.toEqual(plain(folds));
    // shuffled: the first fold is not simply the first rows
    expect(Array.from(folds[0].test)).not.toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('refusals', () => {
  it.each<[string, () => unknown, string]>([
    ['one fold', () => purgedKFold(ten, { folds: 1 }), 'SPLIT_INVALID'],
    ['more folds than times', () => purgedKFold(rowsAt([0, 0, 1], 0), { folds: 3 }), 'SPLIT_INVALID'],
    ['a negative embargo', () => purgedKFold(ten, { folds: 2, embargo: { bars: -1 } }), 'SPLIT_INVALID'],
    ['an embargo fraction of 1', () => purgedKFold(ten, { folds: 2, embargo: { fraction: 1 } }), 'SPLIT_INVALID'],
    ['a fold purged empty', () => purgedKFold(rowsAt([0, 1, 2, 3], 10), { folds: 2 }), 'SPLIT_INVALID'],
    ['a training window as long as the data', () => walkForward(ten, { train: 10, test: 1 }), 'SPLIT_INVALID'],
    ['a zero test size', () => walkForward(ten, { train: 2, test: 0 }), 'SPLIT_INVALID'],
    ['a training window purged empty', () => walkForward(ten, { train: 2, test: 2 }), 'SPLIT_INVALID'],
    ['unsorted rows', () => purgedKFold(rowsAt([0, 2, 1, 3], 0), { folds: 2 }), 'DATASET_INVALID'],
    ['a label ending before its row', () => purgedKFold({ time: Float64Array.from([0, 1, 2]), labelEnd: Float64Array.from([0, 0, 2]) }, { folds: 2 }), 'DATASET_INVALID'],
    ['a leaky split with one fold', () => leakyShuffledKFold(5, 1, 1), 'SPLIT_INVALID'],
  ])('refuses %s', (_, run, code) => {
    expect(run).toThrow(expect.objectContaining({ code }));
  });
});
