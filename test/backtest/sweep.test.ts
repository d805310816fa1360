/**
 * Sweeps on real GOOG daily bars: every trial equals a `backtest` of its parameters (the
 * independent path the CLI's backtest takes), results are identical in this thread and in
 * worker threads, the best is the argmax of the objective, the statistics are in range, and
 * the sweep is recorded as one content-addressed run.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { combinationAt, parseParamSpace } from '../../src/backtest/sweep/param-space.js';
import { workerPool } from '../../src/backtest/sweep/pool.js';
import { inProcessRunner } from '../../src/backtest/sweep/runner.js';
import { type SweepInput, runSweep } from '../../src/backtest/sweep/sweep.js';
import { TrialContextCache } from '../../src/backtest/sweep/trial.js';
import { parseBacktestConfig } from '../../src/backtest/run-backtest.js';
import { SextantError } from '../../src/core/errors.js';
import { noProgress } from '../../src/core/progress.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ingest } from '../helpers/ingest.js';
import { SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir } from '../helpers/tmp.js';


const dir = tempDir('sextant-sweep-');
let store: SqliteStore;
const run = { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d' };
const grid: SweepInput = { run, space: parseParamSpace(['fast=5,10,20', 'slow=10,20,40']), search: 'grid', objective: 'sharpe' };

beforeAll(async () => {
  store = SqliteStore.open(join(dir, 'sweep.db'));
  await ingest(store, join(SAMPLE_DATA, 'GOOG_1d.csv'), { symbol: 'GOOG' });
});
afterAll(() => store.close());

/** Simple returns of an equity curve, written out. */
const returnsOf = (equity: Float64Array) => Array.from({ length: equity.length - 1 }, (_, t) => equity[t + 1] / equity[t] - 1);

