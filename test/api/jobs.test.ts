import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BacktestRun, runBacktest } from '../../src/backtest/run-backtest.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { type ApiFixture, type EventSocket, errorCode, GOOG_CSV, requireBuilt, startApi, type WsEvent } from '../helpers/api.js';
import { waitUntil } from '../helpers/wait.js';
import { ingest } from '../helpers/ingest.js';

/**
 * Issue 7, runs and jobs: a backtest launched over HTTP runs in the background with progress on
 * the WebSocket, and what it records is what `runBacktest` gives for the same config run here
 * directly; equity, drawdown, monthly returns and comparison are checked against that run and
 * by hand. A cancelled sweep records nothing; a job that cannot run is refused before queueing.
 */

requireBuilt();

const CONFIG = { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG'], interval: '1d', randomSeeds: 30 };
const OTHER = { ...CONFIG, params: { fast: 20, slow: 50 } };

let f: ApiFixture;
let ws: EventSocket;
/** The same backtest run in this process on its own copy of the data. */
let direct: BacktestRun;
let directDir: string;

beforeAll(async () => {
  f = await startApi({ jobConcurrency: 1 });
  ws = await f.socket('viewer');
  directDir = mkdtempSync(join(tmpdir(), 'sextant-api-direct-'));
  const store = SqliteStore.open(join(directDir, 'direct.db'));
  try {
    await ingest(store, GOOG_CSV, { symbol: 'GOOG', interval: '1d' });
    direct = await runBacktest(store, CONFIG);
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await f?.close();
  if (directDir) rmSync(directDir, { recursive: true, force: true });
});

const FINAL = ['succeeded', 'failed', 'cancelled'];
const jobEvents = (id: string) => ws.events.filter((e: WsEvent) => (e.type === 'job' || e.type === 'job.progress') && e.data.id === id);

/** Launches a job as a trader and waits for its final `job` event. */
async function runJob(body: unknown): Promise<{ id: string; final: WsEvent }> {
  const r = await f.call('POST', '/api/v1/jobs', { as: 'trader', body });
  expect(r.status, r.text).toBe(202);
  const id = r.body.id as string;
  const final = await ws.next(`job ${id} finished`, (e) => e.type === 'job' && e.data.id === id && FINAL.includes(e.data.state), 40_000);
  return { id, final };
}

/** NaN and infinities travel as null in JSON. */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)));

let runId: string;

