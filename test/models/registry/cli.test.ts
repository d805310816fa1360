import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelWhy } from '../../../src/models/registry/why.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { sextant, sextantJson } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { artifact, experiment, newModel, run } from './fixtures.js';

// Runs the built binary: `npx tsc -p .` first (npm test does it).
const dir = tempDir();
const db = join(dir, 'models.db');
const ids = { a1: '', a2: '', b1: '' };
const RUN = '00000000000000c1';

beforeAll(async () => {
  const store = SqliteStore.open(db);
  const e = experiment();
  await store.saveExperiment(e);
  ids.a1 = (await store.saveModel(newModel(e.id, { artifact: artifact(1) }))).id;
  ids.a2 = (await store.saveModel(newModel(e.id, { artifact: artifact(2) }))).id;
  ids.b1 = (await store.saveModel(newModel(e.id, { name: 'eurusd-gbdt', artifact: { ...artifact(3), kind: 'gbdt' } }))).id;
  await store.saveRun(run(RUN));
  await store.linkRunModel(RUN, ids.a2);
  await store.close();
});

interface ModelJson {
  model_id: string;
  name: string;
  version: number;
  kind: string;
  state: string;
  experiment_id: string;
  metrics: Record<string, number>;
}

interface ErrorJson {
  error: { code: string; message: string };
}

