/**
 * Per-prediction explanations of a tree ensemble by exact path-dependent TreeSHAP (the values
 * of shap's tree_path_dependent and XGBoost's pred_contribs), on this thread; see
 * tree-shap-parallel.ts for worker threads, which give the same bits.
 *
 * Each tree is explained by per-leaf tables (shap-tables.ts) when they are small enough, else by
 * the path algorithm (path-shap.ts). The ensemble is checked, packed and tabulated on its first
 * explanation and kept for the next ones (prepared.ts).
 */
import { SextantError } from '../../core/errors.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import type { TreeEnsemble } from '../gbdt/tree.js';
import type { Matrix } from '../model.js';
import type { PackedEnsemble } from './packed-ensemble.js';
import { prepareEnsemble } from './prepared.js';
import { ShapKernel } from './shap-kernel.js';

export interface TreeShapOptions {
  /** Called with ('treeshap', rows done, rows) every few hundred rows. */
  progress?: ProgressFn;
}

/** Rows between two progress reports. */
const PROGRESS_ROWS = 256;

export function checkShapInput(e: TreeEnsemble, x: Matrix): void {
  if (x.cols !== e.numFeatures) throw new SextantError('EXPLAIN_INPUT_INVALID', `the matrix has ${x.cols} columns, expected ${e.numFeatures} (the model's features)`, { cols: x.cols, numFeatures: e.numFeatures });
  if (x.data.length !== x.rows * x.cols) throw new SextantError('EXPLAIN_INPUT_INVALID', `the matrix data has ${x.data.length} values, expected ${x.rows} × ${x.cols}`, { values: x.data.length, rows: x.rows, cols: x.cols });
}

/** Length of the contributions of `rows` rows: rows × numOutputs × (cols + 1). */
export function contributionsLength(p: PackedEnsemble, rows: number): number {
  return rows * p.numOutputs * (p.numFeatures + 1);
}

/**
 * SHAP values of every row: rows × numOutputs × (cols + 1), row-major. Entry j < cols of a
 * block is feature j's contribution, the last entry the expected value (base score + each tree's
 * cover-weighted mean leaf value), so a block sums to the raw output of that row and output.
 * A missing value (NaN) goes where the split's defaultLeft sends it.
 */
export function treeShap(ensemble: TreeEnsemble, x: Matrix, opts: TreeShapOptions = {}): Float64Array {
  checkShapInput(ensemble, x);
  const progress = opts.progress ?? noProgress;
  const prepared = prepareEnsemble(ensemble);
  const out = new Float64Array(contributionsLength(prepared.packed, x.rows));
  const kernel = new ShapKernel(prepared);
  for (let start = 0; start < x.rows; start += PROGRESS_ROWS) {
    const end = Math.min(x.rows, start + PROGRESS_ROWS);
    kernel.explainRows(x.data, x.cols, start, end, out);
    progress('treeshap', end, x.rows);
  }
  return out;
}