describe('a backtest job', () => {
  test('POST /jobs (trader) → 202 queued; job.progress fractions never go down; the last job event is succeeded', async () => {
    const r = await f.call('POST', '/api/v1/jobs', { as: 'trader', body: { kind: 'backtest', config: CONFIG } });
    expect(r.status, r.text).toBe(202);
    expect(r.body).toMatchObject({ kind: 'backtest', created_by: `api:${f.keys.trader.id}`, run_ids: [], error: null });
    expect(['queued', 'running']).toContain(r.body.state);
    const id = r.body.id as string;
    const final = await ws.next(`job ${id} finished`, (e) => e.type === 'job' && e.data.id === id && FINAL.includes(e.data.state), 40_000);
    expect(final.data.state, JSON.stringify(final.data.error)).toBe('succeeded');

    const events = jobEvents(id);
    const progress = events.filter((e) => e.type === 'job.progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const p of progress) {
      expect(p.fraction).toBeGreaterThanOrEqual(0);
      expect(p.fraction).toBeLessThanOrEqual(1);
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    for (let k = 1; k < progress.length; k++) expect(progress[k].fraction, `progress event ${k}`).toBeGreaterThanOrEqual(progress[k - 1].fraction);
    // Nothing about the job arrives after it finished.
    expect(events.at(-1)).toBe(final);
    expect(events.filter((e) => e.type === 'job').map((e) => e.data.state)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));

    const job = (await f.call('GET', `/api/v1/jobs/${id}`, { as: 'viewer' })).body;
    expect(job).toMatchObject({ id, state: 'succeeded', progress: { fraction: 1 } });
    expect(job.run_ids).toHaveLength(1);
    runId = job.run_ids[0];
    const audit = (await f.call('GET', '/api/v1/audit?action=job.create', { as: 'viewer' })).body;
    expect(audit.find((a: { subject: string }) => a.subject === id)).toMatchObject({ actor: `api:${f.keys.trader.id}`, action: 'job.create' });
  });

  test('GET /runs/:id: the same id and metrics as runBacktest with the same config', async () => {
    const r = await f.call('GET', `/api/v1/runs/${runId}`, { as: 'viewer' });
    expect(r.status).toBe(200);
    expect(runId).toBe(direct.runId);
    expect(r.body).toMatchObject({ id: direct.runId, kind: 'backtest', strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', params: CONFIG.params, points: direct.times.length, trades: direct.trades.length });
    expect(r.body.metrics).toEqual(asJson(direct.metrics));
    const listed = (await f.call('GET', '/api/v1/runs', { as: 'viewer' })).body;
    expect(listed.map((x: { id: string }) => x.id)).toContain(runId);
  });

  test('GET /runs/:id/equity: the run’s curve, one point per bar; drawdown_pct recomputed by hand', async () => {
    const e = (await f.call('GET', `/api/v1/runs/${runId}/equity`, { as: 'viewer' })).body;
    expect(e.time).toHaveLength(direct.times.length);
    expect(e.time).toEqual(Array.from(direct.times));
    expect(e.equity).toEqual(asJson(Array.from(direct.equity)));
    expect(e.benchmark).toHaveLength(direct.times.length);
    let peak = -Infinity;
    const dd = (e.equity as number[]).map((v) => {
      peak = Math.max(peak, v);
      return (v / peak - 1) * 100;
    });
    expect(e.drawdown_pct).toHaveLength(dd.length);
    for (let t = 0; t < dd.length; t++) expect(e.drawdown_pct[t], `t=${t}`).toBeCloseTo(dd[t], 9);
    expect(Math.min(...e.drawdown_pct)).toBeCloseTo(direct.metrics.max_drawdown_pct, 6);
    // The random baselines' band: at its sampled points' times, the percentiles the run recorded.
    const band = direct.record.series;
    expect(e.random_band.time).toEqual(Array.from(band.random_index, (i) => direct.times[i]));
    expect(e.random_band.time.at(-1)).toBe(e.time.at(-1));
    for (const q of ['p10', 'p50', 'p90'] as const) expect(e.random_band[q]).toEqual(asJson(Array.from(band[`random_${q}`])));
  });

  test('GET /runs/:id/monthly: one row per calendar month with points; compounded, they make the total return', async () => {
    const rows = (await f.call('GET', `/api/v1/runs/${runId}/monthly`, { as: 'viewer' })).body as { year: number; month: number; return_pct: number }[];
    // A daily bar closing at 00:00 on the 1st belongs to the month before.
    const months = new Set(Array.from(direct.times, (t) => new Date(t - 1).toISOString().slice(0, 7)));
    expect(rows.map((m) => `${m.year}-${String(m.month).padStart(2, '0')}`).sort()).toEqual([...months].sort());
    const growth = rows.reduce((g, m) => g * (1 + m.return_pct / 100), 1);
    expect((growth - 1) * 100).toBeCloseTo(direct.metrics.total_return_pct, 6);
  });

  test('GET /runs/compare of two runs: both details, and each equity curve as /runs/:id/equity gives it', async () => {
    const other = await runJob({ kind: 'backtest', config: OTHER });
    expect(other.final.data.state).toBe('succeeded');
    const otherId = other.final.data.run_ids[0] as string;
    expect(otherId).not.toBe(runId);
    const r = await f.call('GET', `/api/v1/runs/compare?ids=${runId},${otherId}`, { as: 'viewer' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.runs.map((x: { id: string }) => x.id)).toEqual([runId, otherId]);
    for (const id of [runId, otherId]) {
      const detail = (await f.call('GET', `/api/v1/runs/${id}`, { as: 'viewer' })).body;
      expect(r.body.runs.find((x: { id: string }) => x.id === id).metrics).toEqual(detail.metrics);
      expect(r.body.equity[id]).toEqual((await f.call('GET', `/api/v1/runs/${id}/equity`, { as: 'viewer' })).body);
    }
    expect(r.body.runs[1].params).toEqual(OTHER.params);
  });
});

describe('refusing and cancelling', () => {
  test('a job with an unknown strategy → 400 STRATEGY_UNKNOWN before queueing: no job, no event, no audit entry', async () => {
    const jobsBefore = (await f.call('GET', '/api/v1/jobs', { as: 'viewer' })).body.length;
    const auditBefore = (await f.call('GET', '/api/v1/audit?action=job.create', { as: 'viewer' })).body.length;
    const eventsBefore = ws.events.length;
    const r = await f.call('POST', '/api/v1/jobs', { as: 'trader', body: { kind: 'backtest', config: { ...CONFIG, strategy: 'no-such-strategy', params: {} } } });
    expect([r.status, errorCode(r)]).toEqual([400, 'STRATEGY_UNKNOWN']);
    expect((await f.call('GET', '/api/v1/jobs', { as: 'viewer' })).body).toHaveLength(jobsBefore);
    expect((await f.call('GET', '/api/v1/audit?action=job.create', { as: 'viewer' })).body).toHaveLength(auditBefore);
    expect(ws.events.slice(eventsBefore).filter((e) => e.type.startsWith('job'))).toEqual([]);
  });

  test('DELETE /jobs/:id on a running sweep → cancelled; no run of it is ever recorded; cancelling again → 409', async () => {
    const runsBefore = (await f.call('GET', '/api/v1/runs?limit=1000', { as: 'viewer' })).body.map((r: { id: string }) => r.id);
    const body = { kind: 'sweep', config: { ...CONFIG, params: undefined, randomSeeds: 0 }, params: ['fast=2:60:1', 'slow=61:300:1'] };
    const r = await f.call('POST', '/api/v1/jobs', { as: 'trader', body });
    expect(r.status, r.text).toBe(202);
    const id = r.body.id as string;
    await ws.next(`sweep ${id} progress`, (e) => e.type === 'job.progress' && e.data.id === id, 30_000);
    const running = (await f.call('GET', `/api/v1/jobs/${id}`, { as: 'viewer' })).body;
    expect(running.state).toBe('running');
    expect(running.progress.fraction).toBeLessThan(1);

    const cancel = await f.call('DELETE', `/api/v1/jobs/${id}`, { as: 'trader' });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body).toMatchObject({ id, state: 'cancelled', run_ids: [] });
    await ws.next(`sweep ${id} cancelled event`, (e) => e.type === 'job' && e.data.id === id && e.data.state === 'cancelled');
    expect((await f.call('GET', `/api/v1/jobs/${id}`, { as: 'viewer' })).body.state).toBe('cancelled');

    // The worker is gone: a new job runs at once (concurrency 1) and only its run appears.
    const after = await runJob({ kind: 'backtest', config: { ...CONFIG, params: { fast: 5, slow: 40 } } });
    expect(after.final.data.state).toBe('succeeded');
    const runsAfter = (await f.call('GET', '/api/v1/runs?limit=1000', { as: 'viewer' })).body as { id: string; kind: string }[];
    expect(runsAfter.filter((x) => !runsBefore.includes(x.id)).map((x) => x.id)).toEqual(after.final.data.run_ids);
    expect(runsAfter.filter((x) => x.kind === 'sweep')).toEqual([]);

    const again = await f.call('DELETE', `/api/v1/jobs/${id}`, { as: 'trader' });
    expect([again.status, errorCode(again)]).toEqual([409, 'JOB_FINISHED']);
    const audit = (await f.call('GET', '/api/v1/audit?action=job.cancel', { as: 'viewer' })).body;
    expect(audit.find((a: { subject: string }) => a.subject === id)).toMatchObject({ actor: `api:${f.keys.trader.id}` });
  });

  test('the job list shows every job, newest first, with its state', async () => {
    await waitUntil('no job left running', async () => (await f.call('GET', '/api/v1/jobs', { as: 'viewer' })).body.every((j: { state: string }) => FINAL.includes(j.state)));
    const jobs = (await f.call('GET', '/api/v1/jobs', { as: 'viewer' })).body as { kind: string; state: string; created_at: string }[];
    expect(jobs.map((j) => [j.kind, j.state])).toEqual([
      ['backtest', 'succeeded'],
      ['sweep', 'cancelled'],
      ['backtest', 'succeeded'],
      ['backtest', 'succeeded'],
    ]);
  });
});
