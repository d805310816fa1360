import type { z } from 'zod';
import { SextantError } from '../../../core/errors.js';
import type { Matrix } from '../../model.js';
import type { Normaliser } from './normaliser.js';

export function invalidNormaliser(message: string, details: Record<string, unknown> = {}): never {
  throw new SextantError('NORMALISER_INVALID', message, details);
}

/** Training rows must be rows of the matrix. */
export function checkRows(x: Matrix, rows: ArrayLike<number>): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(Number.isInteger(rows[i]) && rows[i] >= 0 && rows[i] < x.rows)) invalidNormaliser(`training row ${rows[i]} is not a row of a ${x.rows}-row matrix`, { row: rows[i] });
  }
}

export function checkColumns(n: Normaliser, x: Matrix): void {
  if (x.cols !== n.cols) invalidNormaliser(`the ${n.kind} normaliser was fitted on ${n.cols} columns, the matrix has ${x.cols}`, { expected: n.cols, got: x.cols });
}

/** A stored normaliser through its schema; the first problem becomes the error. */
export function parseNormaliser<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || 'normaliser';
  return invalidNormaliser(`stored normaliser, ${field}: ${issue.message}`, { field });
}

/** JSON has no NaN: a column never seen in training stores null. */
export function nanToNull(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}

export function nullToNaN(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}
