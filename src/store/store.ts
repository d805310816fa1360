import type { TradeRecord } from '../engine/trade.js';
import type { BarSeries } from '../core/bar-series.js';
import type { Instrument } from '../core/instrument.js';
import type { Interval } from '../core/interval.js';
import type { KeyStore } from './key-store.js';
import type { TradingStore } from './trading-store.js';
import type { ModelState } from '../models/registry/lifecycle.js';
import type { ExperimentInfo, ExperimentRecord, ModelInfo, ModelListOptions, ModelRecord, ModelTransition, NewModel } from '../models/registry/records.js';

/** What is stored for one symbol and interval. Times are bar close times (UTC epoch ms). */
export interface SeriesInfo {
  symbol: string;
  interval: Interval;
  assetClass: Instrument['assetClass'];
  rows: number;
  firstTime: number | null;
  lastTime: number | null;
  gaps: number;
  hasAdjClose: boolean;
  /** Bumped by every write; see `SeriesWrite.expectedVersion`. */
  version: number;
  updatedAt: number;
}

export interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: number;
}

export interface IngestionRecord {
  source: string;
  sha256: string;
  rowsRead: number;
  rowsAdded: number;
  rowsChanged: number;
  rowsDropped: number;
}

/**
 * A whole series to store in place of what was there, with its provenance, atomically. The
 * instrument is stored too when it is new.
 */
export interface SeriesWrite {
  instrument: Instrument;
  bars: BarSeries;
  gaps: number;
  /**
   * The version of the series the bars were merged with (null: it did not exist). If another
   * writer got there first the write fails with STORE_CONCURRENT_WRITE and changes nothing.
   */
  expectedVersion: number | null;
  audit: AuditEntry;
  ingestion?: IngestionRecord;
  /** Old values of the stored bars this write replaces, kept in the revision log. */
  replaced?: BarSeries;
}

/**
 * Points of an alternative-data series: the value observed for `observedAt` became known at
 * `publishedAt` (a revision is another point with the same observedAt and a later publishedAt).
 * Sorted by publishedAt, then observedAt.
 */
export interface AltPoints {
  observedAt: Float64Array;
  publishedAt: Float64Array;
  value: Float64Array;
}

export interface AltSeriesInfo {
  name: string;
  description: string;
  points: number;
  firstObserved: number | null;
  lastObserved: number | null;
  lastPublished: number | null;
  version: number;
  updatedAt: number;
}

/** A whole alternative series to store in place of what was there (same version rule as bars). */
export interface AltSeriesWrite {
  name: string;
  description: string;
  points: AltPoints;
  expectedVersion: number | null;
  audit: AuditEntry;
}

/** A computed feature column cached for one version of a series; `inputsHash` covers everything else it read. */
export interface FeatureColumn {
  symbol: string;
  interval: Interval;
  name: string;
  featureVersion: number;
  seriesVersion: number;
  inputsHash: string;
  values: Float64Array;
}

/** A recorded run: what was run on which data with which code, and everything it produced. */
export interface RunRecord {
  id: string;
  kind: string;
  strategy: string;
  config: Record<string, unknown>;
  configHash: string;
  dataHash: string;
  featureSetHash: string;
  codeVersion: string;
  seed: number;
  /** Metrics by snake_case name; NaN is stored as null and read back as NaN. */
  metrics: Record<string, number | string>;
  /** Baselines, comparison, counters and anything else the run reports. */
  summary: Record<string, unknown>;
  trades: TradeRecord[];
  /** Per-point series: times, equity, and optionally benchmark and exposure; random_index with random_p10/p50/p90, the random baselines' band at those points (src/backtest/random-band.ts). */
  series: Record<string, Float64Array>;
  startedAt: number;
  finishedAt: number;
}

export type RunInfo = Omit<RunRecord, 'trades' | 'series' | 'summary'>;

/**
 * The persistence boundary. Operations that must be atomic are single methods, so each backend
 * (SQLite now, Postgres later) runs them in one transaction of its own. Methods return promises
 * so an asynchronous backend fits the same interface.
 */
