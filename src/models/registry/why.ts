import { SextantError } from '../../core/errors.js';
import { isInterval } from '../../core/interval.js';
import { barLabel, isoTime } from '../../core/time.js';
import type { RunInfo, Store } from '../../store/store.js';
import type { ModelState } from './lifecycle.js';
import type { ExperimentRecord, FoldResult, ModelInfo, ModelTransition } from './records.js';

/**
 * "Why was this model deployed?" in one record: the experiment that trained it (config, feature
 * set, data, code, seed), how it validated, the backtests that used it and every lifecycle step
 * with who took it, when and why. Snake_case with ISO times: `models why --json` prints it as
 * it is and the human output reads the same fields.
 */
export interface ModelWhy {
  model: {
    id: string;
    name: string;
    version: number;
    kind: string;
    task: string;
    state: ModelState;
    created_at: string;
    artifact_hash: string;
    calibrated: boolean;
    metrics: Record<string, number>;
  };
  experiment: {
    id: string;
    name: string;
    created_at: string;
    duration_ms: number;
    config: Record<string, unknown>;
    config_hash: string;
    feature_set_hash: string;
    features: { name: string; version: number }[];
    /** The first and last rows' bars as a person reads them (a daily bar by its date, see barLabel). */
    data: { symbols: string[]; interval: string; from: string; to: string; data_hash: string };
    code_version: string;
    seed: number;
  };
  validation: { folds: FoldResult[]; metrics: Record<string, number>; search_trials: number };
  backtests: { run_id: string; kind: string; strategy: string; started_at: string; metrics: Record<string, number | string> }[];
  transitions: { from: ModelState | null; to: ModelState; reason: string; actor: string; at: string }[];
  /** The latest promotion to active, or null if the model never was. */
  promoted: { by: string; at: string; reason: string } | null;
}

/** The metrics of a run that say whether it earned its keep; the rest is in `sextant runs show`. */
export const KEY_RUN_METRICS = ['total_return_pct', 'cagr_pct', 'sharpe', 'max_drawdown_pct', 'num_trades'] as const;

function label(t: number, interval: string): string {
  return isInterval(interval) ? barLabel(t, interval) : isoTime(t);
}

export function assembleWhy(model: ModelInfo, experiment: ExperimentRecord, runs: readonly RunInfo[], transitions: readonly ModelTransition[]): ModelWhy {
  const e = experiment;
  const lastPromotion = transitions.filter((t) => t.to === 'active').at(-1);
  return {
    model: {
      id: model.id,
      name: model.name,
      version: model.version,
      kind: model.kind,
      task: model.task,
      state: model.state,
      created_at: isoTime(model.createdAt),
      artifact_hash: model.artifactHash,
      calibrated: model.calibration !== null,
      metrics: model.metrics,
    },
    experiment: {
      id: e.id,
      name: e.name,
      created_at: isoTime(e.createdAt),
      duration_ms: e.durationMs,
      config: e.config,
      config_hash: e.configHash,
      feature_set_hash: e.featureSetHash,
      features: e.features,
      data: { symbols: e.data.symbols, interval: e.data.interval, from: label(e.data.from, e.data.interval), to: label(e.data.to, e.data.interval), data_hash: e.data.dataHash },
      code_version: e.codeVersion,
      seed: e.seed,
    },
    validation: { folds: e.folds, metrics: e.metrics, search_trials: e.search?.length ?? 0 },
    backtests: runs.map((r) => ({
      run_id: r.id,
      kind: r.kind,
      strategy: r.strategy,
      started_at: isoTime(r.startedAt),
      metrics: Object.fromEntries(KEY_RUN_METRICS.filter((k) => k in r.metrics).map((k) => [k, r.metrics[k]])),
    })),
    transitions: transitions.map((t) => ({ from: t.from, to: t.to, reason: t.reason, actor: t.actor, at: isoTime(t.at) })),
    promoted: lastPromotion ? { by: lastPromotion.actor, at: isoTime(lastPromotion.at), reason: lastPromotion.reason } : null,
  };
}

/** Reads everything `assembleWhy` needs for a model id (or unique prefix) from the store. */
export async function loadWhy(store: Store, idOrPrefix: string): Promise<ModelWhy> {
  const model = await store.getModel(idOrPrefix);
  if (!model) throw new SextantError('MODEL_NOT_FOUND', `no registered model '${idOrPrefix}': see 'sextant models list'`, { model_id: idOrPrefix });
  const experiment = await store.getExperiment(model.experimentId);
  if (!experiment) throw new SextantError('EXPERIMENT_NOT_FOUND', `model ${model.id}: its experiment ${model.experimentId} is missing from the store`, { experiment_id: model.experimentId });
  return assembleWhy(model, experiment, await store.runsOfModel(model.id), await store.modelTransitions(model.id));
}
