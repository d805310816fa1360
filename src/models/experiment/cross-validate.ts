import type { ProgressFn } from '../../core/progress.js';
import type { Dataset } from '../dataset/dataset.js';
import { type Normaliser, type NormaliserKind, fitNormaliser } from '../dataset/normalise/normaliser.js';
import { type ModelSpec, fitModel } from '../fit.js';
import { type Matrix, type Model, takeRows } from '../model.js';
import { type FoldMetrics, type MetricRecord, summariseFolds } from '../validation/metrics.js';
import type { Fold } from '../validation/splits-grid.js';
import { metricsFor, predictionOf } from './predict.js';

/** A normaliser (or none) fitted on training rows, and the matrices it gives. */
export interface Prepared {
  normaliser: Normaliser | null;
  transform(x: Matrix): Matrix;
}

function prepare(kind: NormaliserKind | 'none', x: Matrix, trainRows: ArrayLike<number>): Prepared {
  if (kind === 'none') return { normaliser: null, transform: (m) => m };
  const normaliser = fitNormaliser(kind, x, trainRows);
  return { normaliser, transform: (m) => normaliser.transform(m) };
}

export interface FoldOutcome {
  fold: number;
  trainRows: number;
  testRows: number;
  /** Decision times of the first and last test rows. */
  testFrom: number;
  testTo: number;
  metrics: MetricRecord;
}

export interface CrossValidation {
  folds: FoldOutcome[];
  summary: FoldMetrics<MetricRecord>;
  /** Out-of-fold predictions per dataset row (rows × K for multiclass); NaN for a row no fold tested. */
  oof: Float64Array;
  /** Test rows of each fold, to cross-fit a calibrator. */
  testRows: Int32Array[];
  /** The last fold's model and normalised test matrix, for out-of-sample importance. */
  last: { model: Model; x: Matrix; y: Float64Array };
}

/**
 * The last `fraction` of a fold's training times, held out for early stopping: training keeps
 * only rows whose label is settled before the held-out block starts (the same purge as the folds).
 */
function holdOutTail(ds: Dataset, train: Int32Array, fraction = 0.2): { fit: Int32Array; valid: Int32Array } {
  const cut = ds.time[train[Math.floor(train.length * (1 - fraction))]];
  const fit = train.filter((r) => ds.labelEnd[r] < cut);
  const valid = train.filter((r) => ds.time[r] >= cut);
  return { fit, valid };
}

/**
 * A model trained on the given rows, with a normaliser fitted on them only. With early stopping,
 * the tail of those rows is the validation set (holdOutTail) and only the rest trains. Every fold
 * and the final model are fitted this way.
 */
export async function fitOnRows(ds: Dataset, rows: Int32Array, spec: ModelSpec, normalise: NormaliserKind | 'none'): Promise<{ model: Model; prep: Prepared; trainRows: number }> {
  const earlyStopping = spec.kind === 'gbdt' && spec.params.early_stopping_rounds > 0;
  const { fit, valid } = earlyStopping ? holdOutTail(ds, rows) : { fit: rows, valid: null };
  const prep = prepare(normalise, ds.x, fit);
  const model = await fitModel(
    spec,
    { x: prep.transform(takeRows(ds.x, fit)), y: pick(ds.y, fit), featureNames: ds.featureNames },
    { numClasses: ds.numClasses, valid: valid && valid.length > 0 ? { x: prep.transform(takeRows(ds.x, valid)), y: pick(ds.y, valid) } : undefined },
  );
  return { model, prep, trainRows: fit.length };
}

/**
 * Trains one model per fold on its (purged, embargoed) training rows — normaliser fitted on those
 * rows only — and predicts its test rows. Metrics per fold, their mean and spread, and pooled over
 * all out-of-fold predictions.
 */
export async function crossValidate(ds: Dataset, folds: readonly Fold[], spec: ModelSpec, normalise: NormaliserKind | 'none', progress?: ProgressFn): Promise<CrossValidation> {
  const width = ds.task === 'multiclass' ? ds.numClasses : 1;
  const oof = new Float64Array(ds.y.length * width).fill(NaN);
  const outcomes: Omit<FoldOutcome, 'metrics'>[] = [];
  const predictions: { y: Float64Array; prediction: Float64Array }[] = [];
  let last: CrossValidation['last'] | null = null;
  for (const [k, fold] of folds.entries()) {
    const { model, prep, trainRows } = await fitOnRows(ds, fold.train, spec, normalise);
    const xTest = prep.transform(takeRows(ds.x, fold.test));
    const yTest = pick(ds.y, fold.test);
    const p = predictionOf(model, xTest);
    for (let i = 0; i < fold.test.length; i++) for (let c = 0; c < width; c++) oof[fold.test[i] * width + c] = p[i * width + c];
    predictions.push({ y: yTest, prediction: p });
    outcomes.push({ fold: k + 1, trainRows, testRows: fold.test.length, testFrom: ds.time[fold.test[0]], testTo: ds.time[fold.test[fold.test.length - 1]] });
    last = { model, x: xTest, y: yTest };
    progress?.('cross-validate', k + 1, folds.length);
  }
  const summary = summariseFolds(predictions, metricsFor(ds.task, ds.numClasses));
  return { folds: outcomes.map((o, k) => ({ ...o, metrics: summary.folds[k] })), summary, oof, testRows: folds.map((f) => f.test), last: last! };
}

export function pick(values: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}
