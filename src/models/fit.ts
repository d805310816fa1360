import { z } from 'zod';
import { SextantError } from '../core/errors.js';
import type { ProgressFn } from '../core/progress.js';
import { type GbdtParams, gbdtFromJSON, parseGbdtParams, trainGbdt } from './gbdt/index.js';
import { fitLogistic } from './linear/logistic.js';
import { fitRidge } from './linear/ridge.js';
import { linearModelFromJSON } from './linear/linear-model.js';
import type { Matrix, Model, SerialisedModel, Task } from './model.js';

const LinearSectionSchema = z.strictObject({ kind: z.enum(['logistic', 'ridge']), l2: z.number().min(0).default(1) });

/** A model section of an experiment, validated for its kind. */
export type ModelSpec = { kind: 'gbdt'; params: GbdtParams } | { kind: 'logistic' | 'ridge'; l2: number };

export interface TrainingRows {
  x: Matrix;
  y: Float64Array;
  featureNames: readonly string[];
}

/**
 * Checks a `model:` section against its kind and the task of the label: gbdt takes the objective
 * the task implies (binary, multiclass with num_class, regression unless quantile is asked for),
 * logistic needs a classification label and ridge a regression one.
 */
export function parseModelSpec(section: Record<string, unknown>, task: Task, numClasses: number): ModelSpec {
  const where = (field: string) => `model.${field}`;
  if (section.kind === 'gbdt') {
    const { kind: _, ...rest } = section;
    const objective = task === 'binary' ? 'binary' : task === 'multiclass' ? 'multiclass' : rest.objective === 'quantile' ? 'quantile' : 'regression';
    if (rest.objective !== undefined && rest.objective !== objective) {
      throw new SextantError('CONFIG_INVALID', `${where('objective')}: '${String(rest.objective)}' does not fit a ${task} label (expected ${objective})`, { field: where('objective') });
    }
    let params: GbdtParams;
    try {
      params = parseGbdtParams({ ...rest, objective, ...(task === 'multiclass' ? { num_class: numClasses } : {}) });
    } catch (e) {
      const err = e as SextantError;
      throw new SextantError('CONFIG_INVALID', `model: ${err.message}`, { ...err.details });
    }
    return { kind: 'gbdt', params };
  }
  const parsed = LinearSectionSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SextantError('CONFIG_INVALID', `${where(issue.path.join('.') || 'kind')}: ${issue.message}`, { field: where(issue.path.join('.')) });
  }
  const spec = parsed.data;
  if ((spec.kind === 'logistic') !== (task !== 'regression')) {
    throw new SextantError('CONFIG_INVALID', `model.kind: ${spec.kind} does not fit a ${task} label (${task === 'regression' ? 'use ridge or gbdt' : 'use logistic or gbdt'})`, { field: 'model.kind' });
  }
  return spec;
}

/** A spec with some parameters replaced (a hyperparameter search candidate, `max_depth` → value). */
export function withParams(spec: ModelSpec, params: Record<string, unknown>): ModelSpec {
  if (Object.keys(params).length === 0) return spec;
  if (spec.kind === 'gbdt') return { kind: 'gbdt', params: parseGbdtParams({ ...spec.params, ...params }) };
  const parsed = LinearSectionSchema.parse({ kind: spec.kind, l2: spec.l2, ...params });
  return parsed;
}

export interface FitOptions {
  numClasses: number;
  /** Rows for early stopping (gbdt with early_stopping_rounds > 0). */
  valid?: { x: Matrix; y: Float64Array };
  progress?: ProgressFn;
}

/** Trains the model a spec describes. */
export async function fitModel(spec: ModelSpec, rows: TrainingRows, opts: FitOptions): Promise<Model> {
  if (spec.kind === 'gbdt') return trainGbdt({ x: rows.x, y: rows.y, featureNames: rows.featureNames }, spec.params, { valid: opts.valid, progress: opts.progress });
  if (spec.kind === 'ridge') return fitRidge({ x: rows.x, y: rows.y, featureNames: rows.featureNames }, { l2: spec.l2 });
  return fitLogistic({ x: rows.x, y: rows.y, featureNames: rows.featureNames }, { l2: spec.l2, numClasses: Math.max(2, opts.numClasses) });
}

/** A model back from its serialised form, whatever its kind. */
export function modelFromJSON(json: SerialisedModel): Model {
  if (json.kind === 'gbdt') return gbdtFromJSON(json);
  if (json.kind === 'logistic' || json.kind === 'ridge') return linearModelFromJSON(json);
  throw new SextantError('MODEL_UNSUITABLE', `a stored model of kind '${json.kind}' cannot be loaded by this version (known: gbdt, logistic, ridge)`, { kind: json.kind });
}
