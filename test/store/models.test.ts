import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { SextantError } from '../../src/core/errors.js';
import { experimentId, modelId } from '../../src/models/registry/ids.js';
import type { ModelState } from '../../src/models/registry/lifecycle.js';
import { loadWhy } from '../../src/models/registry/why.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';
import { artifact, experiment, newModel, run } from '../models/registry/fixtures.js';

const dir = tempDir();
let dbCount = 0;
const freshPath = (): string => join(dir, `m${dbCount++}.db`);
const freshStore = (): SqliteStore => SqliteStore.open(freshPath());

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return e instanceof SextantError ? e.code : `not a SextantError: ${String(e)}`;
  }
}

function count(store: SqliteStore, table: string): number {
  return (store.connection.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** A store with one experiment and one candidate model. */
async function withModel(): Promise<{ store: SqliteStore; id: string; experimentId: string }> {
  const store = freshStore();
  const e = experiment();
  await store.saveExperiment(e);
  const m = await store.saveModel(newModel(e.id));
  return { store, id: m.id, experimentId: e.id };
}

describe('schema v4', () => {
  test('a v3 store file migrates to the latest schema and keeps its runs and audit log', async () => {
    const path = freshPath();
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 3)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    raw.prepare(`INSERT INTO runs (id, kind, strategy, config_json, config_hash, data_hash, feature_set_hash, code_version, seed, status, metrics_json, summary_json, started_at, finished_at)
                 VALUES ('00000000000000aa', 'backtest', 'sma-cross', '{}', 'h', 'd', 'f', 'v', 1, 'finished', '{"sharpe":1.5}', '{}', 5, 6)`).run();
    raw.prepare("INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (1, 'old', 'bars.write', 'X/1d', '{}')").run();
    raw.close();

    const store = SqliteStore.open(path);
    expect(await store.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    const tables = (store.connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['experiments', 'models', 'model_transitions', 'run_models']) expect(tables).toContain(t);
    expect((await store.getRun('00000000000000aa'))!.metrics).toEqual({ sharpe: 1.5 });
    expect((await store.listAudit()).map((a) => a.actor)).toEqual(['old']);
    // The old run can be linked to a new model.
    const e = experiment();
    await store.saveExperiment(e);
    const m = await store.saveModel(newModel(e.id));
    await store.linkRunModel('00000000000000aa', m.id);
    expect((await store.runsOfModel(m.id)).map((r) => r.id)).toEqual(['00000000000000aa']);
    await store.close();
  });

  test('the schema refuses what the registry never writes', async () => {
    const { store, id } = await withModel();
    const db = store.connection;
    expect(() => db.prepare("UPDATE models SET state = 'deployed' WHERE id = ?").run(id)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE model_transitions SET reason = ? WHERE model_id = ?').run('edited', id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM model_transitions').run()).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO run_models (run_id, model_id) VALUES ('nope', ?)").run(id)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO models (id, name, version, experiment_id, kind, task, artifact, artifact_hash, metrics_json, state, created_at) VALUES ('x', 'n', 1, 'missing', 'k', 'binary', x'00', 'h', '{}', 'candidate', 0)").run()).toThrow(/FOREIGN KEY/);
    await store.close();
  });
});

