import { SextantError } from '../core/errors.js';
import type { SignalModel } from '../strategy/strategy.js';
import { topContributions } from './explain/top-contributions.js';
import { type Calibrator, calibratorFromJSON, identityCalibrator } from './calibration/calibrator.js';
import type { LabelSpec } from './dataset/labels/label-spec.js';
import { type Normaliser, normaliserFromJSON } from './dataset/normalise/normaliser.js';
import { modelFromJSON } from './fit.js';
import { type Matrix, type Model, type SerialisedModel, toPrediction } from './model.js';

/**
 * What a registered model needs besides its own parameters to be used on new bars: the
 * normaliser its inputs went through, the calibrator fitted on its out-of-fold predictions, the
 * label it learnt, the feature versions and the bar interval. Stored in the artifact as `pipeline`.
 */
export interface ModelPipeline {
  normaliser: unknown | null;
  calibrator: unknown | null;
  label: LabelSpec;
  features: { name: string; version: number }[];
  interval: string;
  /** Validation figures shown with the model (importance, calibration report). */
  report: Record<string, unknown>;
}

export type ModelArtifact = SerialisedModel & { pipeline: ModelPipeline };

export function artifactOf(model: Model, pipeline: ModelPipeline): ModelArtifact {
  return { ...model.toJSON(), pipeline };
}

/** The model, its normaliser and calibrator back from a stored artifact. */
export function loadArtifact(artifact: SerialisedModel): { model: Model; normaliser: Normaliser | null; calibrator: Calibrator; pipeline: ModelPipeline } {
  const { pipeline, ...json } = artifact as ModelArtifact;
  if (pipeline === undefined) throw new SextantError('MODEL_UNSUITABLE', 'the stored model has no pipeline (normaliser, calibrator, label): it was not trained by `sextant train`', {});
  return {
    model: modelFromJSON(json as SerialisedModel),
    normaliser: pipeline.normaliser === null ? null : normaliserFromJSON(pipeline.normaliser),
    calibrator: pipeline.calibrator === null ? identityCalibrator : calibratorFromJSON(pipeline.calibrator),
    pipeline,
  };
}

/** Binary labels mean "up"; the three-class ones (regime, neutral triple barrier) are ordered down, flat, up. */
function classesOf(task: Model['task'], label: LabelSpec): SignalModel['classes'] | null {
  if (task === 'binary') return 'up';
  if (task === 'multiclass' && (label.kind === 'regime' || label.kind === 'triple-barrier')) return 'down-flat-up';
  return null;
}

/**
 * A stored model as a strategy uses it: one row of raw feature values → normalised → model →
 * calibrated probabilities; reasons are the model's own explanation (TreeSHAP for trees,
 * coefficient × input for linear models) of its raw output, for three classes of up minus down.
 */
export function deployModel(id: string, artifact: SerialisedModel): SignalModel {
  const { model, normaliser, calibrator, pipeline } = loadArtifact(artifact);
  const classes = classesOf(model.task, pipeline.label);
  if (classes === null) {
    throw new SextantError('MODEL_UNSUITABLE', `model ${id} is a ${model.task} model of a ${pipeline.label.kind} label; ml-signal trades binary (up/down) or three-class (down/flat/up) classifiers`, { model: id, task: model.task });
  }
  const cols = model.featureNames.length;
  const one: Matrix = { rows: 1, cols, data: new Float64Array(cols) };
  const input = (row: Float64Array): Matrix => {
    one.data.set(row);
    return normaliser ? normaliser.transform(one) : one;
  };
  const horizon = 'horizon' in pipeline.label ? pipeline.label.horizon : 1;
  const names = pipeline.features.map((f) => f.name);
  return {
    id,
    features: names,
    horizon,
    classes,
    predict(row, out) {
      const p = toPrediction(model.task, model.numOutputs, model.predictRaw(input(row)));
      out.set(classes === 'up' ? calibrator.apply(p) : p);
    },
    reasons(row, k) {
      const c = model.explain(input(row));
      if (classes === 'up') return topContributions(c, 0, 0, names, { rows: 1, cols, data: row }, k);
      // three classes: contributions to the up margin minus those to the down margin
      const block = cols + 1;
      const diff = new Float64Array(block);
      for (let f = 0; f < block; f++) diff[f] = c[2 * block + f] - c[f];
      return topContributions(diff, 0, 0, names, { rows: 1, cols, data: row }, k);
    },
  };
}
