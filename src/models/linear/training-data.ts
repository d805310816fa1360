import { SextantError } from '../../core/errors.js';
import type { Matrix } from '../model.js';

/** What a linear model is fitted on. x may hold NaN (imputed with the training mean); y may not. */
export interface LinearTrainingData {
  x: Matrix;
  y: ArrayLike<number>;
  /** Non-negative row weights (default 1 each). */
  weight?: ArrayLike<number>;
  /** Column names (default f0, f1, …). */
  featureNames?: readonly string[];
}

/** Checks shapes and values; returns the feature names to use. */
export function checkTrainingData(data: LinearTrainingData, what: string): string[] {
  const { x, y, weight } = data;
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new SextantError('LINEAR_FIT_FAILED', `${what}: ${message}`, { where: what, ...details });
  };
  if (x.data.length !== x.rows * x.cols) fail(`x holds ${x.data.length} values, expected rows × cols = ${x.rows} × ${x.cols}`);
  if (x.rows === 0) fail('x has no rows');
  if (y.length !== x.rows) fail(`y has ${y.length} values for ${x.rows} rows of x`);
  for (let i = 0; i < x.data.length; i++) {
    if (x.data[i] === Infinity || x.data[i] === -Infinity) fail(`x[${Math.floor(i / x.cols)}, ${i % x.cols}] is infinite (NaN marks a missing value)`, { row: Math.floor(i / x.cols), col: i % x.cols });
  }
  if (weight !== undefined) {
    if (weight.length !== x.rows) fail(`weight has ${weight.length} values for ${x.rows} rows of x`);
    let total = 0;
    for (let i = 0; i < weight.length; i++) {
      if (!(weight[i] >= 0 && Number.isFinite(weight[i]))) fail(`weight[${i}] = ${weight[i]}, expected a finite number ≥ 0`, { index: i, value: weight[i] });
      total += weight[i];
    }
    if (total === 0) fail('every weight is 0');
  }
  const names = data.featureNames ?? Array.from({ length: x.cols }, (_, j) => `f${j}`);
  if (names.length !== x.cols) fail(`${names.length} feature names for ${x.cols} columns`);
  return [...names];
}

export function checkL2(l2: number, what: string): void {
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new SextantError('LINEAR_FIT_FAILED', `${what}: l2 = ${l2}, expected a finite number ≥ 0`, { where: what, l2 });
}
