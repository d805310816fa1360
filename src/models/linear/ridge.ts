import { SextantError } from '../../core/errors.js';
import { cholesky, choleskySolve } from './cholesky.js';
import { LinearModel } from './linear-model.js';
import { fitStandardiser, standardiseRow } from './standardise.js';
import { checkL2, checkTrainingData, type LinearTrainingData } from './training-data.js';

export interface RidgeOptions {
  /** Penalty on the squared standardised coefficients; 0 is ordinary least squares. */
  l2: number;
}

/**
 * Ridge regression: minimises Σ wᵢ (yᵢ − b − β·zᵢ)² + l2 · ‖β‖² over the standardised inputs z
 * (the intercept b is not penalised; l2 is on the sum, as sklearn's Ridge alpha), in closed form:
 * centre y and z by their weighted means and solve (Zᵀ W Z + l2 I) β = Zᵀ W y by Cholesky.
 */
export function fitRidge(data: LinearTrainingData, options: RidgeOptions): LinearModel {
  const what = 'fitRidge';
  const featureNames = checkTrainingData(data, what);
  checkL2(options.l2, what);
  const { x, y, weight } = data;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new SextantError('LINEAR_FIT_FAILED', `${what}: y[${i}] = ${y[i]}, expected a finite number`, { where: what, index: i, value: y[i] });
  }
  const s = fitStandardiser(x, weight);
  const p = s.active.length;
  let total = 0;
  let yMean = 0;
  for (let r = 0; r < x.rows; r++) {
    const w = weight === undefined ? 1 : weight[r];
    total += w;
    yMean += w * y[r];
  }
  yMean /= total;
  // weighted sums of z, of z·zᵀ (upper triangle) and of z·(y − ȳ); z is centred exactly below
  const z = new Float64Array(p);
  const zSum = new Float64Array(p);
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let r = 0; r < x.rows; r++) {
    const w = weight === undefined ? 1 : weight[r];
    if (w === 0) continue;
    standardiseRow(x, r, s, z);
    const dy = w * (y[r] - yMean);
    for (let a = 0; a < p; a++) {
      const wz = w * z[a];
      zSum[a] += wz;
      rhs[a] += z[a] * dy;
      for (let b = a; b < p; b++) gram[a * p + b] += wz * z[b];
    }
  }
  // centre: Σ w (z − z̄)(z − z̄)ᵀ = Σ w z zᵀ − (Σ w z)(Σ w z)ᵀ / Σ w; Σ w (z − z̄)(y − ȳ) = Σ w z (y − ȳ)
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const v = gram[a * p + b] - (zSum[a] * zSum[b]) / total + (a === b ? options.l2 : 0);
      gram[a * p + b] = v;
      gram[b * p + a] = v;
    }
  }
  if (!cholesky(gram, p)) {
    throw new SextantError('LINEAR_FIT_FAILED', `${what}: the features are collinear (or fewer rows than features); set l2 > 0`, { where: what, features: p, rows: x.rows });
  }
  choleskySolve(gram, p, rhs);
  let intercept = yMean;
  for (let a = 0; a < p; a++) intercept -= (rhs[a] * zSum[a]) / total;
  const coefficients = new Float64Array(x.cols);
  for (let a = 0; a < p; a++) coefficients[s.active[a]] = rhs[a];
  return new LinearModel({
    kind: 'ridge',
    task: 'regression',
    featureNames,
    l2: options.l2,
    mean: s.mean,
    scale: s.scale,
    coefficients,
    intercept: Float64Array.of(intercept),
  });
}
