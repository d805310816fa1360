import { SextantError } from '../../core/errors.js';
import type { Matrix } from '../model.js';
import type { GbdtParams } from './params.js';

function fail(message: string, details: Record<string, unknown>): never {
  throw new SextantError('GBDT_DATA_INVALID', message, details);
}

/** A consistent matrix of at least minRows rows (and `cols` columns when given). */
export function checkMatrix(x: Matrix, what: string, cols?: number, minRows = 1): void {
  if (!(Number.isInteger(x.rows) && x.rows >= minRows)) fail(`${what}: the matrix needs at least ${minRows} row(s), got ${x.rows}`, { rows: x.rows });
  if (!(Number.isInteger(x.cols) && x.cols >= 1)) fail(`${what}: the matrix needs at least one column, got ${x.cols}`, { cols: x.cols });
  if (x.data.length !== x.rows * x.cols) fail(`${what}: the matrix data has ${x.data.length} values, expected ${x.rows} × ${x.cols}`, { values: x.data.length, rows: x.rows, cols: x.cols });
  if (cols !== undefined && x.cols !== cols) fail(`${what}: the matrix has ${x.cols} columns, expected ${cols} (the training columns)`, { cols: x.cols, expected: cols });
}

/** Labels fit the objective (0/1, class numbers, finite values) and weights are finite, ≥ 0 and not all 0. */
export function checkLabels(y: Float64Array, weight: Float64Array | undefined, rows: number, p: GbdtParams, what: string): void {
  if (y.length !== rows) fail(`${what}: ${y.length} labels for ${rows} rows`, { labels: y.length, rows });
  for (let r = 0; r < rows; r++) {
    const v = y[r];
    const ok = p.objective === 'binary' ? v === 0 || v === 1 : p.objective === 'multiclass' ? Number.isInteger(v) && v >= 0 && v < (p.num_class as number) : Number.isFinite(v);
    if (!ok) {
      const expected = p.objective === 'binary' ? '0 or 1' : p.objective === 'multiclass' ? `a class number 0 … ${(p.num_class as number) - 1}` : 'a finite number';
      fail(`${what}: label of row ${r} is ${v}, expected ${expected} for the ${p.objective} objective`, { row: r, label: v });
    }
  }
  if (weight === undefined) return;
  if (weight.length !== rows) fail(`${what}: ${weight.length} weights for ${rows} rows`, { weights: weight.length, rows });
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    if (!(Number.isFinite(weight[r]) && weight[r] >= 0)) fail(`${what}: weight of row ${r} is ${weight[r]}, expected a finite number ≥ 0`, { row: r, weight: weight[r] });
    sum += weight[r];
  }
  if (!(sum > 0)) fail(`${what}: the weights sum to ${sum}, expected more than 0`, { sum });
}
