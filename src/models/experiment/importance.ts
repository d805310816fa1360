import { meanAbsShap, splitImportance } from '../explain/importance.js';
import { permutationImportance } from '../explain/permutation.js';
import { GbdtModel } from '../gbdt/index.js';
import type { Matrix, Model, Task } from '../model.js';
import { metricDirection, metricsFor, defaultMetric } from './predict.js';

export interface FeatureImportance {
  feature: string;
  /** Mean |contribution| to the raw output over the last fold's test rows (TreeSHAP, or coefficient × input). */
  mean_abs_contribution: number;
  /** How much the validation metric (log-loss, or RMSE) worsens when the feature's test values are shuffled: mean and std over 3 shuffles. */
  permutation: number;
  permutation_std: number;
  /** Trees only: total loss reduction of the splits on the feature in the final model, and how many splits use it. */
  gain: number | null;
  splits: number | null;
}

/** Most rows explained and shuffled for the table: enough for stable means, cheap for 200-tree models. */
const IMPORTANCE_ROWS = 2000;

/**
 * Importance of each feature, largest mean |contribution| first. Contributions and permutation
 * drops are measured out of sample — on the last fold's test rows with that fold's model — since
 * the final model has seen every row; split gain and counts describe the final model.
 */
export function featureImportance(finalModel: Model, last: { model: Model; x: Matrix; y: Float64Array }, task: Task, numClasses: number, seed: number): FeatureImportance[] {
  const cols = last.x.cols;
  const rows = Math.min(last.x.rows, IMPORTANCE_ROWS);
  const x: Matrix = { rows, cols, data: last.x.data.subarray((last.x.rows - rows) * cols) };
  const y = last.y.subarray(last.y.length - rows);
  const meanAbs = meanAbsShap(last.model.explain(x), { rows, cols, numOutputs: last.model.numOutputs });
  const metricName = defaultMetric(task);
  const metricOf = metricsFor(task, numClasses);
  const perm = permutationImportance(last.model, x, y, { metric: (yy, p) => metricOf(yy, p)[metricName], higherIsBetter: metricDirection(metricName) === 'maximize', repeats: 3, seed });
  const byIndex = new Map(perm.features.map((f) => [f.index, f]));
  const split = finalModel instanceof GbdtModel ? splitImportance(finalModel.ensemble) : null;
  return finalModel.featureNames
    .map((feature, f) => ({
      feature,
      mean_abs_contribution: meanAbs[f],
      permutation: byIndex.get(f)!.mean,
      permutation_std: byIndex.get(f)!.std,
      gain: split ? split.gain[f] : null,
      splits: split ? split.splits[f] : null,
    }))
    .sort((a, b) => b.mean_abs_contribution - a.mean_abs_contribution || (a.feature < b.feature ? -1 : 1));
}
