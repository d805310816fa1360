import { SextantError } from '../../core/errors.js';
import { binaryObjective, multinomialObjective } from './logistic-objectives.js';
import { LinearModel } from './linear-model.js';
import { minimiseNewton } from './newton.js';
import { fitStandardiser } from './standardise.js';
import { checkL2, checkTrainingData, type LinearTrainingData } from './training-data.js';

export interface LogisticOptions {
  /**
   * Penalty ½ · l2 · ‖β‖² on the standardised coefficients, added to the summed (not averaged)
   * log-loss: sklearn's LogisticRegression with C = 1 / l2. 0 is plain maximum likelihood.
   */
  l2: number;
  /** 2 (the default) fits a binary model on y ∈ {0, 1}; more fits a multinomial one on y ∈ {0, …, K − 1}. */
  numClasses?: number;
}

/**
 * Logistic regression fitted to convergence by Newton's method (IRLS) on standardised inputs.
 * Binary: one output, the log-odds of class 1. Multinomial (numClasses > 2): one margin per class
 * (softmax), recentred so each feature's coefficients and the intercepts sum to 0 over the classes.
 * With l2 = 0, classes that a hyperplane separates have no finite optimum; this is detected
 * (a row predicted with probability 1 − 1e-15 or closer) and refused.
 */
export function fitLogistic(data: LinearTrainingData, options: LogisticOptions): LinearModel {
  const what = 'fitLogistic';
  const featureNames = checkTrainingData(data, what);
  checkL2(options.l2, what);
  const numClasses = options.numClasses ?? 2;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new SextantError('LINEAR_FIT_FAILED', `${what}: numClasses = ${numClasses}, expected an integer ≥ 2`, { where: what, numClasses });
  }
  const { x, y, weight } = data;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= numClasses) {
      throw new SextantError('LINEAR_FIT_FAILED', `${what}: label y[${i}] = ${y[i]}, expected an integer class in [0, ${numClasses})`, { where: what, index: i, value: y[i] });
    }
  }
  // an absent class has no finite intercept (its log-odds run to −∞), with or without l2
  const classWeight = new Float64Array(numClasses);
  for (let i = 0; i < y.length; i++) classWeight[y[i]] += weight === undefined ? 1 : weight[i];
  const absent = classWeight.findIndex((w) => w === 0);
  if (absent >= 0) {
    throw new SextantError('LINEAR_FIT_FAILED', `${what}: class ${absent} has no training rows (of positive weight); every one of the ${numClasses} classes must occur`, { where: what, class: absent, numClasses });
  }
  const s = fitStandardiser(x, weight);
  const fit = { x, y, weight, s, l2: options.l2 };
  const p = s.active.length;
  const block = p + 1;
  const outputs = numClasses === 2 ? 1 : numClasses;
  const problem = numClasses === 2 ? binaryObjective(fit) : multinomialObjective(fit, numClasses);
  const theta = minimiseNewton(problem, new Float64Array(problem.dimension), what, 'LINEAR_FIT_FAILED').theta;
  if (outputs > 1) recentre(theta, outputs, block);
  const coefficients = new Float64Array(outputs * x.cols);
  const intercept = new Float64Array(outputs);
  for (let k = 0; k < outputs; k++) {
    for (let a = 0; a < p; a++) coefficients[k * x.cols + s.active[a]] = theta[k * block + a];
    intercept[k] = theta[k * block + p];
  }
  const model = new LinearModel({
    kind: 'logistic',
    task: numClasses === 2 ? 'binary' : 'multiclass',
    featureNames,
    l2: options.l2,
    mean: s.mean,
    scale: s.scale,
    coefficients,
    intercept,
  });
  if (options.l2 === 0) refuseSeparation(model, data, what);
  return model;
}

/** Subtracts, per parameter position, the mean over the classes: the softmax is unchanged. */
function recentre(theta: Float64Array, outputs: number, block: number): void {
  for (let a = 0; a < block; a++) {
    let mean = 0;
    for (let k = 0; k < outputs; k++) mean += theta[k * block + a];
    mean /= outputs;
    for (let k = 0; k < outputs; k++) theta[k * block + a] -= mean;
  }
}

/** An unpenalised fit that predicts a training row's own class with certainty has diverging coefficients, not an optimum. */
function refuseSeparation(model: LinearModel, data: LinearTrainingData, what: string): void {
  const raw = model.predictRaw(data.x);
  const outputs = model.numOutputs;
  for (let r = 0; r < data.x.rows; r++) {
    if (data.weight !== undefined && data.weight[r] === 0) continue;
    let loss: number;
    if (outputs === 1) loss = Math.log1p(Math.exp(data.y[r] === 1 ? -raw[r] : raw[r]));
    else {
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(raw[r * outputs + k] - raw[r * outputs + data.y[r]]);
      loss = Math.log(sum);
    }
    if (loss < 1e-15) {
      throw new SextantError('LINEAR_FIT_FAILED', `${what}: the classes are (quasi-)separable, so with l2 = 0 the coefficients diverge (row ${r} is predicted with certainty); set l2 > 0`, { where: what, row: r });
    }
  }
}
