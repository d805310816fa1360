import { SextantError } from '../../core/errors.js';
import { reliabilityCurve } from '../calibration/reliability.js';
import { checkBinaryLabels, checkClassLabels, checkFinite, checkProbabilities, checkSameLength } from './metrics-check.js';
import { midranks } from './metrics-rank.js';

/**
 * Classification metrics. Binary ones take labels y ∈ {0, 1} and P(class 1) (the AUC takes any
 * finite score); multiclass ones take class indices and rows × K probabilities, row-major.
 * Every metric of an empty input is NaN.
 */

/** Probabilities are clipped to [EPS, 1 − EPS] before taking logs, so one confident miss costs about 34.5, not infinity. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (Mann–Whitney U from midranks). NaN when only one class is present.
 */
export function auc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  checkSameLength(y, score, 'auc');
  checkBinaryLabels(y, 'auc');
  checkFinite(score, 'score', 'auc');
  const ranks = midranks(score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood of the labels under p (natural log). */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkBinary(y, p, 'logLoss');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p[i]));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / y.length;
}

/** Mean squared difference between p and the label; in [0, 1]. */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkBinary(y, p, 'brier');
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / y.length;
}

/** Fraction of rows predicted right, predicting class 1 when p > threshold (so p = 0.5 reads as class 0, as an argmax does). */
export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  checkBinary(y, p, 'accuracy');
  let right = 0;
  for (let i = 0; i < y.length; i++) if ((p[i] > threshold ? 1 : 0) === y[i]) right++;
  return right / y.length;
}

/**
 * Expected calibration error: Σ over the equal-width bins of (rows in bin / rows) ·
 * |mean p − observed rate| (the bins of `reliabilityCurve`).
 */
export function expectedCalibrationError(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): number {
  const curve = reliabilityCurve(y, p, bins);
  let sum = 0;
  for (const bin of curve) sum += bin.count * Math.abs(bin.meanPredicted - bin.observedRate);
  return sum / y.length;
}

/** Multiclass log-loss: mean −log of the probability given to the true class, clipped like `logLoss` (rows are not renormalised). */
export function multiclassLogLoss(y: ArrayLike<number>, prob: ArrayLike<number>, numClasses: number): number {
  checkMulticlass(y, prob, numClasses, 'multiclassLogLoss');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, prob[i * numClasses + y[i]]));
    sum -= Math.log(q);
  }
  return sum / y.length;
}

/** Multiclass accuracy: the predicted class is the most probable one (the first on ties). */
export function multiclassAccuracy(y: ArrayLike<number>, prob: ArrayLike<number>, numClasses: number): number {
  checkMulticlass(y, prob, numClasses, 'multiclassAccuracy');
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (prob[i * numClasses + k] > prob[i * numClasses + best]) best = k;
    if (best === y[i]) right++;
  }
  return right / y.length;
}

function checkBinary(y: ArrayLike<number>, p: ArrayLike<number>, what: string): void {
  checkSameLength(y, p, what);
  checkBinaryLabels(y, what);
  checkProbabilities(p, what);
}

function checkMulticlass(y: ArrayLike<number>, prob: ArrayLike<number>, numClasses: number, what: string): void {
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new SextantError('METRIC_INPUT_INVALID', `${what}: numClasses = ${numClasses}, expected an integer ≥ 2`, { where: what, numClasses });
  }
  if (prob.length !== y.length * numClasses) {
    throw new SextantError('METRIC_INPUT_INVALID', `${what}: ${prob.length} probabilities for ${y.length} rows, expected rows × ${numClasses} = ${y.length * numClasses}`, {
      metric: what,
      rows: y.length,
      numClasses,
      prob: prob.length,
    });
  }
  checkClassLabels(y, numClasses, what);
  checkProbabilities(prob, what);
}