describe('experiments', () => {
  test('save/get round trip, NaN metrics included; list newest first', async () => {
    const store = freshStore();
    const a = experiment();
    const b = experiment({ seed: 8, createdAt: a.createdAt + 1000, search: null });
    await store.saveExperiment(a);
    await store.saveExperiment(b);
    expect(await store.getExperiment(a.id)).toEqual(a);
    expect(await store.getExperiment(b.id)).toEqual(b);
    expect(await store.getExperiment('0123456789abcdef')).toBeNull();
    const list = await store.listExperiments();
    expect(list.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(list[0]).not.toHaveProperty('folds');
    expect((await store.listExperiments({ limit: 1 })).length).toBe(1);
    await store.close();
  });

  test('the id is derived from content: key order does not matter, every input does', () => {
    const a = experiment();
    const reordered = { seed: a.seed, codeVersion: a.codeVersion, data: { dataHash: a.data.dataHash, to: a.data.to, from: a.data.from, interval: a.data.interval, symbols: a.data.symbols }, features: a.features, featureSetHash: a.featureSetHash, configHash: a.configHash, name: a.name };
    expect(experimentId(reordered)).toBe(a.id);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    const variants = [{ seed: 8 }, { name: 'other' }, { configHash: 'x' }, { featureSetHash: 'x' }, { codeVersion: 'x' }, { features: [{ name: 'sma_10', version: 2 }] }, { data: { ...a.data, to: a.data.to + 1 } }, { data: { ...a.data, dataHash: 'e' } }];
    const ids = new Set(variants.map((v) => experimentId({ ...a, ...v })));
    expect(ids.size).toBe(variants.length);
    expect(ids.has(a.id)).toBe(false);
  });

  test('saving the same id again replaces its results and keeps its models', async () => {
    const { store, id, experimentId: eid } = await withModel();
    await store.saveExperiment(experiment({ durationMs: 999 }));
    expect((await store.getExperiment(eid))!.durationMs).toBe(999);
    expect((await store.getModel(id))!.experimentId).toBe(eid);
    await store.close();
  });
});

describe('models', () => {
  test('save/get round trip: the artifact is gzipped JSON with the SHA-256 of its text', async () => {
    const store = freshStore();
    const e = experiment();
    await store.saveExperiment(e);
    const input = newModel(e.id);
    const before = Date.now();
    const info = await store.saveModel(input);
    const json = JSON.stringify(input.artifact);
    const hash = createHash('sha256').update(json).digest('hex');
    expect(info).toMatchObject({ name: 'goog-logit', version: 1, experimentId: e.id, kind: 'logistic', task: 'binary', artifactHash: hash, calibration: input.calibration, metrics: input.metrics, state: 'candidate' });
    expect(info.id).toBe(modelId(input, hash));
    expect(info.createdAt).toBeGreaterThanOrEqual(before);
    const back = (await store.getModel(info.id))!;
    expect(back).toEqual({ ...info, artifact: input.artifact });
    const blob = (store.connection.prepare('SELECT artifact FROM models WHERE id = ?').get(info.id) as { artifact: Buffer }).artifact;
    expect([blob[0], blob[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(blob).toString('utf8')).toBe(json);
    await store.close();
  });

  test('versions count 1, 2, 3 per name; the same content again is the same model', async () => {
    const store = freshStore();
    const e = experiment();
    await store.saveExperiment(e);
    const a1 = await store.saveModel(newModel(e.id, { artifact: artifact(0.1) }));
    const b1 = await store.saveModel(newModel(e.id, { name: 'other', artifact: artifact(0.1) }));
    const a2 = await store.saveModel(newModel(e.id, { artifact: artifact(0.2) }));
    const a3 = await store.saveModel(newModel(e.id, { artifact: artifact(0.2), calibration: null }));
    const again = await store.saveModel(newModel(e.id, { artifact: artifact(0.2) }));
    expect([a1.version, b1.version, a2.version, a3.version]).toEqual([1, 1, 2, 3]);
    expect(new Set([a1.id, b1.id, a2.id, a3.id]).size).toBe(4);
    expect(again).toEqual(a2);
    expect(count(store, 'models')).toBe(4);
    expect(await store.modelTransitions(a2.id)).toHaveLength(1);
    await store.close();
  });

  test('the initial candidate state is a transition from null, reason "trained", audit-logged', async () => {
    const { store, id } = await withModel();
    const [t] = await store.modelTransitions(id);
    expect(t).toMatchObject({ modelId: id, from: null, to: 'candidate', reason: 'trained', actor: 'trainer' });
    const audit = await store.listAudit({ action: 'model.transition' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ id: t.auditId, actor: 'trainer', subject: id, details: { name: 'goog-logit', version: 1, from: null, to: 'candidate', reason: 'trained' }, at: t.at });
    await store.close();
  });

  test('a model of an unknown experiment is refused and nothing is written', async () => {
    const store = freshStore();
    expect(await codeOf(store.saveModel(newModel('0123456789abcdef')))).toBe('EXPERIMENT_NOT_FOUND');
    expect(count(store, 'models') + count(store, 'model_transitions') + count(store, 'audit_log')).toBe(0);
    await store.close();
  });

  test('list filters by state and name, newest first, with a limit', async () => {
    const store = freshStore();
    const e = experiment();
    await store.saveExperiment(e);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await store.saveModel(newModel(e.id, { name: i % 2 ? 'odd' : 'even', artifact: artifact(i) }))).id);
    // Same millisecond is possible: order must still be newest (highest version) first within a name.
    await store.transitionModel(ids[2], 'active', 'go', 'alice');
    const all = await store.listModels();
    expect(all.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect((await store.listModels({ name: 'even' })).map((m) => m.id)).toEqual([ids[2], ids[0]]);
    expect((await store.listModels({ state: 'active' })).map((m) => m.id)).toEqual([ids[2]]);
    expect((await store.listModels({ state: 'candidate', name: 'odd' })).map((m) => m.id)).toEqual([ids[3], ids[1]]);
    expect(await store.listModels({ limit: 2 })).toHaveLength(2);
    await store.close();
  });

  test('ids may be given by a unique prefix; an ambiguous prefix and an unknown id are errors', async () => {
    const store = freshStore();
    const e = experiment();
    await store.saveExperiment(e);
    const ids: string[] = [];
    // 17 ids over 16 hex digits: at least two share their first digit.
    for (let i = 0; i < 17; i++) ids.push((await store.saveModel(newModel(e.id, { artifact: artifact(i) }))).id);
    const shared = ids.find((id, i) => ids.findIndex((o) => o[0] === id[0]) !== i)!;
    expect(await codeOf(store.getModel(shared[0]))).toBe('MODEL_ID_AMBIGUOUS');
    expect(await codeOf(store.transitionModel(shared[0], 'active', 'r', 'a'))).toBe('MODEL_ID_AMBIGUOUS');
    const unique = ids.map((id) => {
      let n = 1;
      while (ids.filter((o) => o.startsWith(id.slice(0, n))).length > 1) n++;
      return id.slice(0, n);
    });
    for (let i = 0; i < ids.length; i++) {
      expect((await store.getModel(unique[i]))!.id).toBe(ids[i]);
      expect((await store.getModel(ids[i].toUpperCase()))!.id).toBe(ids[i]);
    }
    const unused = '0123456789abcdef'.split('').find((c) => !ids.some((id) => id.startsWith(c)));
    if (unused) expect(await store.getModel(unused)).toBeNull();
    expect(await store.getModel('not-hex')).toBeNull();
    expect(await store.getModel(`${ids[0]}0`)).toBeNull();
    for (const p of [store.transitionModel('ffffffffffffffff0', 'active', 'r', 'a'), store.modelTransitions('zz'), store.runsOfModel('zz'), store.linkRunModel('r', 'zz')]) expect(await codeOf(p)).toBe('MODEL_NOT_FOUND');
    await store.close();
  });

  test('a damaged artifact is reported, not parsed', async () => {
    const { store, id } = await withModel();
    store.connection.prepare("UPDATE models SET artifact = x'1f8b00' WHERE id = ?").run(id);
    expect(await codeOf(store.getModel(id))).toBe('MODEL_ARTIFACT_CORRUPT');
    await store.close();
  });
});

describe('lifecycle transitions through the store', () => {
  const PATH_TO: Record<ModelState, ModelState[]> = { candidate: [], active: ['active'], paused: ['active', 'paused'], retired: ['retired'] };
  const LEGAL = new Set(['candidate>active', 'active>paused', 'paused>active', 'candidate>retired', 'active>retired', 'paused>retired']);
  const STATES: ModelState[] = ['candidate', 'active', 'paused', 'retired'];

  test.each(STATES.flatMap((from) => STATES.map((to) => [from, to] as const)))('%s → %s', async (from, to) => {
    const { store, id } = await withModel();
    for (const s of PATH_TO[from]) await store.transitionModel(id, s, `to ${s}`, 'setup');
    expect((await store.getModel(id))!.state).toBe(from);
    const nTransitions = count(store, 'model_transitions');
    const nAudit = count(store, 'audit_log');
    const result = store.transitionModel(id.slice(0, 8), to, '  out-of-sample Sharpe 1.1 beats buy-and-hold ', 'alice');
    if (LEGAL.has(`${from}>${to}`)) {
      const t = await result;
      expect(t).toMatchObject({ modelId: id, from, to, reason: 'out-of-sample Sharpe 1.1 beats buy-and-hold', actor: 'alice' });
      expect((await store.getModel(id))!.state).toBe(to);
      expect(count(store, 'model_transitions')).toBe(nTransitions + 1);
      expect(count(store, 'audit_log')).toBe(nAudit + 1);
      const [a] = await store.listAudit({ limit: 1 });
      expect(a).toMatchObject({ id: t.auditId, actor: 'alice', action: 'model.transition', subject: id, details: { from, to, reason: t.reason } });
      expect((await store.modelTransitions(id)).at(-1)).toEqual(t);
    } else {
      expect(await codeOf(result)).toBe('MODEL_TRANSITION_INVALID');
      expect((await store.getModel(id))!.state).toBe(from);
      expect(count(store, 'model_transitions')).toBe(nTransitions);
      expect(count(store, 'audit_log')).toBe(nAudit);
    }
    await store.close();
  });

  test('a reason and an actor are required; refused changes write nothing', async () => {
    const { store, id } = await withModel();
    for (const reason of ['', '   ']) expect(await codeOf(store.transitionModel(id, 'active', reason, 'alice'))).toBe('MODEL_REASON_REQUIRED');
    expect(await codeOf(store.transitionModel(id, 'active', 'ok', ' '))).toBe('OPTION_INVALID');
    expect((await store.getModel(id))!.state).toBe('candidate');
    expect(count(store, 'model_transitions')).toBe(1);
    expect(count(store, 'audit_log')).toBe(1);
    await store.close();
  });

  test('state, transition and audit entry are one transaction: a failure after the audit insert undoes it all', async () => {
    const { store, id } = await withModel();
    store.connection.exec("CREATE TEMP TRIGGER fail_transition BEFORE INSERT ON main.model_transitions BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    await expect(store.transitionModel(id, 'active', 'go', 'alice')).rejects.toThrow(/injected failure/);
    expect((await store.getModel(id))!.state).toBe('candidate');
    expect(count(store, 'model_transitions')).toBe(1);
    expect(count(store, 'audit_log')).toBe(1);
    store.connection.exec('DROP TRIGGER temp.fail_transition');
    await store.transitionModel(id, 'active', 'go', 'alice');
    expect(count(store, 'audit_log')).toBe(2);
    await store.close();
  });
});

describe('runs of a model, and why it was deployed', () => {
  test('link, link again, re-save the run: one link that survives; unknown runs are refused', async () => {
    const { store, id } = await withModel();
    const runId = '00000000000000a1';
    await store.saveRun(run(runId));
    await store.linkRunModel(runId, id);
    await store.linkRunModel(runId, id.slice(0, 6));
    expect(count(store, 'run_models')).toBe(1);
    await store.saveRun(run(runId, { metrics: { sharpe: 2 } }));
    const runs = await store.runsOfModel(id);
    expect(runs.map((r) => [r.id, r.metrics.sharpe])).toEqual([[runId, 2]]);
    expect(runs[0]).not.toHaveProperty('trades');
    expect(await codeOf(store.linkRunModel('ffffffffffffffff', id))).toBe('RUN_NOT_FOUND');
    await store.close();
  });

  test('why: experiment, validation, backtests newest first, transitions and who promoted it', async () => {
    const { store, id, experimentId: eid } = await withModel();
    const older = run('00000000000000b1', { kind: 'backtest', startedAt: Date.UTC(2024, 4, 2) });
    const newer = run('00000000000000b2', { startedAt: Date.UTC(2024, 4, 3) });
    await store.saveRun(older);
    await store.saveRun(newer);
    await store.saveRun(run('00000000000000b3'));
    await store.linkRunModel(older.id, id);
    await store.linkRunModel(newer.id, id);
    await store.transitionModel(id, 'active', 'walk-forward beats baselines', 'alice');
    await store.transitionModel(id, 'paused', 'drift', 'bob');
    await store.transitionModel(id, 'active', 'drift resolved', 'carol');
    const why = await loadWhy(store, id.slice(0, 5));
    const e = experiment();
    expect(why.model).toMatchObject({ id, name: 'goog-logit', version: 1, kind: 'logistic', task: 'binary', state: 'active', calibrated: true });
    expect(why.experiment).toEqual({
      id: eid,
      name: 'goog-daily',
      created_at: '2024-05-01T12:00:00.000Z',
      duration_ms: 1234,
      config: e.config,
      config_hash: e.configHash,
      feature_set_hash: e.featureSetHash,
      features: [
        { name: 'sma_10', version: 1 },
        { name: 'rsi_14', version: 2 },
      ],
      data: { symbols: ['GOOG'], interval: '1d', from: '2010-01-04', to: '2019-12-30', data_hash: 'd'.repeat(64) },
      code_version: '0.1.0+test',
      seed: 7,
    });
    expect(why.validation.search_trials).toBe(3);
    expect(why.validation.folds.map((f) => f.metrics.auc)).toEqual([0.55, 0.53]);
    expect(why.validation.metrics.logloss).toBeNaN();
    expect(why.backtests).toEqual([
      { run_id: newer.id, kind: 'walkforward', strategy: 'ml-signal', started_at: '2024-05-03T00:00:00.000Z', metrics: { total_return_pct: 12.5, cagr_pct: 3.1, sharpe: 0.81, max_drawdown_pct: -9.5, num_trades: 42 } },
      { run_id: older.id, kind: 'backtest', strategy: 'ml-signal', started_at: '2024-05-02T00:00:00.000Z', metrics: { total_return_pct: 12.5, cagr_pct: 3.1, sharpe: 0.81, max_drawdown_pct: -9.5, num_trades: 42 } },
    ]);
    expect(why.transitions.map((t) => [t.from, t.to, t.actor, t.reason])).toEqual([
      [null, 'candidate', 'trainer', 'trained'],
      ['candidate', 'active', 'alice', 'walk-forward beats baselines'],
      ['active', 'paused', 'bob', 'drift'],
      ['paused', 'active', 'carol', 'drift resolved'],
    ]);
    expect(why.promoted).toEqual({ by: 'carol', at: why.transitions[3].at, reason: 'drift resolved' });
    await store.close();
  });
});