export interface Store {
  /** Where the data lives (a file path for SQLite). */
  readonly location: string;
  schemaVersion(): Promise<number>;
  getAsset(symbol: string): Promise<Instrument | null>;
  listSeries(): Promise<SeriesInfo[]>;
  getSeries(symbol: string, interval: Interval): Promise<SeriesInfo | null>;
  /** Bars whose close time is in [from, to], at most the first `limit` of them; null when the series does not exist. */
  loadBars(symbol: string, interval: Interval, range?: { from?: number; to?: number; limit?: number }): Promise<BarSeries | null>;
  saveSeries(write: SeriesWrite): Promise<void>;
  /** Old values of bars replaced by overwrites, oldest change first. */
  listRevisions(symbol: string, interval: Interval): Promise<{ auditId: number; bars: BarSeries }[]>;
  listAltSeries(): Promise<AltSeriesInfo[]>;
  getAltSeries(name: string): Promise<AltSeriesInfo | null>;
  loadAltSeries(name: string): Promise<AltPoints | null>;
  saveAltSeries(write: AltSeriesWrite): Promise<void>;
  /** Replaces the cached columns of a series (all of them in one transaction). */
  saveFeatureColumns(columns: FeatureColumn[]): Promise<void>;
  /** A cached column, or null when absent or computed for another version of the series, the feature or its inputs. */
  loadFeatureColumn(key: Omit<FeatureColumn, 'values'>): Promise<Float64Array | null>;
  /** Records a run with its trades and series in one transaction; the same id again replaces it. */
  saveRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | null>;
  /** Newest first. */
  listRuns(opts?: { limit?: number; strategy?: string; kind?: string }): Promise<RunInfo[]>;
  /** Records an experiment; the same (content-derived) id again replaces its results. */
  saveExperiment(experiment: ExperimentRecord): Promise<void>;
  getExperiment(id: string): Promise<ExperimentRecord | null>;
  /** Newest first. */
  listExperiments(opts?: { name?: string; limit?: number }): Promise<ExperimentInfo[]>;
  /**
   * Registers a model as the next version of its name, state 'candidate', with the transition
   * from null (reason 'trained') and its audit entry, in one transaction. Saving the same
   * content again returns the stored model unchanged. EXPERIMENT_NOT_FOUND without its experiment.
   */
  saveModel(model: NewModel): Promise<ModelInfo>;
  /**
   * Model ids below are a full id or a unique prefix. getModel returns null for no match; the
   * others throw MODEL_NOT_FOUND; an ambiguous prefix throws MODEL_ID_AMBIGUOUS.
   */
  getModel(idOrPrefix: string): Promise<ModelRecord | null>;
  /** Newest first. */
  listModels(opts?: ModelListOptions): Promise<ModelInfo[]>;
  /**
   * Moves a model along its lifecycle (MODEL_TRANSITION_INVALID, MODEL_REASON_REQUIRED): the new
   * state, the transition and the audit entry are written in one transaction, or nothing is.
   */
  transitionModel(idOrPrefix: string, to: ModelState, reason: string, actor: string): Promise<ModelTransition>;
  /** Oldest first, starting with the transition to 'candidate'. */
  modelTransitions(idOrPrefix: string): Promise<ModelTransition[]>;
  /** Records that a stored run used a model (RUN_NOT_FOUND otherwise); linking again is harmless. */
  linkRunModel(runId: string, modelIdOrPrefix: string): Promise<void>;
  /** Newest first. */
  runsOfModel(modelIdOrPrefix: string): Promise<RunInfo[]>;
  appendAudit(entry: AuditEntry): Promise<number>;
  /** Trading sessions, the order journal and the trading controls (synchronous, see TradingStore). */
  trading(): TradingStore;
  /** API keys (hashed) for the HTTP API. */
  keys(): KeyStore;
  listAudit(opts?: { limit?: number; action?: string }): Promise<AuditRecord[]>;
  close(): Promise<void>;
}
