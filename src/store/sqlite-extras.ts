import type Database from 'better-sqlite3';
import { SextantError } from '../core/errors.js';
import { copyBlobInto, toBlob } from './columns-blob.js';
import type { AltPoints, AltSeriesInfo, AltSeriesWrite, AuditEntry, FeatureColumn } from './store.js';

/** Alternative data and the feature cache on SQLite; `SqliteStore` delegates here to stay small. */

interface AltRow {
  id: number;
  name: string;
  description: string;
  points: number;
  version: number;
  updated_at: number;
  first_observed: number | null;
  last_observed: number | null;
  last_published: number | null;
}

const ALT_SELECT = `SELECT s.id, s.name, s.description, s.points, s.version, s.updated_at,
  (SELECT MIN(observed_at) FROM alt_points p WHERE p.alt_series_id = s.id) AS first_observed,
  (SELECT MAX(observed_at) FROM alt_points p WHERE p.alt_series_id = s.id) AS last_observed,
  (SELECT MAX(published_at) FROM alt_points p WHERE p.alt_series_id = s.id) AS last_published
  FROM alt_series s`;

function altInfo(r: AltRow): AltSeriesInfo {
  return {
    name: r.name,
    description: r.description,
    points: r.points,
    firstObserved: r.first_observed,
    lastObserved: r.last_observed,
    lastPublished: r.last_published,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export function listAltSeries(db: Database.Database): AltSeriesInfo[] {
  return (db.prepare(`${ALT_SELECT} ORDER BY s.name`).all() as AltRow[]).map(altInfo);
}

export function getAltSeries(db: Database.Database, name: string): AltSeriesInfo | null {
  const r = db.prepare(`${ALT_SELECT} WHERE s.name = ?`).get(name) as AltRow | undefined;
  return r ? altInfo(r) : null;
}

export function loadAltSeries(db: Database.Database, name: string): AltPoints | null {
  const s = db.prepare('SELECT id FROM alt_series WHERE name = ?').get(name) as { id: number } | undefined;
  if (!s) return null;
  const rows = db
    .prepare('SELECT observed_at, published_at, value FROM alt_points WHERE alt_series_id = ? ORDER BY published_at, observed_at')
    .raw()
    .all(s.id) as [number, number, number][];
  const points: AltPoints = {
    observedAt: new Float64Array(rows.length),
    publishedAt: new Float64Array(rows.length),
    value: new Float64Array(rows.length),
  };
  rows.forEach(([o, p, v], i) => {
    points.observedAt[i] = o;
    points.publishedAt[i] = p;
    points.value[i] = v;
  });
  return points;
}

export function saveAltSeries(db: Database.Database, write: AltSeriesWrite, audit: (e: AuditEntry, at: number) => number): void {
  const now = Date.now();
  db.transaction(() => {
    const existing = db.prepare('SELECT id, version FROM alt_series WHERE name = ?').get(write.name) as { id: number; version: number } | undefined;
    if ((existing?.version ?? null) !== write.expectedVersion) {
      throw new SextantError('STORE_CONCURRENT_WRITE', `alternative series ${write.name} was changed by another writer; nothing was written`, { name: write.name });
    }
    const n = write.points.value.length;
    let id: number;
    if (existing) {
      id = existing.id;
      db.prepare('UPDATE alt_series SET description = ?, points = ?, version = version + 1, updated_at = ? WHERE id = ?').run(write.description, n, now, id);
      db.prepare('DELETE FROM alt_points WHERE alt_series_id = ?').run(id);
    } else {
      id = Number(
        db
          .prepare('INSERT INTO alt_series (name, description, points, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(write.name, write.description, n, now, now).lastInsertRowid,
      );
    }
    const insert = db.prepare('INSERT INTO alt_points (alt_series_id, observed_at, published_at, value) VALUES (?, ?, ?, ?)');
    const { observedAt, publishedAt, value } = write.points;
    for (let i = 0; i < n; i++) insert.run(id, observedAt[i], publishedAt[i], value[i]);
    audit(write.audit, now);
  }).immediate();
}

export function saveFeatureColumns(db: Database.Database, seriesId: (symbol: string, interval: string) => number | null, columns: FeatureColumn[]): void {
  const now = Date.now();
  db.transaction(() => {
    const upsert = db.prepare(`INSERT INTO feature_values (series_id, name, feature_version, series_version, inputs_hash, rows, computed_at, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, name) DO UPDATE SET feature_version = excluded.feature_version, series_version = excluded.series_version,
        inputs_hash = excluded.inputs_hash, rows = excluded.rows, computed_at = excluded.computed_at, data = excluded.data`);
    for (const c of columns) {
      const id = seriesId(c.symbol, c.interval);
      if (id === null) throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${c.symbol} ${c.interval}`, { symbol: c.symbol, interval: c.interval });
      upsert.run(id, c.name, c.featureVersion, c.seriesVersion, c.inputsHash, c.values.length, now, toBlob(c.values));
    }
  }).immediate();
}

export function loadFeatureColumn(db: Database.Database, seriesId: number | null, key: Omit<FeatureColumn, 'values'>): Float64Array | null {
  if (seriesId === null) return null;
  const r = db
    .prepare(`SELECT rows, data FROM feature_values WHERE series_id = ? AND name = ? AND feature_version = ? AND series_version = ? AND inputs_hash = ?`)
    .get(seriesId, key.name, key.featureVersion, key.seriesVersion, key.inputsHash) as { rows: number; data: Buffer } | undefined;
  if (!r) return null;
  const values = new Float64Array(r.rows);
  copyBlobInto(r.data, values, 0);
  return values;
}
