/** One prediction's contributions as the few reasons a person reads. */
import { SextantError } from '../../core/errors.js';
import type { Matrix } from '../model.js';

export interface Reason {
  feature: string;
  /** The row's value of the feature (NaN when missing). */
  value: number;
  /** How much the feature moved this output away from the expected value. */
  contribution: number;
}

/**
 * The k largest contributions (by absolute value, ties by name) of row `row` and output
 * `output`, from contributions laid out rows × outputs × (cols + 1) for the rows of `values`.
 * The expected value is not a reason, nor is a feature that contributed exactly 0.
 */
export function topContributions(contrib: Float64Array, row: number, output: number, featureNames: readonly string[], values: Matrix, k: number): Reason[] {
  const cols = featureNames.length;
  if (values.cols !== cols) throw new SextantError('EXPLAIN_INPUT_INVALID', `the matrix has ${values.cols} columns for ${cols} feature names`, { cols: values.cols, names: cols });
  const block = values.rows * (cols + 1);
  const outputs = block > 0 ? contrib.length / block : 0;
  if (!(Number.isInteger(outputs) && outputs >= 1)) throw new SextantError('EXPLAIN_INPUT_INVALID', `the contributions have ${contrib.length} values, not a whole number of outputs of ${values.rows} rows × ${cols + 1}`, { values: contrib.length, rows: values.rows, cols });
  if (!(Number.isInteger(row) && row >= 0 && row < values.rows)) throw new SextantError('EXPLAIN_INPUT_INVALID', `row is ${row}, expected 0..${values.rows - 1}`, { row, rows: values.rows });
  if (!(Number.isInteger(output) && output >= 0 && output < outputs)) throw new SextantError('EXPLAIN_INPUT_INVALID', `output is ${output}, expected 0..${outputs - 1}`, { output, outputs });
  if (!(Number.isInteger(k) && k >= 0)) throw new SextantError('EXPLAIN_INPUT_INVALID', `k is ${k}, expected an integer >= 0`, { k });
  const at = (row * outputs + output) * (cols + 1);
  const reasons: Reason[] = [];
  for (let j = 0; j < cols; j++) {
    const contribution = contrib[at + j];
    if (contribution !== 0) reasons.push({ feature: featureNames[j], value: values.data[row * cols + j], contribution });
  }
  reasons.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return reasons.slice(0, k);
}
