import { GbdtModel } from '../gbdt/index.js';
import type { Matrix, Model, Task } from '../model.js';

export interface FeatureImportance {
  feature: string;
  /** Mean |contribution| to the raw output over the last fold's test rows (TreeSHAP or coefficient × input). */
  mean_abs_contribution: number;
  /** Trees only: total loss reduction of the splits on the feature, and how many splits use it. */
  gain: number | null;
  splits: number | null;
}

/** Most rows explained for the importance table: enough for stable means, cheap for 200-tree models. */
const EXPLAIN_ROWS = 2000;

/**
 * Importance of each feature, largest mean |contribution| first, measured out of sample on the
 * last fold's test rows with that fold's model (the final model has seen every row).
 */
export function featureImportance(finalModel: Model, last: { model: Model; x: Matrix; y: Float64Array }, _task: Task, _numClasses: number, _seed: number): FeatureImportance[] {
  const cols = last.x.cols;
  const rows = Math.min(last.x.rows, EXPLAIN_ROWS);
  const x: Matrix = { rows, cols, data: last.x.data.subarray((last.x.rows - rows) * cols) };
  const c = last.model.explain(x);
  const K = last.model.numOutputs;
  const meanAbs = new Float64Array(cols);
  for (let b = 0; b < rows * K; b++) for (let f = 0; f < cols; f++) meanAbs[f] += Math.abs(c[b * (cols + 1) + f]) / rows;
  const gain = new Float64Array(cols);
  const splits = new Float64Array(cols);
  const trees = finalModel instanceof GbdtModel ? finalModel.ensemble.trees : null;
  for (const t of trees ?? []) {
    for (let n = 0; n < t.feature.length; n++) {
      gain[t.feature[n]] += t.gain[n];
      splits[t.feature[n]]++;
    }
  }
  return finalModel.featureNames
    .map((feature, f) => ({ feature, mean_abs_contribution: meanAbs[f], gain: trees ? gain[f] : null, splits: trees ? splits[f] : null }))
    .sort((a, b) => b.mean_abs_contribution - a.mean_abs_contribution || (a.feature < b.feature ? -1 : 1));
}
