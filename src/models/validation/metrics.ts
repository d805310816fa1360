import { concatFloat64 } from '../../core/float-arrays.js';
import { accuracy, auc, brier, expectedCalibrationError, logLoss, multiclassAccuracy, multiclassLogLoss } from './metrics-classification.js';
import { informationCoefficient, rankIc, rmse } from './metrics-regression.js';

export { accuracy, auc, brier, expectedCalibrationError, logLoss, LOG_LOSS_EPS, multiclassAccuracy, multiclassLogLoss } from './metrics-classification.js';
export { informationCoefficient, rankIc, rmse } from './metrics-regression.js';

/** A flat record of named metric values (what experiments store per fold). */
export type MetricRecord = Record<string, number>;

export interface BinaryMetrics extends MetricRecord {
  auc: number;
  logLoss: number;
  brier: number;
  accuracy: number;
  ece: number;
}

export interface MulticlassMetrics extends MetricRecord {
  logLoss: number;
  accuracy: number;
}

export interface RegressionMetrics extends MetricRecord {
  rmse: number;
  ic: number;
  rankIc: number;
}

export interface BinaryMetricOptions {
  /** Accuracy predicts class 1 when p > threshold (default 0.5). */
  threshold?: number;
  /** Bins of the expected calibration error (default 10). */
  bins?: number;
}

/** Every binary metric of labels y ∈ {0, 1} and probabilities p of class 1. */
export function classificationMetrics(y: ArrayLike<number>, p: ArrayLike<number>, options: BinaryMetricOptions = {}): BinaryMetrics {
  return {
    auc: auc(y, p),
    logLoss: logLoss(y, p),
    brier: brier(y, p),
    accuracy: accuracy(y, p, options.threshold ?? 0.5),
    ece: expectedCalibrationError(y, p, options.bins ?? 10),
  };
}

/** Every multiclass metric of class indices y and rows × numClasses probabilities. */
export function multiclassMetrics(y: ArrayLike<number>, prob: ArrayLike<number>, numClasses: number): MulticlassMetrics {
  return { logLoss: multiclassLogLoss(y, prob, numClasses), accuracy: multiclassAccuracy(y, prob, numClasses) };
}

/** Every regression metric of labels and predicted values. */
export function regressionMetrics(y: ArrayLike<number>, prediction: ArrayLike<number>): RegressionMetrics {
  return { rmse: rmse(y, prediction), ic: informationCoefficient(y, prediction), rankIc: rankIc(y, prediction) };
}

/** The out-of-fold labels and predictions of one fold (predictions as the metric function takes them). */
export interface FoldPredictions {
  y: ArrayLike<number>;
  prediction: ArrayLike<number>;
}

/** Metrics per fold and aggregated over the folds. */
export interface FoldMetrics<M extends MetricRecord> {
  /** One record per fold, in fold order. */
  folds: M[];
  /** Mean over the folds where the metric is not NaN (an AUC of a one-class fold is NaN); NaN if there is none. */
  mean: M;
  /** Sample standard deviation (n − 1) over the same folds; NaN with fewer than two. */
  std: M;
  /** The metrics of all out-of-fold predictions concatenated, as if they were one test set. */
  pooled: M;
}

/**
 * Per-fold, mean, std and pooled metrics. `metricsOf` is one of the record functions above, e.g.
 * `summariseFolds(folds, classificationMetrics)` or
 * `summariseFolds(folds, (y, p) => multiclassMetrics(y, p, 3))`.
 */
export function summariseFolds<M extends MetricRecord>(folds: readonly FoldPredictions[], metricsOf: (y: Float64Array, prediction: Float64Array) => M): FoldMetrics<M> {
  const perFold = folds.map((f) => metricsOf(Float64Array.from(f.y), Float64Array.from(f.prediction)));
  const pooled = metricsOf(concatFloat64(folds.map((f) => f.y)), concatFloat64(folds.map((f) => f.prediction)));
  const mean: MetricRecord = {};
  const std: MetricRecord = {};
  for (const name of Object.keys(pooled)) {
    const values = perFold.map((m) => m[name]).filter((v) => !Number.isNaN(v));
    const m = values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
    mean[name] = m;
    std[name] = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : NaN;
  }
  return { folds: perFold, mean: mean as M, std: std as M, pooled };
}
