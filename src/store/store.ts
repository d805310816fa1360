import type { BarSeries } from '../core/bar-series.js';
import type { Instrument } from '../core/instrument.js';
import type { Interval } from '../core/interval.js';

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
  /** Bars whose close time is in [from, to]; null when the series does not exist. */
  loadBars(symbol: string, interval: Interval, range?: { from?: number; to?: number }): Promise<BarSeries | null>;
  saveSeries(write: SeriesWrite): Promise<void>;
  /** Old values of bars replaced by overwrites, oldest change first. */
  listRevisions(symbol: string, interval: Interval): Promise<{ auditId: number; bars: BarSeries }[]>;
  appendAudit(entry: AuditEntry): Promise<number>;
  listAudit(opts?: { limit?: number; action?: string }): Promise<AuditRecord[]>;
  close(): Promise<void>;
}
