import type Database from 'better-sqlite3';
import { copyBlobInto, toBlob } from './columns-blob.js';
import type { RunInfo, RunRecord } from './store.js';

/** Runs on SQLite; `SqliteStore` delegates here to stay small. */

interface RunRow {
  id: string;
  kind: string;
  strategy: string;
  config_json: string;
  config_hash: string;
  data_hash: string;
  feature_set_hash: string | null;
  code_version: string;
  seed: number | null;
  metrics_json: string | null;
  summary_json: string | null;
  started_at: number;
  finished_at: number | null;
}

/** JSON has no NaN: metrics store it as null and get it back as NaN. */
function metricsFromJson(text: string | null): Record<string, number | string> {
  const raw = JSON.parse(text ?? '{}') as Record<string, number | string | null>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? NaN : v]));
}

function info(r: Omit<RunRow, 'summary_json'>): RunInfo {
  return {
    id: r.id,
    kind: r.kind,
    strategy: r.strategy,
    config: JSON.parse(r.config_json),
    configHash: r.config_hash,
    dataHash: r.data_hash,
    featureSetHash: r.feature_set_hash ?? '',
    codeVersion: r.code_version,
    seed: r.seed ?? 0,
    metrics: metricsFromJson(r.metrics_json),
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? r.started_at,
  };
}

export function saveRun(db: Database.Database, run: RunRecord): void {
  db.transaction(() => {
    db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    db.prepare(
      `INSERT INTO runs (id, kind, strategy, config_json, config_hash, data_hash, feature_set_hash, code_version, seed, status, metrics_json, summary_json, started_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?)`,
    ).run(run.id, run.kind, run.strategy, JSON.stringify(run.config), run.configHash, run.dataHash, run.featureSetHash, run.codeVersion, run.seed, JSON.stringify(run.metrics), JSON.stringify(run.summary), run.startedAt, run.finishedAt);
    const trade = db.prepare(
      `INSERT INTO trades (run_id, symbol, side, quantity, entry_time, entry_price, exit_time, exit_price, pnl, fees, entry_bar, exit_bar, return_pct, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const t of run.trades) trade.run(run.id, t.symbol, t.side, t.qty, t.entryTime, t.entryPrice, t.exitTime, t.exitPrice, t.pnl, t.fees, t.entryBar, t.exitBar, t.returnPct, t.reason ?? null);
    const series = db.prepare('INSERT INTO run_series (run_id, name, data) VALUES (?, ?, ?)');
    for (const [name, values] of Object.entries(run.series)) series.run(run.id, name, toBlob(values));
  })();
}

export function getRun(db: Database.Database, id: string): RunRecord | null {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!r) return null;
  const trades = (
    db.prepare('SELECT symbol, side, quantity, entry_time, entry_bar, entry_price, exit_time, exit_bar, exit_price, pnl, fees, return_pct, reason FROM trades WHERE run_id = ? ORDER BY id').all(id) as {
      symbol: string; side: 'long' | 'short'; quantity: number; entry_time: number; entry_bar: number; entry_price: number;
      exit_time: number; exit_bar: number; exit_price: number; pnl: number; fees: number; return_pct: number; reason: string | null;
    }[]
  ).map((t) => ({
    symbol: t.symbol,
    side: t.side,
    qty: t.quantity,
    entryTime: t.entry_time,
    entryBar: t.entry_bar,
    entryPrice: t.entry_price,
    exitTime: t.exit_time,
    exitBar: t.exit_bar,
    exitPrice: t.exit_price,
    pnl: t.pnl,
    fees: t.fees,
    returnPct: t.return_pct,
    ...(t.reason === null ? {} : { reason: t.reason }),
  }));
  const series: Record<string, Float64Array> = {};
  for (const s of db.prepare('SELECT name, data FROM run_series WHERE run_id = ?').all(id) as { name: string; data: Buffer }[]) {
    const values = new Float64Array(s.data.length / 8);
    copyBlobInto(s.data, values, 0);
    series[s.name] = values;
  }
  return { ...info(r), summary: JSON.parse(r.summary_json ?? '{}'), trades, series };
}

export function listRuns(db: Database.Database, opts: { limit?: number; strategy?: string; kind?: string }): RunInfo[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (opts.strategy) (where.push('strategy = ?'), args.push(opts.strategy));
  if (opts.kind) (where.push('kind = ?'), args.push(opts.kind));
  // Everything but the summary, which a list never shows and which is the largest column.
  const sql = `SELECT id, kind, strategy, config_json, config_hash, data_hash, feature_set_hash, code_version, seed, metrics_json, started_at, finished_at FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id LIMIT ?`;
  return (db.prepare(sql).all(...args, opts.limit ?? 50) as RunRow[]).map(info);
}
