import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BarSeries } from '../src/core/bar-series.js';
import { defaultInstrument } from '../src/core/instrument.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { storePath } from '../src/store/open-store.js';
import { CHUNK_BARS, SqliteStore } from '../src/store/sqlite-store.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();
let dbCount = 0;
const freshStore = (): SqliteStore => SqliteStore.open(join(dir, `s${dbCount++}.db`));

function series(n: number, start = Date.UTC(2020, 0, 1), withAdj = false): BarSeries {
  const s = BarSeries.empty('TEST', '1m', n, withAdj);
  for (let i = 0; i < n; i++) {
    s.time[i] = start + i * 60_000;
    s.open[i] = 100 + i;
    s.high[i] = 101 + i;
    s.low[i] = 99 + i;
    s.close[i] = 100.5 + i;
    s.volume[i] = i * 10;
    if (s.adjClose) s.adjClose[i] = i % 3 === 0 ? NaN : 50 + i;
  }
  return s;
}

const audit = { actor: 'test', action: 'bars.write', subject: 'TEST/1m', details: {} };

describe('SQLite store', () => {
  it('creates the schema by migration, in WAL mode with foreign keys on', async () => {
    const store = freshStore();
    expect(await store.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(store.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (store.connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['assets', 'series', 'bar_chunks', 'alt_series', 'alt_points', 'runs', 'trades', 'benchmarks', 'audit_log', 'schema_migrations']) expect(tables).toContain(t);
    expect(() => store.connection.prepare("INSERT INTO series (asset_id, interval, rows, updated_at) VALUES (999, '1d', 0, 0)").run()).toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('round-trips bars exactly, across chunk boundaries, with NaN adjusted closes', async () => {
    const store = freshStore();
    const bars = series(CHUNK_BARS * 2 + 17, undefined, true);
    await store.saveSeries({ instrument: defaultInstrument('TEST', 'equity'), bars, gaps: 0, audit, expectedVersion: null });
    const back = (await store.loadBars('TEST', '1m'))!;
    expect(back.length).toBe(bars.length);
    for (const col of ['time', 'open', 'high', 'low', 'close', 'volume', 'adjClose'] as const) expect(Array.from(back[col]!)).toEqual(Array.from(bars[col]!));
    const info = (await store.getSeries('TEST', '1m'))!;
    expect(info).toMatchObject({ rows: bars.length, firstTime: bars.time[0], lastTime: bars.time[bars.length - 1], hasAdjClose: true });
    await store.close();
  });

  it('loads exactly the bars of a time range (property)', async () => {
    const store = freshStore();
    const bars = series(CHUNK_BARS + 500);
    await store.saveSeries({ instrument: defaultInstrument('TEST', 'equity'), bars, gaps: 0, audit, expectedVersion: null });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -10, max: bars.length + 10 }), fc.integer({ min: 0, max: bars.length + 10 }), async (a, len) => {
        const from = bars.time[0] + a * 60_000;
        const to = from + len * 60_000;
        const got = (await store.loadBars('TEST', '1m', { from, to }))!;
        const expected = Array.from(bars.time).filter((t) => t >= from && t <= to);
        expect(Array.from(got.time)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
    await store.close();
  });

  it('replaces a series whole and returns null for unknown ones', async () => {
    const store = freshStore();
    await store.saveSeries({ instrument: defaultInstrument('TEST', 'equity'), bars: series(100), gaps: 0, audit, expectedVersion: null });
    await store.saveSeries({ instrument: defaultInstrument('TEST', 'equity'), bars: series(10, Date.UTC(2021, 0, 1)), gaps: 2, audit, expectedVersion: 1 });
    const back = (await store.loadBars('TEST', '1m'))!;
    expect(back.length).toBe(10);
    expect(back.time[0]).toBe(Date.UTC(2021, 0, 1));
    expect((await store.getSeries('TEST', '1m'))!.gaps).toBe(2);
    expect(await store.loadBars('NOPE', '1m')).toBeNull();
    expect(await store.loadBars('TEST', '1d')).toBeNull();
    await store.close();
  });

  it('refuses a write based on a version another writer has replaced, changing nothing', async () => {
    const store = freshStore();
    const instrument = defaultInstrument('TEST', 'equity');
    await store.saveSeries({ instrument, bars: series(5), gaps: 0, audit, expectedVersion: null });
    await expect(store.saveSeries({ instrument, bars: series(7), gaps: 0, audit, expectedVersion: null })).rejects.toMatchObject({ code: 'STORE_CONCURRENT_WRITE' });
    await store.saveSeries({ instrument, bars: series(6), gaps: 0, audit, expectedVersion: 1 });
    await expect(store.saveSeries({ instrument, bars: series(8), gaps: 0, audit, expectedVersion: 1 })).rejects.toMatchObject({ code: 'STORE_CONCURRENT_WRITE' });
    expect(await store.getSeries('TEST', '1m')).toMatchObject({ rows: 6, version: 2 });
    expect(await store.listAudit()).toHaveLength(2);
    await store.close();
  });

  it('keeps the old values of replaced bars, tied to the audit entry', async () => {
    const store = freshStore();
    const instrument = defaultInstrument('TEST', 'equity');
    const old = series(3, undefined, true);
    await store.saveSeries({ instrument, bars: old, gaps: 0, audit, expectedVersion: null });
    await store.saveSeries({ instrument, bars: series(3, undefined, true), gaps: 0, audit: { ...audit, action: 'bars.overwrite' }, expectedVersion: 1, replaced: old.slice(1, 3) });
    const [rev] = await store.listRevisions('TEST', '1m');
    const [entry] = await store.listAudit({ action: 'bars.overwrite' });
    expect(rev.auditId).toBe(entry.id);
    expect(Array.from(rev.bars.time)).toEqual(Array.from(old.time.subarray(1)));
    expect(Array.from(rev.bars.close)).toEqual(Array.from(old.close.subarray(1)));
    expect(Array.from(rev.bars.adjClose!)).toEqual(Array.from(old.adjClose!.subarray(1)));
    await store.close();
  });

  it('keeps the audit log append-only', async () => {
    const store = freshStore();
    const id = await store.appendAudit({ actor: 'alice', action: 'limits.change', subject: 'risk', details: { from: 1, to: 2 } });
    expect(() => store.connection.prepare('UPDATE audit_log SET actor = ? WHERE id = ?').run('mallory', id)).toThrow(/append-only/);
    expect(() => store.connection.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrow(/append-only/);
    const [entry] = await store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({ id, actor: 'alice', action: 'limits.change', details: { from: 1, to: 2 } });
    await store.close();
  });

  it('refuses a store written by a newer schema', async () => {
    const path = join(dir, 'newer.db');
    (await SqliteStore.open(path).close());
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, 0)').run('future');
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(expect.objectContaining({ code: 'STORE_SCHEMA_TOO_NEW' }));
  });

  it('finds its file from --db, then SEXTANT_DB, then ./sextant.db', () => {
    const saved = process.env.SEXTANT_DB;
    try {
      process.env.SEXTANT_DB = join(dir, 'env.db');
      expect(storePath('/x/explicit.db')).toBe('/x/explicit.db');
      expect(storePath()).toBe(join(dir, 'env.db'));
      delete process.env.SEXTANT_DB;
      expect(storePath()).toBe(join(process.cwd(), 'sextant.db'));
    } finally {
      if (saved === undefined) delete process.env.SEXTANT_DB;
      else process.env.SEXTANT_DB = saved;
    }
    expect(existsSync(join(dir, 'env.db'))).toBe(false);
  });
});
