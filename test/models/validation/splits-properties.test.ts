/**
 * Splits as properties over random multi-symbol row sets (random gaps between times, symbols
 * missing at random times, label windows of random length): every fold equals a brute-force
 * oracle written from the definitions, and, stated on their own, no training row's label
 * window overlaps its test window, no embargoed row trains, and rows sharing a timestamp are
 * never split between test and training.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SextantError } from '../../../src/core/errors.js';
import type { Fold, SplitRows } from '../../../src/models/validation/splits-grid.js';
import { purgedKFold } from '../../../src/models/validation/splits-purged-kfold.js';
import { walkForward } from '../../../src/models/validation/splits-walk-forward.js';

interface Case {
  rows: SplitRows;
  /** Distinct times, increasing. */
  times: number[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 40 }),
    symbols: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
  })
  .map(({ gaps, symbols, seed }) => {
    let state = seed;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const times: number[] = [];
    gaps.reduce((t, g) => (times.push(t + g), t + g), 0);
    const time: number[] = [];
    const labelEnd: number[] = [];
    for (const t of times) {
      for (let s = 0; s < symbols; s++) {
        if (s > 0 && rand(3) === 0) continue; // symbol 0 is always there, others sometimes missing
        time.push(t);
        labelEnd.push(t + rand(9));
      }
    }
    return { rows: { time: Float64Array.from(time), labelEnd: Float64Array.from(labelEnd) }, times };
  });

const overlaps = (rows: SplitRows, i: number, start: number, end: number) => rows.time[i] <= end && rows.labelEnd[i] >= start;

/** The expected fold for test times [a, b) and candidate training times, from the definitions. */
function oracle(c: Case, a: number, b: number, candidate: (j: number) => boolean, embargoed: (t: number, windowEnd: number) => boolean): Fold {
  const { rows, times } = c;
  const testTimes = new Set(times.slice(a, b));
  const test: number[] = [];
  for (let i = 0; i < rows.time.length; i++) if (testTimes.has(rows.time[i])) test.push(i);
  const start = times[a];
  const end = Math.max(...test.map((i) => rows.labelEnd[i]));
  const train: number[] = [];
  for (let i = 0; i < rows.time.length; i++) {
    const j = times.indexOf(rows.time[i]);
    if (!testTimes.has(rows.time[i]) && candidate(j) && !overlaps(rows, i, start, end) && !embargoed(rows.time[i], end)) train.push(i);
  }
  return { test: Int32Array.from(test), train: Int32Array.from(train) };
}

/** Checks stated on their own, whatever produced the fold. */
function checkFold(c: Case, fold: Fold, embargoedTimes: (windowEnd: number) => Set<number>): void {
  const { rows } = c;
  const sorted = (a: Int32Array) => a.every((v, i) => i === 0 || v > a[i - 1]);
  expect(sorted(fold.train) && sorted(fold.test)).toBe(true);
  const testTimes = new Set(Array.from(fold.test, (i) => rows.time[i]));
  const start = Math.min(...testTimes);
  const end = Math.max(...Array.from(fold.test, (i) => rows.labelEnd[i]));
  const embargo = embargoedTimes(end);
  for (const i of fold.train) {
    expect(overlaps(rows, i, start, end)).toBe(false);
    expect(testTimes.has(rows.time[i])).toBe(false); // a timestamp is never split
    expect(embargo.has(rows.time[i])).toBe(false);
  }
}

const plain = (f: Fold) => ({ train: Array.from(f.train), test: Array.from(f.test) });

/** Runs the split; if it refuses, the oracle must have a fold with no training rows. */
function agree(run: () => Fold[], expected: Fold[], check: (f: Fold) => void): void {
  let folds: Fold[];
  try {
    folds = run();
  } catch (e) {
    expect((e as SextantError).code).toBe('SPLIT_INVALID');
    expect(expected.some((f) => f.train.length === 0)).toBe(true);
    return;
  }
  expect(folds.map(plain)).toEqual(expected.map(plain));
  folds.forEach(check);
}

describe('purged k-fold, as properties', () => {
  it('equals the oracle; no overlap with the test window; the embargo bars after it never train', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 5 }), (c, k0, e) => {
        const T = c.times.length;
        const k = Math.min(k0, T);
        const after = (end: number) => new Set(c.times.filter((t) => t > end).slice(0, e));
        const expected: Fold[] = [];
        let a = 0;
        for (let f = 0; f < k; f++) {
          const b = a + Math.floor(T / k) + (f < T % k ? 1 : 0);
          expected.push(oracle(c, a, b, () => true, (t, end) => after(end).has(t)));
          a = b;
        }
        agree(() => purgedKFold(c.rows, { folds: k, embargo: { bars: e } }), expected, (f) => checkFold(c, f, after));
        if (expected.every((f) => f.train.length > 0)) {
          // the test blocks partition the rows
          const tested = purgedKFold(c.rows, { folds: k, embargo: { bars: e } }).flatMap((f) => Array.from(f.test));
          expect(tested).toEqual(Array.from({ length: c.rows.time.length }, (_, i) => i));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('walk-forward, as properties', () => {
  it('equals the oracle; training precedes the test block, stays in its window and out of the gap', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.record({ train: fc.integer({ min: 1, max: 30 }), test: fc.integer({ min: 1, max: 6 }), step: fc.integer({ min: 1, max: 6 }), gap: fc.integer({ min: 0, max: 3 }), expanding: fc.boolean() }),
        (c, o) => {
          const T = c.times.length;
          fc.pre(o.train < T);
          const expected: Fold[] = [];
          for (let s = o.train; s < T; s += o.step) {
            const from = o.expanding ? 0 : s - o.train;
            expected.push(oracle(c, s, Math.min(s + o.test, T), (j) => j >= from && j < s - o.gap, () => false));
          }
          const run = () => walkForward(c.rows, { train: o.train, test: o.test, step: o.step, window: o.expanding ? 'expanding' : 'rolling', embargo: { bars: o.gap } });
          agree(run, expected, (f) => {
            checkFold(c, f, () => new Set());
            expect(c.rows.time[f.train[f.train.length - 1]]).toBeLessThan(c.rows.time[f.test[0]]);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
