import { type Matrix, type Model, type Task, toPrediction } from '../model.js';
import { type MetricRecord, classificationMetrics, multiclassMetrics, regressionMetrics } from '../validation/metrics.js';

/** What a person reads from a model: P(class 1), class probabilities (rows × K), or values. */
export function predictionOf(model: Model, x: Matrix): Float64Array {
  return toPrediction(model.task, model.numOutputs, model.predictRaw(x));
}

/** The validation metrics of a task, as one record. */
export function metricsFor(task: Task, numClasses: number): (y: Float64Array, prediction: Float64Array) => MetricRecord {
  if (task === 'binary') return (y, p) => classificationMetrics(y, p);
  if (task === 'multiclass') return (y, p) => multiclassMetrics(y, p, numClasses);
  return (y, p) => regressionMetrics(y, p);
}

/** Metrics where a larger value is better; the rest (losses, errors) are minimised. */
const HIGHER_IS_BETTER = new Set(['auc', 'accuracy', 'ic', 'rankIc']);

export function metricDirection(metric: string): 'maximize' | 'minimize' {
  return HIGHER_IS_BETTER.has(metric) ? 'maximize' : 'minimize';
}

/** The metric a search optimises when the config names none. */
export function defaultMetric(task: Task): string {
  return task === 'regression' ? 'rmse' : 'logLoss';
}

/** `logloss`, `log_loss` or `logLoss` → the record's key `logLoss`; null when the task has no such metric. */
export function metricKey(task: Task, numClasses: number, name: string): string | null {
  const probe = metricsFor(task, numClasses)(Float64Array.of(0, 1), task === 'multiclass' ? new Float64Array(2 * numClasses).fill(1 / numClasses) : Float64Array.of(0.5, 0.5));
  const wanted = name.replace(/_/g, '').toLowerCase();
  return Object.keys(probe).find((k) => k.toLowerCase() === wanted) ?? null;
}
