/** Seeded tables for the gbdt tests. */
import { Rng } from '../../../src/core/rng.js';
import type { Matrix } from '../../../src/models/model.js';

export interface Table {
  x: Matrix;
  y: Float64Array;
}

/** rows × cols standard normals, then y from each row (and a uniform draw for noise). */
export function table(rows: number, cols: number, seed: number, label: (row: Float64Array, u: number) => number): Table {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = rng.normal();
    y[r] = label(data.subarray(r * cols, (r + 1) * cols), rng.next());
  }
  return { x: { rows, cols, data }, y };
}

/** A binary label with P(1) = sigmoid(logit(row)). */
export function binaryTable(rows: number, cols: number, seed: number, logit: (row: Float64Array) => number): Table {
  return table(rows, cols, seed, (row, u) => (u < 1 / (1 + Math.exp(-logit(row))) ? 1 : 0));
}

export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The depth of a tree (0 for a lone leaf). */
export function depthOf(left: Int32Array, right: Int32Array, node = left.length > 0 ? 0 : -1): number {
  return node < 0 ? 0 : 1 + Math.max(depthOf(left, right, left[node]), depthOf(left, right, right[node]));
}
