/**
 * Helpers of the leak test, written from definitions so they do not depend on the metrics
 * module: AUC as the Mann–Whitney statistic and a one-nearest-neighbour memoriser.
 */
import type { Fold } from '../../../src/models/validation/splits-grid.js';

/**
 * P(score of a random positive > score of a random negative) + ½ P(tie), by average ranks:
 * (sum of the positives' ranks − P(P+1)/2) / (P·N).
 */
export function aucByRanks(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && score[order[j]] === score[order[i]]) j++;
    const rank = (i + 1 + j) / 2; // average of ranks i+1 … j
    for (let k = i; k < j; k++) {
      if (y[order[k]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The same by counting every (positive, negative) pair: the definition, O(P·N). */
export function aucByPairs(y: ArrayLike<number>, score: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/**
 * Out-of-fold scores of a 1-nearest-neighbour learner on one feature: each test row gets the
 * label of the training row whose feature is closest (the smaller feature wins a tie). It learns
 * nothing general — it memorises, which is exactly what exposes a leaky split. Rows in no test
 * set stay NaN.
 */
export function nearestNeighbourScores(feature: Float64Array, y: Float64Array, folds: readonly Fold[]): Float64Array {
  const n = y.length;
  const score = new Float64Array(n).fill(NaN);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => feature[a] - feature[b] || a - b);
  const at = new Int32Array(n);
  order.forEach((row, p) => (at[row] = p));
  const inTrain = new Uint8Array(n);
  for (const { train, test } of folds) {
    for (const i of train) inTrain[i] = 1;
    for (const i of test) {
      const v = feature[i];
      // walk outwards from the row in feature order, always to the nearer side first
      let l = at[i] - 1;
      let r = at[i] + 1;
      for (;;) {
        const dl = l >= 0 ? v - feature[order[l]] : Infinity;
        const dr = r < n ? feature[order[r]] - v : Infinity;
        if (dl === Infinity && dr === Infinity) break;
        if (dl <= dr) {
          if (inTrain[order[l]]) {
            score[i] = y[order[l]];
            break;
          }
          l--;
        } else {
          if (inTrain[order[r]]) {
            score[i] = y[order[r]];
            break;
          }
          r++;
        }
      }
    }
    for (const i of train) inTrain[i] = 0;
  }
  return score;
}
