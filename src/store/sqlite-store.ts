import Database from 'better-sqlite3';
import { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { type Instrument, InstrumentSchema } from '../core/instrument.js';
import type { Interval } from '../core/interval.js';
import { copyBlobInto, toBlob } from './columns-blob.js';
import { MIGRATIONS } from './migrations.js';
import * as extras from './sqlite-extras.js';
import * as models from './sqlite-models.js';
import * as runs from './sqlite-runs.js';
import { SqliteKeyStore } from './sqlite-keys.js';
import type { KeyStore } from './key-store.js';
import { SqliteTradingStore } from './sqlite-trading.js';
import type { TradingStore } from './trading-store.js';
import type { ModelState } from '../models/registry/lifecycle.js';
import type { ExperimentInfo, ExperimentRecord, ModelInfo, ModelListOptions, ModelRecord, ModelTransition, NewModel } from '../models/registry/records.js';
import type { AltPoints, AltSeriesInfo, AltSeriesWrite, AuditEntry, AuditRecord, FeatureColumn, RunInfo, RunRecord, SeriesInfo, SeriesWrite, Store } from './store.js';

function nullIfNaN(x: number): number | null {
  return x === x ? x : null;
}

/** Bars per stored chunk: big enough that loading is a few memory copies, small enough to page. */
export const CHUNK_BARS = 8192;

interface SeriesRow {
  id: number;
  symbol: string;
  interval: Interval;
  asset_class: Instrument['assetClass'];
  rows: number;
  first_time: number | null;
  last_time: number | null;
  gaps: number;
  has_adj_close: number;
  version: number;
  updated_at: number;
}

interface ChunkRow {
  n: number;
  time: Buffer;
  open: Buffer;
  high: Buffer;
  low: Buffer;
  close: Buffer;
  volume: Buffer;
  adj_close: Buffer | null;
}

const SERIES_SELECT = `
  SELECT s.id, a.symbol, s.interval, a.asset_class, s.rows, s.first_time, s.last_time, s.gaps,
         s.has_adj_close, s.version, s.updated_at
  FROM series s JOIN assets a ON a.id = s.asset_id`;

function toInfo(r: SeriesRow): SeriesInfo {
  return {
    symbol: r.symbol,
    interval: r.interval,
    assetClass: r.asset_class,
    rows: r.rows,
    firstTime: r.first_time,
    lastTime: r.last_time,
    gaps: r.gaps,
    hasAdjClose: r.has_adj_close === 1,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/** The embedded store: one SQLite file, WAL journal, foreign keys enforced. */
export class SqliteStore implements Store {
  readonly location: string;
  private readonly db: Database.Database;
  private tradingStore: TradingStore | null = null;
  private keyStore: KeyStore | null = null;

  private constructor(location: string, db: Database.Database) {
    this.location = location;
    this.db = db;
  }

  static open(path: string): SqliteStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const store = new SqliteStore(path, db);
    store.migrate();
    return store;
  }

  private migrate(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    const current = this.currentVersion();
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    if (current > latest) {
      throw new SextantError('STORE_SCHEMA_TOO_NEW', `${this.location}: the store has schema version ${current}, this Sextant knows up to ${latest}; upgrade Sextant`, {
        file: this.location,
        version: current,
        supported: latest,
      });
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      })();
    }
  }

  private currentVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  trading(): TradingStore {
    return (this.tradingStore ??= new SqliteTradingStore(this.db, (e, at) => this.insertAudit(e, at)));
  }

  keys(): KeyStore {
    return (this.keyStore ??= new SqliteKeyStore(this.db, (e, at) => this.insertAudit(e, at)));
  }

  async schemaVersion(): Promise<number> {
    return this.currentVersion();
  }

  async getAsset(symbol: string): Promise<Instrument | null> {
    const r = this.db.prepare('SELECT symbol, asset_class, quote_currency, tick_size, lot_size FROM assets WHERE symbol = ?').get(symbol) as
      | { symbol: string; asset_class: Instrument['assetClass']; quote_currency: string; tick_size: number; lot_size: number }
      | undefined;
    if (!r) return null;
    return { symbol: r.symbol, assetClass: r.asset_class, quoteCurrency: r.quote_currency, tickSize: r.tick_size, lotSize: r.lot_size };
  }

  async listSeries(): Promise<SeriesInfo[]> {
    const rows = this.db.prepare(`${SERIES_SELECT} ORDER BY a.symbol, s.interval`).all() as SeriesRow[];
    return rows.map(toInfo);
  }

  private seriesRow(symbol: string, interval: Interval): SeriesRow | undefined {
    return this.db.prepare(`${SERIES_SELECT} WHERE a.symbol = ? AND s.interval = ?`).get(symbol, interval) as SeriesRow | undefined;
  }

  async getSeries(symbol: string, interval: Interval): Promise<SeriesInfo | null> {
    const r = this.seriesRow(symbol, interval);
    return r ? toInfo(r) : null;
  }

  async loadBars(symbol: string, interval: Interval, range: { from?: number; to?: number; limit?: number } = {}): Promise<BarSeries | null> {
    const s = this.seriesRow(symbol, interval);
    if (!s) return null;
    const from = range.from ?? -Number.MAX_VALUE;
    const to = range.to ?? Number.MAX_VALUE;
    const limit = range.limit ?? Infinity;
    const chunks: ChunkRow[] = [];
    let total = 0;
    // Chunks do not overlap, so last_time orders them as seq does, and the index on it lets a
    // limited read stop after the chunks that hold enough bars of the range.
    let inRange = 0;
    for (const c of this.db
      .prepare(`SELECT n, first_time, time, open, high, low, close, volume, adj_close FROM bar_chunks
                WHERE series_id = ? AND last_time >= ? AND first_time <= ? ORDER BY last_time`)
      .iterate(s.id, from, to) as IterableIterator<ChunkRow & { first_time: number }>) {
      chunks.push(c);
      total += c.n;
      if (c.first_time >= from) inRange += c.n;
      if (inRange >= limit) break;
    }
    const bars = BarSeries.empty(symbol, interval, total, s.has_adj_close === 1);
    let offset = 0;
    for (const c of chunks) {
      copyBlobInto(c.time, bars.time, offset);
      copyBlobInto(c.open, bars.open, offset);
      copyBlobInto(c.high, bars.high, offset);
      copyBlobInto(c.low, bars.low, offset);
      copyBlobInto(c.close, bars.close, offset);
      copyBlobInto(c.volume, bars.volume, offset);
      if (bars.adjClose) {
        if (c.adj_close) copyBlobInto(c.adj_close, bars.adjClose, offset);
        else bars.adjClose.fill(NaN, offset, offset + c.n);
      }
      offset += c.n;
    }
    const ranged = range.from === undefined && range.to === undefined ? bars : bars.between(from, to);
    return ranged.length > limit ? ranged.slice(0, limit) : ranged;
  }

  async saveSeries(write: SeriesWrite): Promise<void> {
    const { bars } = write;
    const now = Date.now();
    const instrument = InstrumentSchema.parse(write.instrument);
    // IMMEDIATE takes the write lock first, so the version check and the write are one step.
    this.db
      .transaction(() => {
        this.db
          .prepare(`INSERT INTO assets (symbol, asset_class, quote_currency, tick_size, lot_size, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (symbol) DO NOTHING`)
          .run(instrument.symbol, instrument.assetClass, instrument.quoteCurrency, instrument.tickSize, instrument.lotSize, now);
        const asset = this.db.prepare('SELECT id FROM assets WHERE symbol = ?').get(instrument.symbol) as { id: number };
        const n = bars.length;
        const first = n > 0 ? bars.time[0] : null;
        const last = n > 0 ? bars.time[n - 1] : null;
        const hasAdj = bars.adjClose ? 1 : 0;
        const existing = this.db.prepare('SELECT id, version FROM series WHERE asset_id = ? AND interval = ?').get(asset.id, bars.interval) as { id: number; version: number } | undefined;
        if ((existing?.version ?? null) !== write.expectedVersion) {
          throw new SextantError('STORE_CONCURRENT_WRITE', `${instrument.symbol} ${bars.interval} was changed by another writer (version ${existing?.version ?? 'none'}, expected ${write.expectedVersion ?? 'none'}); nothing was written`, {
            symbol: instrument.symbol,
            interval: bars.interval,
          });
        }
        let seriesId: number;
        if (existing) {
          seriesId = existing.id;
          this.db
            .prepare('UPDATE series SET rows = ?, first_time = ?, last_time = ?, gaps = ?, has_adj_close = ?, version = version + 1, updated_at = ? WHERE id = ?')
            .run(n, first, last, write.gaps, hasAdj, now, seriesId);
          this.db.prepare('DELETE FROM bar_chunks WHERE series_id = ?').run(seriesId);
        } else {
          seriesId = Number(
            this.db
              .prepare('INSERT INTO series (asset_id, interval, rows, first_time, last_time, gaps, has_adj_close, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
              .run(asset.id, bars.interval, n, first, last, write.gaps, hasAdj, now).lastInsertRowid,
          );
        }
        const insert = this.db.prepare(`INSERT INTO bar_chunks
          (series_id, seq, first_time, last_time, n, time, open, high, low, close, volume, adj_close)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
        for (let start = 0, seq = 0; start < n; start += CHUNK_BARS, seq++) {
          const c = bars.slice(start, Math.min(n, start + CHUNK_BARS));
          insert.run(seriesId, seq, c.time[0], c.time[c.length - 1], c.length, toBlob(c.time), toBlob(c.open), toBlob(c.high), toBlob(c.low), toBlob(c.close), toBlob(c.volume), c.adjClose ? toBlob(c.adjClose) : null);
        }
        if (write.ingestion) {
          const g = write.ingestion;
          this.db
            .prepare('INSERT INTO ingestions (series_id, source, sha256, rows_read, rows_added, rows_changed, rows_dropped, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(seriesId, g.source, g.sha256, g.rowsRead, g.rowsAdded, g.rowsChanged, g.rowsDropped, now);
        }
        const auditId = this.insertAudit(write.audit, now);
        const old = write.replaced;
        if (old && old.length > 0) {
          const keep = this.db.prepare('INSERT INTO bar_revisions (audit_id, series_id, time, open, high, low, close, volume, adj_close) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
          for (let i = 0; i < old.length; i++) {
            const adj = old.adjClose ? old.adjClose[i] : NaN;
            keep.run(auditId, seriesId, old.time[i], old.open[i], old.high[i], old.low[i], old.close[i], nullIfNaN(old.volume[i]), nullIfNaN(adj));
          }
        }
      })
      .immediate();
  }

  async listRevisions(symbol: string, interval: Interval): Promise<{ auditId: number; bars: BarSeries }[]> {
    const s = this.seriesRow(symbol, interval);
    if (!s) return [];
    const rows = this.db
      .prepare('SELECT audit_id, time, open, high, low, close, volume, adj_close FROM bar_revisions WHERE series_id = ? ORDER BY audit_id, time')
      .all(s.id) as { audit_id: number; time: number; open: number; high: number; low: number; close: number; volume: number | null; adj_close: number | null }[];
    const byAudit = new Map<number, typeof rows>();
    for (const r of rows) byAudit.set(r.audit_id, [...(byAudit.get(r.audit_id) ?? []), r]);
    return [...byAudit].map(([auditId, rs]) => {
      const bars = BarSeries.empty(symbol, interval, rs.length, rs.some((r) => r.adj_close !== null));
      rs.forEach((r, i) => {
        bars.time[i] = r.time;
        bars.open[i] = r.open;
        bars.high[i] = r.high;
        bars.low[i] = r.low;
        bars.close[i] = r.close;
        bars.volume[i] = r.volume ?? NaN;
        if (bars.adjClose) bars.adjClose[i] = r.adj_close ?? NaN;
      });
      return { auditId, bars };
    });
  }

  private insertAudit(entry: AuditEntry, at: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (?, ?, ?, ?, ?)')
        .run(at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.details)).lastInsertRowid,
    );
  }

  async listAltSeries(): Promise<AltSeriesInfo[]> {
    return extras.listAltSeries(this.db);
  }

  async getAltSeries(name: string): Promise<AltSeriesInfo | null> {
    return extras.getAltSeries(this.db, name);
  }

  async loadAltSeries(name: string): Promise<AltPoints | null> {
    return extras.loadAltSeries(this.db, name);
  }

  async saveAltSeries(write: AltSeriesWrite): Promise<void> {
    extras.saveAltSeries(this.db, write, (e, at) => this.insertAudit(e, at));
  }

  async saveFeatureColumns(columns: FeatureColumn[]): Promise<void> {
    extras.saveFeatureColumns(this.db, (symbol, interval) => this.seriesRow(symbol, interval as Interval)?.id ?? null, columns);
  }

  async loadFeatureColumn(key: Omit<FeatureColumn, 'values'>): Promise<Float64Array | null> {
    return extras.loadFeatureColumn(this.db, this.seriesRow(key.symbol, key.interval)?.id ?? null, key);
  }

  async saveRun(run: RunRecord): Promise<void> {
    runs.saveRun(this.db, run);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    return runs.getRun(this.db, id);
  }

  async listRuns(opts: { limit?: number; strategy?: string; kind?: string } = {}): Promise<RunInfo[]> {
    return runs.listRuns(this.db, opts);
  }

  async saveExperiment(experiment: ExperimentRecord): Promise<void> {
    models.saveExperiment(this.db, experiment);
  }

  async getExperiment(id: string): Promise<ExperimentRecord | null> {
    return models.getExperiment(this.db, id);
  }

  async listExperiments(opts: { name?: string; limit?: number } = {}): Promise<ExperimentInfo[]> {
    return models.listExperiments(this.db, opts);
  }

  async saveModel(model: NewModel): Promise<ModelInfo> {
    return models.saveModel(this.db, model, (e, at) => this.insertAudit(e, at));
  }

  async getModel(idOrPrefix: string): Promise<ModelRecord | null> {
    return models.getModel(this.db, idOrPrefix);
  }

  async listModels(opts: ModelListOptions = {}): Promise<ModelInfo[]> {
    return models.listModels(this.db, opts);
  }

  async transitionModel(idOrPrefix: string, to: ModelState, reason: string, actor: string): Promise<ModelTransition> {
    return models.transitionModel(this.db, idOrPrefix, to, reason, actor, (e, at) => this.insertAudit(e, at));
  }

  async modelTransitions(idOrPrefix: string): Promise<ModelTransition[]> {
    return models.modelTransitions(this.db, idOrPrefix);
  }

  async linkRunModel(runId: string, modelIdOrPrefix: string): Promise<void> {
    models.linkRunModel(this.db, runId, modelIdOrPrefix);
  }

  async runsOfModel(modelIdOrPrefix: string): Promise<RunInfo[]> {
    return models.runsOfModel(this.db, modelIdOrPrefix);
  }

  async appendAudit(entry: AuditEntry): Promise<number> {
    return this.insertAudit(entry, Date.now());
  }

  async listAudit(opts: { limit?: number; action?: string } = {}): Promise<AuditRecord[]> {
    const rows = this.db
      .prepare(`SELECT id, at, actor, action, subject, details_json FROM audit_log
                WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?`)
      .all(opts.action ?? null, opts.action ?? null, opts.limit ?? 100) as {
      id: number;
      at: number;
      actor: string;
      action: string;
      subject: string;
      details_json: string;
    }[];
    return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details_json) }));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** The raw connection, for tests that check what the schema enforces. */
  get connection(): Database.Database {
    return this.db;
  }
}
