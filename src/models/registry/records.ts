import type { SerialisedModel, Task } from '../model.js';
import type { ModelState } from './lifecycle.js';

/** What the registry stores: experiments (training runs) and the models they produce. Times are UTC epoch ms. */

/** The rows a model learnt from: symbols, interval, the close-time range of the dataset's rows, and the bars' hash. */
export interface ExperimentData {
  symbols: string[];
  interval: string;
  from: number;
  to: number;
  dataHash: string;
}

/** One validation fold: its metrics (NaN allowed) and anything else the validator reports (rows, ranges). */
export interface FoldResult {
  fold: number;
  metrics: Record<string, number>;
  [field: string]: unknown;
}

/** One hyperparameter trial of a search: the parameters tried and the metrics over the folds. */
export interface SearchTrial {
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  [field: string]: unknown;
}

/** A training run with its lineage and validation. The id is content-derived: see `experimentId`. */
export interface ExperimentRecord {
  id: string;
  name: string;
  config: Record<string, unknown>;
  configHash: string;
  featureSetHash: string;
  features: { name: string; version: number }[];
  data: ExperimentData;
  codeVersion: string;
  seed: number;
  folds: FoldResult[];
  /** Aggregated over the folds; NaN is stored as null and read back as NaN. */
  metrics: Record<string, number>;
  search: SearchTrial[] | null;
  durationMs: number;
  createdAt: number;
}

export type ExperimentInfo = Omit<ExperimentRecord, 'folds' | 'search'>;

/** What a caller gives `saveModel`; kind and task are read from the artifact. */
export interface NewModel {
  name: string;
  experimentId: string;
  artifact: SerialisedModel;
  calibration: Record<string, unknown> | null;
  metrics: Record<string, number>;
  /** Who trained it: the actor of the initial transition to 'candidate'. */
  actor: string;
}

export interface ModelInfo {
  /** 16 hex digits derived from name, experiment, artifact and calibration: see `modelId`. */
  id: string;
  name: string;
  /** 1, 2, 3 … per name, in the order models were saved. */
  version: number;
  experimentId: string;
  kind: string;
  task: Task;
  /** SHA-256 of the artifact's JSON text (before gzip). */
  artifactHash: string;
  calibration: Record<string, unknown> | null;
  metrics: Record<string, number>;
  state: ModelState;
  createdAt: number;
}

export interface ModelRecord extends ModelInfo {
  artifact: SerialisedModel;
}

export interface ModelTransition {
  modelId: string;
  from: ModelState | null;
  to: ModelState;
  reason: string;
  actor: string;
  at: number;
  /** The audit-log entry written with it. */
  auditId: number;
}

export interface ModelListOptions {
  state?: ModelState;
  name?: string;
  limit?: number;
}
