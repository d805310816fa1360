/**
 * Quantile leaves, as LightGBM renews them: a tree grown on the pinball gradients (±alpha,
 * constant hessians) has the right shape but its Newton leaf values are poor; each leaf is set
 * instead to the alpha-quantile of the residuals y − score of its (bagged) rows.
 */
import type { GrownTree } from './grow.js';
import { weightedQuantile } from './objective.js';

/**
 * leafOf[r]: the leaf of row r, −1 for rows out of the bag; score is output 0's current score.
 * Leaf values are replaced by quantile × learningRate.
 */
export function renewQuantileLeaves(tree: GrownTree, leafOf: Int32Array, y: Float64Array, w: Float64Array | null, score: Float64Array, alpha: number, learningRate: number): void {
  const leaves = tree.numNodes + 1;
  const start = new Int32Array(leaves + 1);
  for (let r = 0; r < leafOf.length; r++) if (leafOf[r] >= 0) start[leafOf[r] + 1]++;
  for (let l = 0; l < leaves; l++) start[l + 1] += start[l];
  const fill = start.slice(0, leaves);
  const residual = new Float64Array(start[leaves]);
  const weight = w === null ? null : new Float64Array(start[leaves]);
  // Rows are bucketed in row order, so a leaf's values do not depend on how threads held them.
  for (let r = 0; r < leafOf.length; r++) {
    const l = leafOf[r];
    if (l < 0) continue;
    const at = fill[l]++;
    residual[at] = y[r] - score[r];
    if (weight !== null) weight[at] = (w as Float64Array)[r];
  }
  for (let l = 0; l < leaves; l++) {
    if (start[l + 1] === start[l]) continue;
    const values = residual.subarray(start[l], start[l + 1]);
    const q = weightedQuantile(values, weight === null ? null : weight.subarray(start[l], start[l + 1]), alpha);
    tree.leafValue[l] = q * learningRate;
  }
}
