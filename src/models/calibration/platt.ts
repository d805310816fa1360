import { SextantError } from '../../core/errors.js';
import { softplus } from '../linear/logistic-objectives.js';
import { minimiseNewton, type NewtonProblem } from '../linear/newton.js';
import { checkBinaryLabels, checkProbabilities, checkSameLength } from '../validation/metrics-check.js';

/**
 * Platt scaling: p' = sigmoid(a · logit(p) + b), fitted by maximum likelihood on Platt's smoothed
 * targets — (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for negatives, so a handful of
 * rows cannot push the calibrated probabilities to 0 or 1 — by Newton's method with backtracking,
 * as Lin, Lin & Weng (2007), "A note on Platt's probabilistic outputs for support vector
 * machines", recommend (the linear models' solver). Working on logit(p) is working on the model's raw margin, so
 * a = 1, b = 0 is the identity. (Platt and sklearn write 1 / (1 + exp(A·f + B)): A = −a, B = −b.)
 */
export interface PlattParameters {
  a: number;
  b: number;
}

/** Probabilities are clipped to [CLIP, 1 − CLIP] before the logit, so 0 and 1 stay finite. */
const CLIP = 1e-15;
/** Lin et al.'s ridge on the Hessian's diagonal, keeping it invertible when every logit is equal. */
const HESSIAN_RIDGE = 1e-12;

export function logit(p: number): number {
  const q = Math.min(1 - CLIP, Math.max(CLIP, p));
  return Math.log(q / (1 - q));
}

export function fitPlattParameters(y: ArrayLike<number>, p: ArrayLike<number>): PlattParameters {
  const what = 'fitPlatt';
  checkSameLength(y, p, what, 'CALIBRATION_INVALID');
  checkBinaryLabels(y, what, 'CALIBRATION_INVALID');
  checkProbabilities(p, what, 'CALIBRATION_INVALID');
  const n = y.length;
  if (n === 0) throw new SextantError('CALIBRATION_INVALID', `${what}: no rows to fit on`, { where: what });
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  const negatives = n - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  for (let i = 0; i < n; i++) {
    s[i] = logit(p[i]);
    t[i] = y[i] === 1 ? hi : lo;
  }
  // Platt's start: a = 0 and b at the smoothed prior log-odds
  const start = Float64Array.of(0, Math.log((positives + 1) / (negatives + 1)));
  const theta = minimiseNewton(plattObjective(s, t), start, what, 'CALIBRATION_INVALID').theta;
  return { a: theta[0], b: theta[1] };
}

export function applyPlatt(params: PlattParameters, p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = sigmoid(params.a * logit(p[i]) + params.b);
  return out;
}

function sigmoid(m: number): number {
  return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
}

/** Σ log(1 + e^m) − t·m with m = a·s + b: the cross-entropy against the smoothed targets. */
function plattObjective(s: Float64Array, t: Float64Array): NewtonProblem {
  return {
    dimension: 2,
    value(theta) {
      let sum = 0;
      for (let i = 0; i < s.length; i++) {
        const m = theta[0] * s[i] + theta[1];
        sum += softplus(m) - t[i] * m;
      }
      return sum;
    },
    derivatives(theta, gradient, hessian) {
      let ga = 0;
      let gb = 0;
      let haa = HESSIAN_RIDGE;
      let hab = 0;
      let hbb = HESSIAN_RIDGE;
      for (let i = 0; i < s.length; i++) {
        const q = sigmoid(theta[0] * s[i] + theta[1]);
        const d = q - t[i];
        const w = q * (1 - q);
        ga += d * s[i];
        gb += d;
        haa += w * s[i] * s[i];
        hab += w * s[i];
        hbb += w;
      }
      gradient[0] = ga;
      gradient[1] = gb;
      hessian.set([haa, hab, hab, hbb]);
    },
  };
}
