/**
 * The one shape every model has, whatever learns it (trees, linear, later neural nets):
 * fit elsewhere, then predict / explain / serialise here. Strategies, validation and the
 * registry only see this interface.
 */

/** Dense row-major matrix; NaN marks a missing value. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** binary: one output, the log-odds of class 1; multiclass: one margin per class; regression: the value itself. */
export type Task = 'binary' | 'multiclass' | 'regression';

export interface SerialisedModel {
  kind: string;
  /** Format version of this kind's serialisation. */
  format: number;
  task: Task;
  featureNames: string[];
  [field: string]: unknown;
}

export interface Model {
  readonly kind: string;
  readonly task: Task;
  /** 1 for binary and regression, the number of classes for multiclass. */
  readonly numOutputs: number;
  readonly featureNames: readonly string[];
  /** Raw outputs (margins for classifiers, values for regressors): rows × numOutputs, row-major. */
  predictRaw(x: Matrix): Float64Array;
  /**
   * Per-feature contributions: rows × numOutputs × (cols + 1), row-major; the last entry of each
   * block is the bias (the expected raw output). Each block sums to the matching raw output.
   */
  explain(x: Matrix): Float64Array;
  toJSON(): SerialisedModel;
}

export function matrix(rows: number, cols: number, data = new Float64Array(rows * cols)): Matrix {
  if (data.length !== rows * cols) throw new RangeError(`matrix data has ${data.length} values, expected ${rows} × ${cols}`);
  return { rows, cols, data };
}

/** Rows picked by index, in the given order. */
export function takeRows(x: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float64Array(rows.length * x.cols);
  for (let i = 0; i < rows.length; i++) out.set(x.data.subarray(rows[i] * x.cols, (rows[i] + 1) * x.cols), i * x.cols);
  return { rows: rows.length, cols: x.cols, data: out };
}

/** Raw outputs → what a person reads: P(class 1) for binary, class probabilities for multiclass, values for regression. */
export function toPrediction(task: Task, numOutputs: number, raw: Float64Array): Float64Array {
  if (task === 'regression') return raw;
  const out = new Float64Array(raw.length);
  if (task === 'binary') {
    for (let i = 0; i < raw.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
    return out;
  }
  for (let r = 0; r < raw.length; r += numOutputs) {
    let max = -Infinity;
    for (let k = 0; k < numOutputs; k++) max = Math.max(max, raw[r + k]);
    let sum = 0;
    for (let k = 0; k < numOutputs; k++) sum += out[r + k] = Math.exp(raw[r + k] - max);
    for (let k = 0; k < numOutputs; k++) out[r + k] /= sum;
  }
  return out;
}
