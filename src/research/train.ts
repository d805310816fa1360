import { createHash } from 'node:crypto';
import { type ProgressFn, noProgress } from '../core/progress.js';
import { codeVersion } from '../backtest/code-version.js';
import { lineage } from '../features/feature-set.js';
import type { ExperimentConfig } from '../models/experiment/config.js';
import { type ExperimentOutcome, outcomeArtifact, runExperiment } from '../models/experiment/run-experiment.js';
import { experimentId } from '../models/registry/ids.js';
import type { ExperimentRecord, ModelInfo } from '../models/registry/records.js';
import type { Store } from '../store/store.js';
import { type LoadedDataset, loadExperimentDataset } from './load-dataset.js';

export interface TrainResult {
  experiment: ExperimentRecord;
  model: ModelInfo;
  outcome: ExperimentOutcome;
  dataset: LoadedDataset;
}

/** `{mean: {auc: 0.6}, pooled: {...}}` → `{mean_auc: 0.6, ...}`: the registry keeps flat metric records. */
function flatten(groups: Record<string, Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, record] of Object.entries(groups)) for (const [name, v] of Object.entries(record)) out[`${group}_${name}`] = v;
  return out;
}

/**
 * `sextant train`: builds the dataset from the store, runs the experiment (folds, search,
 * validation, calibration, final fit) and records it — the experiment with its lineage and
 * per-fold metrics, and the model as a versioned candidate whose artifact carries its normaliser,
 * calibrator and label.
 */
export async function trainExperiment(store: Store, cfg: ExperimentConfig, opts: { actor: string; progress?: ProgressFn }): Promise<TrainResult> {
  const startedAt = Date.now();
  const progress = opts.progress ?? noProgress;
  const dataset = await loadExperimentDataset(store, cfg, undefined, progress);
  const { ds } = dataset;
  const outcome = await runExperiment(ds, cfg, progress);
  const { cv, calibration } = outcome;

  const features = lineage(dataset.set).features;
  const data = { symbols: ds.symbols, interval: cfg.data.interval, from: ds.time[0], to: ds.time[ds.time.length - 1], dataHash: dataset.dataHash };
  const configHash = createHash('sha256').update(JSON.stringify(cfg)).digest('hex');
  const identity = { name: cfg.name, configHash, featureSetHash: dataset.set.hash, features, data, codeVersion: codeVersion(), seed: cfg.seed };
  const calibrated: Record<string, number> = calibration ? { calibrated_ece: calibration.report.after.ece, calibrated_logLoss: calibration.report.after.logLoss, calibrated_brier: calibration.report.after.brier } : {};
  const metrics: Record<string, number> = { rows: ds.y.length, ...flatten({ mean: cv.summary.mean, std: cv.summary.std, pooled: cv.summary.pooled }), ...calibrated };
  const experiment: ExperimentRecord = {
    id: experimentId(identity),
    ...identity,
    config: cfg as unknown as Record<string, unknown>,
    folds: cv.folds.map((f) => ({ fold: f.fold, metrics: f.metrics, train_rows: f.trainRows, test_rows: f.testRows, test_from: f.testFrom, test_to: f.testTo })),
    metrics,
    search: outcome.search ? outcome.search.trials.map((t) => ({ params: t.params, metrics: { [outcome.search!.metric]: t.score } })) : null,
    durationMs: Date.now() - startedAt,
    createdAt: Date.now(),
  };
  await store.saveExperiment(experiment);
  const artifact = outcomeArtifact(outcome, ds, features, cfg.data.interval);
  const model = await store.saveModel({
    name: cfg.name,
    experimentId: experiment.id,
    artifact,
    calibration: (calibration?.calibrator.toJSON() as Record<string, unknown> | undefined) ?? null,
    metrics,
    actor: opts.actor,
  });
  return { experiment, model, outcome, dataset };
}
