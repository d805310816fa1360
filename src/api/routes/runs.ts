import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { drawdownPct } from '../../report/series/drawdown.js';
import { monthlyReturns } from '../../report/series/monthly-returns.js';
import type { RunInfo, RunRecord, Store } from '../../store/store.js';
import type { ApiApp, ApiContext } from '../context.js';
import { idParams, jsonNumbers, limitQuery } from './schemas.js';

const tags = ['runs'];

/** A run as lists show it: what was run and how it did (the detail adds the whole config and summary). */
function listJson(r: RunInfo) {
  return { id: r.id, kind: r.kind, strategy: r.strategy, symbols: (r.config.symbols as string[] | undefined) ?? [], interval: (r.config.interval as string | undefined) ?? null, params: r.config.params ?? {}, started_at: isoTime(r.startedAt), finished_at: isoTime(r.finishedAt), metrics: r.metrics };
}

function infoJson(r: RunInfo) {
  return { ...listJson(r), config: r.config, config_hash: r.configHash, data_hash: r.dataHash, feature_set_hash: r.featureSetHash, code_version: r.codeVersion, seed: r.seed };
}

async function loadRun(store: Store, id: string): Promise<RunRecord> {
  const run = await store.getRun(id);
  if (!run) throw new SextantError('RUN_NOT_FOUND', `no recorded run '${id}' (see GET /api/v1/runs)`, { run_id: id });
  return run;
}

/** The random baselines' 10–50–90 % equity band at its sampled points (runs recorded before it existed have none). */
function bandJson(run: RunRecord) {
  const { times, random_index: index, random_p10: p10, random_p50: p50, random_p90: p90 } = run.series;
  if (!times || !index || !p10 || !p50 || !p90) return null;
  return { time: Array.from(index, (i) => times[i]), p10: jsonNumbers(p10), p50: jsonNumbers(p50), p90: jsonNumbers(p90) };
}

function equityJson(run: RunRecord) {
  const { times, equity, benchmark } = run.series;
  return { time: times ? Array.from(times) : [], equity: equity ? jsonNumbers(equity) : [], benchmark: benchmark ? jsonNumbers(benchmark) : null, drawdown_pct: equity ? jsonNumbers(drawdownPct(equity)) : [], random_band: bandJson(run) };
}

/** Recorded runs: list, detail, equity, trades, monthly returns and side-by-side comparison. */
export function runRoutes(app: ApiApp, { store }: ApiContext): void {
  app.get(
    '/runs',
    { schema: { tags, summary: 'Recorded runs with their metrics, newest first', querystring: z.object({ limit: limitQuery(1000, 100), strategy: z.string().max(100).optional(), kind: z.string().max(40).optional() }) } },
    async (req) => (await store.listRuns(req.query)).map(listJson),
  );

  app.get(
    '/runs/compare',
    { schema: { tags, summary: 'Several runs side by side: details and equity curves', querystring: z.object({ ids: z.string().min(1).max(2000).describe('comma-separated run ids (2–10)') }) } },
    async (req) => {
      const ids = [...new Set(req.query.ids.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
      if (ids.length < 1 || ids.length > 10) throw new SextantError('VALIDATION_FAILED', `ids: expected 1–10 run ids, got ${ids.length}`, { issues: [{ path: 'querystring.ids', message: 'expected 1–10 comma-separated run ids' }] });
      const runs = await Promise.all(ids.map((id) => loadRun(store, id)));
      return { runs: runs.map((r) => ({ ...infoJson(r), summary: r.summary, trades: r.trades.length })), equity: Object.fromEntries(runs.map((r) => [r.id, equityJson(r)])) };
    },
  );

  app.get('/runs/:id', { schema: { tags, summary: 'One run: config, lineage, metrics, baselines and comparison', params: idParams } }, async (req) => {
    const r = await loadRun(store, req.params.id);
    return { ...infoJson(r), summary: r.summary, trades: r.trades.length, points: r.series.times?.length ?? 0 };
  });

  app.get('/runs/:id/equity', { schema: { tags, summary: 'Equity curve with the benchmark, the random baselines\' 10–50–90 % band and the underwater drawdown', params: idParams } }, async (req) => equityJson(await loadRun(store, req.params.id)));

  app.get('/runs/:id/trades', { schema: { tags, summary: 'Closed trades of a run', params: idParams } }, async (req) =>
    (await loadRun(store, req.params.id)).trades.map((t) => ({ symbol: t.symbol, side: t.side, qty: t.qty, entry_time: t.entryTime, entry_price: t.entryPrice, exit_time: t.exitTime, exit_price: t.exitPrice, pnl: t.pnl, fees: t.fees, return_pct: t.returnPct * 100 })),
  );

  app.get('/runs/:id/monthly', { schema: { tags, summary: 'Calendar-month returns in percent (UTC), for the heat map', params: idParams } }, async (req) => {
    const { times, equity } = (await loadRun(store, req.params.id)).series;
    if (!times || !equity) return [];
    const m = monthlyReturns(times, equity);
    const rows = [];
    for (let y = 0; y < m.years; y++) for (let k = 0; k < 12; k++) if (Number.isFinite(m.months[y * 12 + k])) rows.push({ year: m.firstYear + y, month: k + 1, return_pct: m.months[y * 12 + k] });
    return rows;
  });
}
