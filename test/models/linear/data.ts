import { Rng } from '../../../src/core/rng.js';
import type { Matrix } from '../../../src/models/model.js';

/** A seeded table: columns on different scales and offsets, a share of missing values, positive weights. */
export function table(rows: number, cols: number, seed: number, missing = 0.05): { x: Matrix; weight: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) data[r * cols + j] = rng.next() < missing ? NaN : 10 * j + (j + 1) * rng.normal();
  const weight = Float64Array.from({ length: rows }, () => 0.5 + rng.next());
  return { x: { rows, cols, data }, weight };
}

/** Weighted mean and population std of each column's observed values, written out plainly. */
export function columnStats(x: Matrix, weight: ArrayLike<number>): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < x.cols; j++) {
    let sw = 0;
    let swx = 0;
    for (let r = 0; r < x.rows; r++) {
      const v = x.data[r * x.cols + j];
      if (Number.isNaN(v)) continue;
      sw += weight[r];
      swx += weight[r] * v;
    }
    const m = swx / sw;
    let ss = 0;
    for (let r = 0; r < x.rows; r++) {
      const v = x.data[r * x.cols + j];
      if (!Number.isNaN(v)) ss += weight[r] * (v - m) ** 2;
    }
    mean.push(m);
    std.push(Math.sqrt(ss / sw));
  }
  return { mean, std };
}

/** Standardised rows, a missing value at 0 (the mean). */
export function standardised(x: Matrix, weight: ArrayLike<number>): number[][] {
  const { mean, std } = columnStats(x, weight);
  return Array.from({ length: x.rows }, (_, r) =>
    Array.from({ length: x.cols }, (_, j) => {
      const v = x.data[r * x.cols + j];
      return Number.isNaN(v) ? 0 : (v - mean[j]) / std[j];
    }),
  );
}

/** Gaussian elimination with partial pivoting (a plain solver, unlike the models' Cholesky). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export function expectCode(f: () => unknown, code: string): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof Error) || (error as { code?: string }).code !== code) throw new Error(`expected ${code}, got ${String(error)}`);
}
