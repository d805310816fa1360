/**
 * Global importance of a tree ensemble: mean |SHAP| per feature (from the contributions of a
 * set of rows), and total split gain and split count per feature (from the trees alone).
 */
import { SextantError } from '../../core/errors.js';
import type { TreeEnsemble } from '../gbdt/tree.js';

/** The shape of a contributions array: rows × numOutputs × (cols + 1). */
export interface ContributionsShape {
  rows: number;
  cols: number;
  numOutputs: number;
}

export interface FeatureImportance {
  feature: string;
  meanAbsShap: number;
  /** Sum of the loss reductions of the splits on the feature. */
  gain: number;
  splits: number;
}

function checkShape(contrib: Float64Array, s: ContributionsShape): void {
  if (!(s.rows > 0)) throw new SextantError('EXPLAIN_INPUT_INVALID', `mean |SHAP| needs at least one row, got ${s.rows}`, { rows: s.rows });
  const expected = s.rows * s.numOutputs * (s.cols + 1);
  if (contrib.length !== expected) throw new SextantError('EXPLAIN_INPUT_INVALID', `the contributions have ${contrib.length} values, expected ${s.rows} rows × ${s.numOutputs} outputs × ${s.cols + 1}`, { values: contrib.length, ...s });
}

/**
 * Mean over rows of |contribution| per feature: of one output, or of the sum over outputs of
 * |contribution| when `output` is absent (the usual bar chart for multiclass models).
 */
export function meanAbsShap(contrib: Float64Array, shape: ContributionsShape, output?: number): Float64Array {
  checkShape(contrib, shape);
  const { rows, cols, numOutputs } = shape;
  if (output !== undefined && !(Number.isInteger(output) && output >= 0 && output < numOutputs)) throw new SextantError('EXPLAIN_INPUT_INVALID', `output is ${output}, expected 0..${numOutputs - 1}`, { output, numOutputs });
  const sums = new Float64Array(cols);
  const first = output ?? 0;
  const last = output ?? numOutputs - 1;
  for (let r = 0; r < rows; r++) {
    for (let o = first; o <= last; o++) {
      const at = (r * numOutputs + o) * (cols + 1);
      for (let j = 0; j < cols; j++) sums[j] += Math.abs(contrib[at + j]);
    }
  }
  for (let j = 0; j < cols; j++) sums[j] /= rows;
  return sums;
}

/** Total gain and number of splits per feature, over every tree. */
export function splitImportance(ensemble: TreeEnsemble): { gain: Float64Array; splits: Int32Array } {
  const gain = new Float64Array(ensemble.numFeatures);
  const splits = new Int32Array(ensemble.numFeatures);
  ensemble.trees.forEach((t, i) => {
    for (let n = 0; n < t.feature.length; n++) {
      const f = t.feature[n];
      if (!(f >= 0 && f < ensemble.numFeatures)) throw new SextantError('EXPLAIN_TREE_INVALID', `tree ${i}: node ${n} splits on feature ${f}, expected 0..${ensemble.numFeatures - 1}`, { tree: i, node: n, feature: f });
      gain[f] += t.gain[n];
      splits[f]++;
    }
  });
  return { gain, splits };
}

/**
 * One line per feature: mean |SHAP| over the rows explained in `contrib` (summed over outputs),
 * total gain and split count; largest mean |SHAP| first, ties by name.
 */
export function globalImportance(ensemble: TreeEnsemble, featureNames: readonly string[], contrib: Float64Array, rows: number): FeatureImportance[] {
  if (featureNames.length !== ensemble.numFeatures) throw new SextantError('EXPLAIN_INPUT_INVALID', `${featureNames.length} feature names for a model of ${ensemble.numFeatures} features`, { names: featureNames.length, numFeatures: ensemble.numFeatures });
  const shap = meanAbsShap(contrib, { rows, cols: ensemble.numFeatures, numOutputs: ensemble.numOutputs });
  const { gain, splits } = splitImportance(ensemble);
  return featureNames
    .map((feature, j) => ({ feature, meanAbsShap: shap[j], gain: gain[j], splits: splits[j] }))
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}
