/**
 * The model registry as `GET /models` and `GET /models/:id` send it (docs/api.md).
 */
export const MODEL_STATES = ['candidate', 'active', 'paused', 'retired'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

export type SerialisedCalibrator =
  | { kind: 'identity' }
  | { kind: 'platt'; a: number; b: number }
  | { kind: 'isotonic'; x: number[]; y: number[] };

export interface ModelRow {
  id: string;
  name: string;
  version: number;
  experiment_id: string;
  kind: string;
  task: 'binary' | 'multiclass' | 'regression';
  artifact_hash: string;
  calibration: SerialisedCalibrator | null;
  /** Validation metrics (`mean_auc`, `pooled_brier`, `calibrated_ece`, `rows` …); NaN arrives as null. */
  metrics: Record<string, number | null>;
  state: ModelState;
  created_at: string;
}

export interface ModelTransition {
  /** null: the model was saved (it starts as a candidate). */
  from: ModelState | null;
  to: ModelState;
  reason: string;
  actor: string;
  at: string;
}

export interface ModelRunRef {
  id: string;
  kind: string;
  strategy: string;
  started_at: string;
  /** Key metrics of the run (total return, CAGR, Sharpe, max drawdown, trades); NaN as null. */
  metrics: Record<string, number | null>;
}

export interface ModelDetail extends ModelRow {
  /** The model's input features, in order. */
  features: string[];
  /** Oldest first. */
  transitions: ModelTransition[];
  /** Newest first. */
  runs: ModelRunRef[];
}