describe('sextant models', () => {
  test('list: all, by state, by name; --json and a table', () => {
    const all = sextantJson<ModelJson[]>(['models', 'list', '--db', db]);
    expect(all.status).toBe(0);
    expect(all.json.map((m) => m.model_id).sort()).toEqual([ids.a1, ids.a2, ids.b1].sort());
    const named = sextantJson<ModelJson[]>(['models', 'list', '--name', 'goog-logit', '--db', db]).json;
    expect(named[0]).toMatchObject({ calibrated: true, experiment_id: experiment().id, metrics: { auc: 0.54, brier: 0.248 } });
    expect(named[0]).not.toHaveProperty('calibration');
    expect(named.map((m) => [m.model_id, m.version, m.state])).toEqual([
      [ids.a2, 2, 'candidate'],
      [ids.a1, 1, 'candidate'],
    ]);
    expect(sextantJson<ModelJson[]>(['models', 'list', '--state', 'active', '--db', db]).json).toEqual([]);
    const table = sextant(['models', 'list', '--db', db]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/model\s+name\s+version\s+kind\s+task\s+state/);
    expect(table.stdout).toContain(ids.b1);
    expect(table.stdout).toContain('auc=0.5400 brier=0.2480');
  });

  test('show: by prefix, with features and the first transition', () => {
    const r = sextantJson<ModelJson & { calibrated: boolean; calibration: unknown; features: string[]; transitions: { from: string | null; to: string; reason: string; actor: string }[]; artifact?: unknown }>(['models', 'show', ids.b1.slice(0, 10), '--db', db]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ model_id: ids.b1, name: 'eurusd-gbdt', version: 1, kind: 'gbdt', state: 'candidate', features: ['sma_10', 'rsi_14'] });
    expect(r.json.transitions).toEqual([{ from: null, to: 'candidate', reason: 'trained', actor: 'trainer', at: expect.any(String), audit_id: expect.any(Number) }]);
    expect(r.json.artifact).toBeUndefined();
    expect(r.json).toMatchObject({ calibrated: true, calibration: { kind: 'platt', a: 1.5, b: -0.2 } });
    expect(sextantJson<{ artifact: unknown }>(['models', 'show', ids.b1, '--artifact', '--db', db]).json.artifact).toEqual({ ...artifact(3), kind: 'gbdt' });
    const text = sextant(['models', 'show', ids.b1, '--db', db]);
    expect(text.stdout).toContain(`model ${ids.b1} — eurusd-gbdt v1 (gbdt, binary) — candidate`);
  });

  test('promote, then why: the experiment, validation, backtests and who promoted it', () => {
    const p = sextantJson<{ model_id: string; from: string; to: string; actor: string; reason: string; state: string }>(['models', 'promote', ids.a2, '--reason', 'walk-forward Sharpe 0.81 beats buy-and-hold', '--db', db], { SEXTANT_ACTOR: 'alice' });
    expect(p.status).toBe(0);
    expect(p.json).toMatchObject({ model_id: ids.a2, from: 'candidate', to: 'active', state: 'active', actor: 'alice', reason: 'walk-forward Sharpe 0.81 beats buy-and-hold' });

    const w = sextantJson<ModelWhy>(['models', 'why', ids.a2, '--db', db]);
    expect(w.status).toBe(0);
    expect(w.json.model).toMatchObject({ id: ids.a2, name: 'goog-logit', version: 2, state: 'active' });
    expect(w.json.experiment).toMatchObject({ id: experiment().id, seed: 7, code_version: '0.1.0+test', feature_set_hash: 'f'.repeat(64), data: { symbols: ['GOOG'], interval: '1d', from: '2010-01-04', to: '2019-12-30', data_hash: 'd'.repeat(64) } });
    expect(w.json.experiment.features).toEqual([
      { name: 'sma_10', version: 1 },
      { name: 'rsi_14', version: 2 },
    ]);
    // NaN metrics come out as JSON null.
    expect(w.json.validation).toEqual({ folds: [expect.objectContaining({ fold: 0, metrics: { auc: 0.55, logloss: 0.69 } }), expect.objectContaining({ fold: 1, metrics: { auc: 0.53, logloss: null } })], metrics: { auc: 0.54, logloss: null }, search_trials: 3 });
    expect(w.json.backtests).toEqual([{ run_id: RUN, kind: 'walkforward', strategy: 'ml-signal', started_at: '2024-05-02T09:00:00.000Z', metrics: { total_return_pct: 12.5, cagr_pct: 3.1, sharpe: 0.81, max_drawdown_pct: -9.5, num_trades: 42 } }]);
    expect(w.json.transitions.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, 'candidate', 'trainer'],
      ['candidate', 'active', 'alice'],
    ]);
    expect(w.json.promoted).toMatchObject({ by: 'alice', reason: 'walk-forward Sharpe 0.81 beats buy-and-hold' });

    const text = sextant(['models', 'why', ids.a2, '--db', db]).stdout;
    for (const line of [
      /deployed: promoted by alice at \S+: walk-forward Sharpe 0\.81 beats buy-and-hold/,
      /data\s+GOOG 1d 2010-01-04 → 2019-12-30, data hash d{64}/,
      /features\s+sma_10 v1, rsi_14 v2/,
      /code 0\.1\.0\+test\s+seed 7/,
      /validation: 2 folds, 3 search trials/,
      /all\s+0\.5400\s+—/,
      new RegExp(`${RUN}\\s+walkforward\\s+ml-signal\\s+12\\.500\\s+3\\.100\\s+0\\.810\\s+-9\\.500\\s+42`),
    ])
      expect(text).toMatch(line);

    // The audit log has it too.
    const audit = sextantJson<{ actor: string; action: string; subject: string }[]>(['audit', '--action', 'model.transition', '--limit', '1', '--db', db]).json;
    expect(audit[0]).toMatchObject({ actor: 'alice', action: 'model.transition', subject: ids.a2 });
  });

  test('pause and retire with --actor; a retired model cannot come back (exit 1, clear message)', () => {
    expect(sextant(['models', 'pause', ids.a1, '--reason', 'x', '--db', db]).status).toBe(1);
    expect(sextantJson<{ to: string; actor: string }>(['models', 'retire', ids.a1, '--reason', 'superseded by v2', '--actor', 'bob', '--db', db]).json).toMatchObject({ to: 'retired', actor: 'bob' });
    const r = sextantJson<ErrorJson>(['models', 'promote', ids.a1, '--reason', 'second thoughts', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.json.error.code).toBe('MODEL_TRANSITION_INVALID');
    expect(r.stderr).toContain(`error MODEL_TRANSITION_INVALID: model ${ids.a1} (goog-logit v1) cannot go from retired to active: retired is final`);
    const text = sextant(['models', 'promote', ids.a1, '--reason', 'again', '--db', db]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
  });

  test('bad input: unknown id, missing or empty reason, unknown state', () => {
    const cases: [string[], string, number][] = [
      [['models', 'show', 'ffffffffffffffff'], 'MODEL_NOT_FOUND', 1],
      [['models', 'why', 'nope'], 'MODEL_NOT_FOUND', 1],
      [['models', 'promote', 'ffffffffffffffff', '--reason', 'r'], 'MODEL_NOT_FOUND', 1],
      [['models', 'promote', ids.b1], 'USAGE', 2],
      [['models', 'promote', ids.b1, '--reason', '  '], 'MODEL_REASON_REQUIRED', 2],
      [['models', 'list', '--state', 'deployed'], 'OPTION_INVALID', 2],
    ];
    for (const [args, code, exit] of cases) {
      const r = sextantJson<ErrorJson>([...args, '--db', db]);
      expect(r.status, args.join(' ')).toBe(exit);
      expect(r.json.error.code, args.join(' ')).toBe(code);
    }
    expect(sextant(['models', 'why', 'nope', '--db', db]).stderr).toContain("error MODEL_NOT_FOUND: no registered model 'nope': see 'sextant models list'");
    expect(sextantJson<ModelJson>(['models', 'show', ids.b1, '--db', db]).json.state).toBe('candidate');
  });
});
