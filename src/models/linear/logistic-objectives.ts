import type { Matrix } from '../model.js';
import type { NewtonProblem } from './newton.js';
import { type Standardiser, standardiseRow } from './standardise.js';

/**
 * The penalised negative log-likelihoods the logistic models minimise, over the standardised
 * active features z of each row. Parameters are laid out per output: p coefficients then the
 * intercept, which is not penalised.
 */
interface Fit {
  x: Matrix;
  y: ArrayLike<number>;
  weight: ArrayLike<number> | undefined;
  s: Standardiser;
  l2: number;
}

/** log(1 + e^m) without overflow. */
export function softplus(m: number): number {
  return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
}

/** Binary: Σ wᵢ [log(1 + e^mᵢ) − yᵢ mᵢ] + ½ l2 ‖β‖², mᵢ = β·zᵢ + b. */
export function binaryObjective(fit: Fit): NewtonProblem {
  const { x, y, weight, s, l2 } = fit;
  const p = s.active.length;
  const d = p + 1;
  const z = new Float64Array(p);
  const margin = (theta: Float64Array): number => {
    let m = theta[p];
    for (let a = 0; a < p; a++) m += theta[a] * z[a];
    return m;
  };
  return {
    dimension: d,
    value(theta) {
      let sum = 0;
      for (let r = 0; r < x.rows; r++) {
        const w = weight === undefined ? 1 : weight[r];
        if (w === 0) continue;
        standardiseRow(x, r, s, z);
        const m = margin(theta);
        sum += w * (softplus(m) - y[r] * m);
      }
      for (let a = 0; a < p; a++) sum += 0.5 * l2 * theta[a] * theta[a];
      return sum;
    },
    derivatives(theta, gradient, hessian) {
      gradient.fill(0);
      hessian.fill(0);
      for (let r = 0; r < x.rows; r++) {
        const w = weight === undefined ? 1 : weight[r];
        if (w === 0) continue;
        standardiseRow(x, r, s, z);
        const q = 1 / (1 + Math.exp(-margin(theta)));
        addRow(gradient, hessian, d, 0, 0, z, w * (q - y[r]), w * q * (1 - q), true);
      }
      penalise(gradient, hessian, d, theta, 0, p, l2);
      symmetrise(hessian, d);
    },
  };
}

/**
 * Multinomial over K classes: Σ wᵢ [log Σ_k e^m_ik − m_i,yᵢ] + ½ l2 Σ_k ‖β_k‖². The objective is
 * flat along adding the same constant to every class's intercept (and, with l2 = 0, the same
 * vector to every class's β), so those parameters of the last class are frozen at 0 (their rows
 * of the Newton system are the identity, their gradient 0); the caller recentres the result,
 * which changes no probability.
 */
export function multinomialObjective(fit: Fit, numClasses: number): NewtonProblem {
  const { x, y, weight, s, l2 } = fit;
  const p = s.active.length;
  const block = p + 1;
  const d = numClasses * block;
  const z = new Float64Array(p);
  const m = new Float64Array(numClasses);
  const frozenFrom = (numClasses - 1) * block + (l2 > 0 ? p : 0);
  /** Margins of the current row into m; returns log Σ e^m. */
  const logSumExp = (theta: Float64Array): number => {
    let max = -Infinity;
    for (let k = 0; k < numClasses; k++) {
      let v = theta[k * block + p];
      for (let a = 0; a < p; a++) v += theta[k * block + a] * z[a];
      m[k] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < numClasses; k++) sum += Math.exp(m[k] - max);
    return max + Math.log(sum);
  };
  return {
    dimension: d,
    value(theta) {
      let sum = 0;
      for (let r = 0; r < x.rows; r++) {
        const w = weight === undefined ? 1 : weight[r];
        if (w === 0) continue;
        standardiseRow(x, r, s, z);
        const lse = logSumExp(theta);
        sum += w * (lse - m[y[r]]);
      }
      for (let k = 0; k < numClasses; k++) for (let a = 0; a < p; a++) sum += 0.5 * l2 * theta[k * block + a] ** 2;
      return sum;
    },
    derivatives(theta, gradient, hessian) {
      gradient.fill(0);
      hessian.fill(0);
      const q = new Float64Array(numClasses);
      for (let r = 0; r < x.rows; r++) {
        const w = weight === undefined ? 1 : weight[r];
        if (w === 0) continue;
        standardiseRow(x, r, s, z);
        const lse = logSumExp(theta);
        for (let k = 0; k < numClasses; k++) q[k] = Math.exp(m[k] - lse);
        for (let k = 0; k < numClasses; k++) {
          // block (k, l) of the Hessian: w q_k (δ_kl − q_l) u uᵀ with u = (z, 1); only l ≥ k is filled
          for (let l = k; l < numClasses; l++) {
            const h = w * q[k] * ((k === l ? 1 : 0) - q[l]);
            addRow(gradient, hessian, d, k * block, l * block, z, l === k ? w * (q[k] - (y[r] === k ? 1 : 0)) : 0, h, l === k);
          }
        }
      }
      for (let k = 0; k < numClasses; k++) penalise(gradient, hessian, d, theta, k * block, p, l2);
      symmetrise(hessian, d);
      for (let i = frozenFrom; i < d; i++) {
        gradient[i] = 0;
        for (let j = 0; j < d; j++) hessian[i * d + j] = hessian[j * d + i] = i === j ? 1 : 0;
      }
    },
  };
}

/**
 * Adds one row to the gradient segment at `row0` (g·u) and to the Hessian block at
 * (row0, col0) (h·u·uᵀ, u = (z, 1)); a diagonal block only gets its upper triangle.
 */
function addRow(gradient: Float64Array, hessian: Float64Array, d: number, row0: number, col0: number, z: Float64Array, g: number, h: number, diagonal: boolean): void {
  const p = z.length;
  if (g !== 0) {
    for (let a = 0; a < p; a++) gradient[row0 + a] += g * z[a];
    gradient[row0 + p] += g;
  }
  if (h === 0) return;
  for (let a = 0; a <= p; a++) {
    const hu = a < p ? h * z[a] : h;
    const rowStart = (row0 + a) * d + col0;
    for (let b = diagonal ? a : 0; b < p; b++) hessian[rowStart + b] += hu * z[b];
    hessian[rowStart + p] += hu;
  }
}

function penalise(gradient: Float64Array, hessian: Float64Array, d: number, theta: Float64Array, start: number, p: number, l2: number): void {
  for (let a = start; a < start + p; a++) {
    gradient[a] += l2 * theta[a];
    hessian[a * d + a] += l2;
  }
}

/** Copies the upper triangle onto the lower one. */
function symmetrise(hessian: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) hessian[j * d + i] = hessian[i * d + j];
}
