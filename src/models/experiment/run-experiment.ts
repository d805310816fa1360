import { SextantError } from '../../core/errors.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import type { Calibrator } from '../calibration/calibrator.js';
import type { Dataset } from '../dataset/dataset.js';
import { type ModelArtifact, type ModelPipeline, artifactOf } from '../deploy.js';
import type { Normaliser } from '../dataset/normalise/normaliser.js';
import { type ModelSpec, parseModelSpec, withParams } from '../fit.js';
import type { Model } from '../model.js';
import { type SearchAxis, searchHyperparameters } from '../validation/search.js';
import { type CalibrationReport, calibrateOutOfFold } from './calibrate.js';
import type { ExperimentConfig } from './config.js';
import { type CrossValidation, crossValidate, fitOnRows } from './cross-validate.js';
import { experimentFolds } from './folds.js';
import { type FeatureImportance, featureImportance } from './importance.js';
import { defaultMetric, metricDirection, metricKey } from './predict.js';

export interface SearchReport {
  metric: string;
  direction: 'maximize' | 'minimize';
  trials: { params: Record<string, unknown>; score: number }[];
  best: Record<string, unknown>;
}

export interface ExperimentOutcome {
  /** The model spec trained last: the config's, with the search's best parameters applied. */
  spec: ModelSpec;
  search: SearchReport | null;
  cv: CrossValidation;
  calibration: { calibrator: Calibrator; report: CalibrationReport } | null;
  /** Trained on every row of the dataset, normaliser fitted on them. */
  model: Model;
  normaliser: Normaliser | null;
  importance: FeatureImportance[];
}

/**
 * An experiment on a dataset, without I/O: folds (purged and embargoed), an optional
 * hyperparameter search over them, out-of-fold validation of the chosen parameters, calibration
 * fitted on out-of-fold probabilities, the final model on all rows, and feature importance.
 */
export async function runExperiment(ds: Dataset, cfg: ExperimentConfig, progress: ProgressFn = noProgress): Promise<ExperimentOutcome> {
  if (ds.y.length === 0) throw new SextantError('DATASET_EMPTY', `experiment ${cfg.name}: no rows with a known label`, {});
  const folds = experimentFolds(ds, cfg.validation);
  let spec = parseModelSpec(cfg.model, ds.task, ds.numClasses);
  let search: SearchReport | null = null;
  let cv: CrossValidation | null = null;

  if (cfg.search) {
    const wanted = cfg.search.metric ?? defaultMetric(ds.task);
    const metric = metricKey(ds.task, ds.numClasses, wanted);
    if (metric === null) throw new SextantError('CONFIG_INVALID', `search.metric: '${wanted}' is not a metric of a ${ds.task} model`, { field: 'search.metric' });
    const direction = metricDirection(metric);
    const space: SearchAxis[] = Object.entries(cfg.search.space).map(([name, values]) => ({ name: name.slice('model.'.length), values }));
    const base = spec;
    const result = await searchHyperparameters(
      { space, method: cfg.search.mode, trials: cfg.search.trials, seed: cfg.seed, direction, progress },
      async (params) => {
        const run = await crossValidate(ds, folds, withParams(base, params), cfg.normalise);
        return { score: run.summary.pooled[metric], run };
      },
    );
    spec = withParams(base, result.best.params);
    cv = result.best.result.run;
    search = { metric, direction, trials: result.trials.map((t) => ({ params: t.params, score: t.result.score })), best: result.best.params };
  }
  cv ??= await crossValidate(ds, folds, spec, cfg.normalise, progress);

  const calibration = ds.task === 'binary' && cfg.calibration !== 'none' ? calibrateOutOfFold(cfg.calibration, ds.y, cv.oof, cv.testRows) : null;

  progress('final model', 0, 1);
  const { model, prep } = await fitOnRows(ds, Int32Array.from({ length: ds.y.length }, (_, i) => i), spec, cfg.normalise);
  progress('final model', 1, 1);
  const importance = featureImportance(model, cv.last, ds.task, ds.numClasses, cfg.seed);
  return { spec, search, cv, calibration, model, normaliser: prep.normaliser, importance };
}

/**
 * The artifact of an experiment's final model: the model with its normaliser, its calibrator (if
 * any), the label, the feature versions and the interval, and the validation report shown with it.
 */
export function outcomeArtifact(outcome: ExperimentOutcome, ds: Dataset, features: ModelPipeline['features'], interval: string): ModelArtifact {
  return artifactOf(outcome.model, {
    normaliser: outcome.normaliser?.toJSON() ?? null,
    calibrator: outcome.calibration?.calibrator.toJSON() ?? null,
    label: ds.label,
    features,
    interval,
    report: { importance: outcome.importance, calibration: outcome.calibration?.report ?? null, search: outcome.search, spec: outcome.spec },
  });
}
