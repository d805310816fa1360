import { type ErrorCode, SextantError } from '../../core/errors.js';

/**
 * Input checks shared by the metrics and calibration; each names the function and the value at
 * fault. `code` lets calibration fitting report its own error code.
 */

export function checkSameLength(y: ArrayLike<number>, prediction: ArrayLike<number>, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  if (y.length !== prediction.length) {
    throw new SextantError(code, `${what}: y has ${y.length} values but the predictions have ${prediction.length}`, { where: what, y: y.length, prediction: prediction.length });
  }
}

/** Binary labels: every y is 0 or 1. */
export function checkBinaryLabels(y: ArrayLike<number>, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new SextantError(code, `${what}: label y[${i}] = ${y[i]}, expected 0 or 1`, { where: what, index: i, value: y[i] });
  }
}

/** Class labels: every y is an integer in [0, numClasses). */
export function checkClassLabels(y: ArrayLike<number>, numClasses: number, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new SextantError(code, `${what}: label y[${i}] = ${c}, expected an integer class in [0, ${numClasses})`, { where: what, index: i, value: c });
    }
  }
}

/** Probabilities: every p is in [0, 1] (NaN refused). */
export function checkProbabilities(p: ArrayLike<number>, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new SextantError(code, `${what}: probability p[${i}] = ${p[i]}, expected a number in [0, 1]`, { where: what, index: i, value: p[i] });
  }
}

/** Finite numbers (labels or predictions of a regression, scores for the AUC). */
export function checkFinite(v: ArrayLike<number>, name: string, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new SextantError(code, `${what}: ${name}[${i}] = ${v[i]}, expected a finite number`, { where: what, index: i, value: v[i] });
  }
}

export function checkBins(bins: number, what: string, code: ErrorCode = 'METRIC_INPUT_INVALID'): void {
  if (!Number.isInteger(bins) || bins < 1) throw new SextantError(code, `${what}: bins = ${bins}, expected a positive integer`, { where: what, bins });
}
