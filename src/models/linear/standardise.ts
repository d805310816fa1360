import type { Matrix } from '../model.js';

/**
 * The training-set statistics linear models standardise with: z = (x − mean) / scale, and a
 * missing (NaN) x is imputed with the training mean, so its z is 0. Both are weighted by the
 * row weights and computed over the observed (non-NaN) values of each column; scale is their
 * population standard deviation. A column whose observed values are all equal (or that has none)
 * carries no information: it is inactive, its coefficient is 0 and it is left out of the fit.
 */
export interface Standardiser {
  mean: Float64Array;
  scale: Float64Array;
  /** Indices of the columns that take part in the fit, increasing. */
  active: Int32Array;
}

export function fitStandardiser(x: Matrix, weight: ArrayLike<number> | undefined): Standardiser {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols).fill(1);
  const active: number[] = [];
  for (let j = 0; j < cols; j++) {
    let total = 0;
    let sum = 0;
    let first = NaN;
    let constant = true;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + j];
      const w = weight === undefined ? 1 : weight[r];
      if (Number.isNaN(v) || w === 0) continue;
      total += w;
      sum += w * v;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) constant = false;
    }
    if (total === 0) continue;
    // equal values are tested directly: their computed mean can miss them by an ulp
    mean[j] = constant ? first : sum / total;
    if (constant) continue;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + j];
      const w = weight === undefined ? 1 : weight[r];
      if (Number.isNaN(v) || w === 0) continue;
      squares += w * (v - mean[j]) ** 2;
    }
    scale[j] = Math.sqrt(squares / total);
    active.push(j);
  }
  return { mean, scale, active: Int32Array.from(active) };
}

/** The standardised active values of one row into `out` (length = active columns). */
export function standardiseRow(x: Matrix, row: number, s: Standardiser, out: Float64Array): void {
  const base = row * x.cols;
  for (let k = 0; k < s.active.length; k++) {
    const j = s.active[k];
    const v = x.data[base + j];
    out[k] = Number.isNaN(v) ? 0 : (v - s.mean[j]) / s.scale[j];
  }
}
