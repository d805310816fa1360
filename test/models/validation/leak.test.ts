/**
 * THE LEAK TEST (issue 5): a leaky split is detected.
 *
 * Setup: a driftless random walk, labels = sign of the forward return over 50 bars, so the label
 * windows of neighbouring rows share 49 of their 50 returns, and a single feature, the bar's
 * index in time. The learner is a 1-nearest-neighbour memoriser: it copies the label of the
 * training row closest in time. The feature says nothing about the future (the walk has no
 * drift and labels are independent of time); all it can do is point at a neighbouring row whose
 * label window covers almost the same prices. So:
 * - naive shuffled k-fold: a test row's neighbours in time are in training, their labels are
 *   nearly its own label → near-perfect AUC (≈ 0.94 = P(two 49/50-overlapping signs agree));
 * - purged k-fold with embargo, purged walk-forward: every training row whose label window
 *   overlaps the test window is gone, the nearest remaining one shares no return with any test
 *   label → chance;
 * - the same contiguous blocks without the purge still leak at the block edges, so it is the
 *   purge, not the blocking, that removes the leak.
 *
 * Why many small test blocks: with a time-index memoriser every row of a contiguous test block
 * takes its prediction from one of the block's two edges, so the number of independent
 * predictions is about twice the number of blocks. Hundreds of blocks make "≈ 0.5" a statement
 * with a spread of about ±0.02 (seeds 1–8: shuffled 0.934–0.937, purged k-fold 0.471–0.524,
 * purged walk-forward 0.481–0.514, unpurged blocks 0.671–0.692), well inside the ±0.07
 * asserted; five big folds would give only ten independent predictions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDataset } from '../../../src/models/dataset/dataset.js';
import type { Fold } from '../../../src/models/validation/splits-grid.js';
import { leakyShuffledKFold } from '../../../src/models/validation/splits-leaky.js';
import { purgedKFold } from '../../../src/models/validation/splits-purged-kfold.js';
import { walkForward } from '../../../src/models/validation/splits-walk-forward.js';
import { randomWalkBars } from '../dataset/make-bars.js';
import { aucByPairs, aucByRanks, nearestNeighbourScores } from './leak-auc.js';

const BARS = 50_000;
const HORIZON = 50;
const BLOCK = 2 * HORIZON;

/** AUC over the rows that were in some test set. */
function outOfFoldAuc(y: Float64Array, feature: Float64Array, folds: readonly Fold[]): number {
  const score = nearestNeighbourScores(feature, y, folds);
  const ys: number[] = [];
  const ss: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isNaN(score[i])) {
      ys.push(y[i]);
      ss.push(score[i]);
    }
  }
  return aucByRanks(ys, ss);
}

/** The purged folds' test blocks with everything else as training: contiguous, but not purged. */
function unpurged(folds: readonly Fold[], rows: number): Fold[] {
  return folds.map(({ test }) => {
    const inTest = new Uint8Array(rows);
    for (const i of test) inTest[i] = 1;
    return { test, train: Int32Array.from({ length: rows }, (_, i) => i).filter((i) => !inTest[i]) };
  });
}

describe('the AUC and the memoriser used by the leak test', () => {
  it('AUC by ranks equals the pair-counting definition, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 40 }), (pairs) => {
        const y = pairs.map(([p]) => (p ? 1 : 0));
        fc.pre(y.includes(1) && y.includes(0));
        const s = pairs.map(([, v]) => v);
        expect(aucByRanks(y, s)).toBeCloseTo(aucByPairs(y, s), 12);
      }),
    );
  });

  it('1-NN copies the label of the nearest training row (the earlier one on a tie)', () => {
    const feature = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const y = Float64Array.from([1, 0, 1, 1, 0, 0]);
    const score = nearestNeighbourScores(feature, y, [{ train: Int32Array.from([0, 4]), test: Int32Array.from([1, 2, 3, 5]) }]);
    // 1 → 0 (distance 1); 2 → tie between 0 and 4 → 0; 3 → 4; 5 → 4; rows 0 and 4 were not tested
    expect(Array.from(score)).toEqual([NaN, 1, 1, 0, NaN, 0]);
  });
});

describe('a leaky split is detected', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: a time-index memoriser is near-perfect under a naive shuffle and at chance under purged splits`, () => {
      const bars = randomWalkBars(BARS, seed);
      const index = Float64Array.from({ length: BARS }, (_, i) => i);
      const ds = buildDataset([{ symbol: 'RW', bars, columns: [index], featureNames: ['bar_index'] }], { label: { kind: 'sign', horizon: HORIZON } });
      const rows = ds.y.length;
      const feature = ds.x.data;
      expect(rows).toBeGreaterThan(BARS - HORIZON - 10);

      const shuffled = outOfFoldAuc(ds.y, feature, leakyShuffledKFold(rows, 10, seed));
      const kfold = purgedKFold(ds, { folds: Math.floor(rows / BLOCK), embargo: { bars: HORIZON } });
      const purged = outOfFoldAuc(ds.y, feature, kfold);
      const notPurged = outOfFoldAuc(ds.y, feature, unpurged(kfold, rows));
      const walk = outOfFoldAuc(ds.y, feature, walkForward(ds, { train: 10 * BLOCK, test: BLOCK, embargo: { bars: HORIZON } }));

      expect(shuffled).toBeGreaterThan(0.9);
      expect(Math.abs(purged - 0.5)).toBeLessThan(0.07);
      expect(Math.abs(walk - 0.5)).toBeLessThan(0.07);
      expect(notPurged).toBeGreaterThan(0.6);
    });
  }
});