describe('sweep on GOOG 1d', () => {
  it('runs every valid combination; each trial equals a backtest of its parameters', async () => {
    const s = await runSweep(store, grid, { workers: 1 });
    // (10,10), (20,10) and (20,20) have fast ≥ slow
    expect(s.skipped).toBe(3);
    expect(s.outcome.trials.map((t) => t.params)).toEqual([
      { fast: 5, slow: 10 },
      { fast: 5, slow: 20 },
      { fast: 5, slow: 40 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 40 },
      { fast: 20, slow: 40 },
    ]);
    for (const t of s.outcome.trials) {
      const b = await runBacktest(store, { ...run, params: t.params, randomSeeds: 0 });
      expect(t.metrics).toEqual(b.metrics);
      expect(Array.from(t.returns)).toEqual(returnsOf(b.equity));
    }
    const sharpes = s.outcome.trials.map((t) => t.metrics.sharpe);
    expect(s.outcome.best.metrics.sharpe).toBe(Math.max(...sharpes));
    expect(s.outcome.ranking.map((i) => sharpes[i])).toEqual([...sharpes].sort((a, b) => b - a));
  });

  it('reports DSR and PBO in [0, 1] and records the sweep with the best trial’s metrics and curve', async () => {
    const s = await runSweep(store, grid, { workers: 1 });
    const o = s.outcome.overfitting;
    expect(o.trials).toBe(6);
    for (const p of [o.deflated_sharpe, o.probabilistic_sharpe, o.pbo, o.probability_of_loss]) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(o.expected_max_sharpe).toBeGreaterThan(0);
    expect(o.pbo_combinations).toBe(12870);

    const rec = (await store.getRun(s.runId))!;
    expect(rec.kind).toBe('sweep');
    expect(rec.config).toMatchObject({ strategy: 'sma-cross', search: 'grid', objective: 'sharpe', trials: null, space: grid.space });
    expect(rec.config).not.toHaveProperty('params');
    expect(rec.metrics).toEqual(s.outcome.best.metrics);
    const best = await runBacktest(store, { ...run, params: s.outcome.best.params, randomSeeds: 0 });
    expect(Array.from(rec.series.equity)).toEqual(Array.from(best.equity));
    expect(rec.trades).toHaveLength(best.trades.length);
    expect(rec.summary).toMatchObject({ trials: 6, skipped: 3, best_params: s.outcome.best.params });
    // content-addressed: the same sweep again has the same id
    expect((await runSweep(store, grid, { workers: 1 })).runId).toBe(s.runId);
    expect((await runSweep(store, { ...grid, objective: 'calmar' }, { workers: 1 })).runId).not.toBe(s.runId);
  });

  it('gives identical results in worker threads and in this thread', async () => {
    const one = await runSweep(store, grid, { workers: 1 });
    const two = await runSweep(store, grid, { workers: 2 });
    expect(two.outcome).toEqual(one.outcome);
    expect(two.runId).toBe(one.runId);
    expect(two.workers).toBe(2);

    // the worker-thread path on its own (no trials in this thread), for a bigger grid
    const cfg = parseBacktestConfig({ ...run });
    const space = parseParamSpace(['fast=2:12:1', 'slow=15:60:15']);
    const tasks = Array.from({ length: 44 }, (_, index) => ({ index, params: combinationAt(space, index) }));
    const threads = workerPool(store.location, 2, null);
    const seen: number[] = [];
    const inThreads = await threads.run(cfg, tasks, (_, done) => seen.push(done)).finally(() => threads.close());
    const here = await inProcessRunner(new TrialContextCache(store)).run(cfg, tasks, noProgress);
    expect(inThreads).toEqual(here);
    expect(seen.at(-1)).toBe(44);
  });

  it('passes a worker’s error on with its code', async () => {
    const empty = SqliteStore.open(join(dir, 'empty.db'));
    await empty.close();
    const threads = workerPool(join(dir, 'empty.db'), 1, null);
    const failed = threads.run(parseBacktestConfig(run), [{ index: 0, params: { fast: 5, slow: 10 } }], noProgress);
    await expect(failed).rejects.toBeInstanceOf(SextantError);
    await expect(failed).rejects.toMatchObject({ code: 'SERIES_NOT_FOUND' });
    await threads.close();
  });

  it('random search is reproducible for a seed and maximises the objective given', async () => {
    const input: SweepInput = { run: { ...run, seed: 3 }, space: parseParamSpace(['fast=2:30:1', 'slow=20:80:5']), search: 'random', trials: 8, objective: 'total_return_pct' };
    const a = await runSweep(store, input, { workers: 1 });
    const b = await runSweep(store, input, { workers: 2 });
    expect(b.outcome.trials.map((t) => t.params)).toEqual(a.outcome.trials.map((t) => t.params));
    expect(b.outcome.best).toEqual(a.outcome.best);
    const c = await runSweep(store, { ...input, run: { ...run, seed: 4 } }, { workers: 1 });
    expect(c.outcome.trials.map((t) => t.params)).not.toEqual(a.outcome.trials.map((t) => t.params));
    expect(a.outcome.trials).toHaveLength(8);
    expect(a.outcome.best.metrics.total_return_pct).toBe(Math.max(...a.outcome.trials.map((t) => t.metrics.total_return_pct)));
    expect((await store.getRun(a.runId))!.config).toMatchObject({ search: 'random', trials: 8, seed: 3 });
  });

  it('a single trial has no selection to correct: NaN statistics with a note', async () => {
    const s = await runSweep(store, { ...grid, space: parseParamSpace(['fast=10', 'slow=30']) });
    expect(s.outcome.trials).toHaveLength(1);
    expect(s.outcome.overfitting.deflated_sharpe).toBeNaN();
    expect(s.outcome.overfitting.pbo).toBeNaN();
    expect(s.notes.join(' ')).toContain('fewer than 2 trials');
  });

  it('refuses bad input before running anything', async () => {
    await expect(runSweep(store, { ...grid, objective: 'nope' })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
    await expect(runSweep(store, grid, { workers: 0 })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
    await expect(runSweep(store, { ...grid, run: { ...run, symbols: ['NOPE'] } })).rejects.toMatchObject({ code: 'SERIES_NOT_FOUND' });
  });
});
