import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { sextant, sextantJson } from '../../helpers/cli.js';
import { SAMPLE_DATA } from '../../helpers/real-bars.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir();
const db = join(dir, 'ml.db');
const config = join(process.cwd(), 'examples/experiments/goog-daily.yaml');
// fewer rounds keep the suite quick; the pipeline is the same
const fast = ['--set', 'model.num_rounds=40'];

interface TrainJson {
  experiment_id: string;
  model_id: string;
  version: number;
  task: string;
  rows: number;
  folds: { fold: number; metrics: Record<string, number>; train_rows: number; test_rows: number }[];
  metrics: { mean: Record<string, number>; std: Record<string, number>; pooled: Record<string, number> };
  calibration: { kind: string; rows: number; before: { ece: number }; after: { ece: number } } | null;
  search: { trials: unknown[]; best: Record<string, unknown> } | null;
  importance: { feature: string; mean_abs_contribution: number; gain: number; splits: number }[];
}

let trained: TrainJson;

beforeAll(() => {
  expect(sextant(['ingest', join(SAMPLE_DATA, 'GOOG_1d.csv'), '--symbol', 'GOOG', '--interval', '1d', '--db', db]).status).toBe(0);
  const r = sextantJson<TrainJson>(['train', '--config', config, ...fast, '--db', db]);
  expect(r.status).toBe(0);
  trained = r.json;
});

describe('sextant train', () => {
  test('registers an experiment with purged per-fold metrics and a calibrated candidate model', () => {
    expect(trained.experiment_id).toMatch(/^[0-9a-f]{16}$/);
    expect(trained.model_id).toMatch(/^[0-9a-f]{16}$/);
    expect(trained.task).toBe('binary');
    expect(trained.folds).toHaveLength(5);
    // every row is tested exactly once by purged k-fold, and the purge + embargo removes training rows near each block
    expect(trained.folds.reduce((n, f) => n + f.test_rows, 0)).toBe(trained.rows);
    for (const f of trained.folds) expect(f.train_rows).toBeLessThan(trained.rows - f.test_rows);
    const aucs = trained.folds.map((f) => f.metrics.auc);
    expect(trained.metrics.mean.auc).toBeCloseTo(aucs.reduce((a, b) => a + b, 0) / aucs.length, 12);
    expect(trained.calibration?.kind).toBe('platt');
    expect(trained.calibration?.rows).toBe(trained.rows);
    expect(trained.calibration!.after.ece).toBeLessThan(trained.calibration!.before.ece);
    expect(trained.importance).toHaveLength(19);
    expect(trained.importance[0].mean_abs_contribution).toBeGreaterThanOrEqual(trained.importance[18].mean_abs_contribution);
  });

  test('the same config, data and code give the same experiment and model ids; an override changes them', () => {
    const again = sextantJson<TrainJson>(['train', '--config', config, ...fast, '--db', db]).json;
    expect(again.experiment_id).toBe(trained.experiment_id);
    expect(again.model_id).toBe(trained.model_id);
    expect(again.version).toBe(trained.version);
    const other = sextantJson<TrainJson>(['train', '--config', config, ...fast, '--set', 'model.max_depth=2', '--db', db]).json;
    expect(other.model_id).not.toBe(trained.model_id);
    expect(other.version).toBe(trained.version + 1);
  });

  test('a search over the folds reports every trial and trains the best', () => {
    const r = sextantJson<TrainJson>(['train', '--config', config, ...fast, '--set', 'search={space: {model.max_depth: [1, 2, 3]}, metric: auc}', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.json.search!.trials).toHaveLength(3);
    const trials = r.json.search!.trials as { params: { max_depth: number }; score: number }[];
    const best = trials.reduce((a, b) => (b.score > a.score ? b : a));
    expect(r.json.search!.best).toEqual(best.params);
    expect(r.json.metrics.pooled.auc).toBe(best.score);
  });

  test('a bad override names its field and exits 2', () => {
    const r = sextant(['train', '--config', config, '--set', 'model.max_depth=deep', '--db', db, '--json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('CONFIG_INVALID');
    expect(r.stdout).toMatch(/max_depth/);
  });
});

describe('sextant predict', () => {
  test('--explain: bias plus contributions is the raw output, and the calibrated probability is what ml-signal sees', () => {
    const r = sextantJson<{ rows: { time: string; raw: number[]; prediction: number[]; explanation: { bias: number[]; contributions: { contribution: number }[][] } }[] }>(['predict', '--model', trained.model_id.slice(0, 8), '--symbol', 'GOOG', '--last', '3', '--explain', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.json.rows.map((x) => x.time)).toEqual(['2013-02-27', '2013-02-28', '2013-03-01']);
    for (const row of r.json.rows) {
      const sum = row.explanation.bias[0] + row.explanation.contributions[0].reduce((a, c) => a + c.contribution, 0);
      expect(sum).toBeCloseTo(row.raw[0], 9);
      expect(row.prediction[0]).toBeGreaterThan(0);
      expect(row.prediction[0]).toBeLessThan(1);
    }
  });
});

describe('ml-signal through the CLI', () => {
  test('a backtest of a registered model records reasons on trades, counts abstentions, and shows up in models why', () => {
    const bt = sextantJson<{ run_id: string; models: string[]; signals: number; abstentions: number; decisions: { acted: { count: number }; abstained: { count: number } }; trades: { reason: { feature: string }[] }[] }>(
      ['backtest', '--strategy', 'ml-signal', '--param', `model=${trained.model_id}`, '--param', 'threshold=0.53', '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5', '--db', db],
    );
    expect(bt.status).toBe(0);
    expect(bt.json.models).toEqual([trained.model_id]);
    expect(bt.json.abstentions).toBe(bt.json.decisions.abstained.count);
    expect(bt.json.signals).toBe(bt.json.decisions.acted.count + bt.json.decisions.abstained.count);
    expect(bt.json.trades.length).toBeGreaterThan(0);
    for (const t of bt.json.trades) expect(t.reason).toHaveLength(5);

    expect(sextant(['models', 'promote', trained.model_id, '--reason', 'beat the baselines in the walk-forward', '--actor', 'tester', '--db', db]).status).toBe(0);
    const why = sextantJson<{ backtests: { run_id: string }[]; transitions: { to: string; actor: string }[] }>(['models', 'why', trained.model_id, '--db', db]);
    expect(why.status).toBe(0);
    expect(why.json.backtests.map((r) => r.run_id)).toContain(bt.json.run_id);
    expect(why.json.transitions.map((t) => [t.to, t.actor])).toContainEqual(['active', 'tester']);
  });

  test('walkforward --config retrains per fold and trades each out-of-sample window against the baselines', () => {
    const r = sextantJson<{ folds: { train_rows: number; oos: { num_trades: number } }[]; metrics: Record<string, number>; baselines: { name: string }[]; decisions: { acted: { count: number } } }>(
      ['walkforward', '--strategy', 'ml-signal', '--config', config, ...fast, '--param', 'threshold=0.52', '--is', '750', '--oos', '250', '--random-seeds', '5', '--db', db],
    );
    expect(r.status).toBe(0);
    expect(r.json.folds.length).toBeGreaterThanOrEqual(5);
    // each fold learns only from labels settled inside its in-sample window of 750 bars
    for (const f of r.json.folds) expect(f.train_rows).toBeLessThanOrEqual(750);
    expect(r.json.baselines.map((b) => b.name).slice(0, 2)).toEqual(['hold-cash', 'buy-and-hold']);
    expect(r.json.decisions.acted.count).toBeGreaterThan(0);
  });
});
