import { availableParallelism } from 'node:os';
import { SextantError } from '../../core/errors.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import { buildFeatureSet, featureSetHash } from '../../features/feature-set.js';
import { getStrategy } from '../../strategy/registry.js';
import type { StrategyDefinition, StrategyParams } from '../../strategy/strategy.js';
import { contentId } from '../content-id.js';
import type { RunRecord, Store } from '../../store/store.js';
import type { BacktestConfig, BacktestConfigInput } from '../config.js';
import type { Metrics } from '../metrics/index.js';
import { parseBacktestConfig } from '../run-backtest.js';
import { declaredFeatures, sizingOf } from '../simulate.js';
import { selectCombinations } from './combinations.js';
import { type Objective, parseObjective, rankByObjective } from './objective.js';
import { type OverfittingStats, overfittingStats } from './overfit-report.js';
import type { ParamAxis } from './param-space.js';
import { workerPool } from './pool.js';
import { type TrialRunner, inProcessRunner } from './runner.js';
import { TrialContextCache, type TrialResult, simulateTrial } from './trial.js';

/** Most cells of the T×N returns matrix a sweep keeps (8 bytes each: 400 MB). */
const MAX_MATRIX_CELLS = 50_000_000;

export interface SweepInput {
  /** The run options, as for `backtest`; their `params` are ignored (the space gives them). */
  run: BacktestConfigInput;
  space: ParamAxis[];
  search: 'grid' | 'random';
  /** Random search: how many valid combinations to draw. */
  trials?: number | null;
  objective?: string;
}

export interface SweepOptions {
  /** Worker threads; 1 runs every trial in this thread. Default: every core. */
  workers?: number;
  progress?: ProgressFn;
}

/** What a sweep is, as recorded: the run config (without params) plus the space, search and objective. */
export type SweepConfig = Omit<BacktestConfig, 'params'> & { space: ParamAxis[]; search: 'grid' | 'random'; trials: number | null; objective: Objective };

/** One row of the trials table (JSON, the store and the printed top K). */
export interface TrialRow {
  params: StrategyParams;
  objective: number;
  sharpe: number;
  total_return_pct: number;
  max_drawdown_pct: number;
  num_trades: number;
}

/** The trials of one window and the best of them. */
export interface SweepOutcome {
  /** In trial order. */
  trials: TrialResult[];
  /** Trial indices, best first. */
  ranking: number[];
  best: TrialResult;
  overfitting: OverfittingStats;
}

export interface SweepRun {
  runId: string;
  config: SweepConfig;
  outcome: SweepOutcome;
  skipped: number;
  notes: string[];
  workers: number;
  record: RunRecord;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** `workers` lanes: this thread alone for one, else this thread and `workers − 1` worker threads. */
export function openRunner(store: Store, cache: TrialContextCache, workers: number, trials: number): TrialRunner {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new SextantError('OPTION_INVALID', `--workers must be a whole number ≥ 1, got ${workers}`, { field: '--workers', value: workers });
  const n = Math.min(workers, trials);
  return n === 1 ? inProcessRunner(cache) : workerPool(store.location, n - 1, cache);
}

/** Refuses a sweep whose returns matrix would not fit comfortably in memory. */
export function checkMatrixSize(trials: number, points: number): void {
  if (trials * points > MAX_MATRIX_CELLS) {
    throw new SextantError('OPTION_INVALID', `--param: ${trials} trials × ${points} points is more than the ${MAX_MATRIX_CELLS} returns a sweep keeps; use fewer combinations (--search random --trials N) or a shorter range`, { field: '--param', trials, points });
  }
}

/** Runs the trials on the window `cfg` describes and selects the best by the objective. */
export async function sweepWindow(runner: TrialRunner, cfg: BacktestConfig, params: readonly StrategyParams[], objective: Objective, progress: ProgressFn, periodsPerYear: number): Promise<SweepOutcome> {
  const trials = await runner.run(
    cfg,
    params.map((p, index) => ({ index, params: p })),
    progress,
  );
  const ranking = rankByObjective(trials.map((t) => t.metrics[objective]));
  return { trials, ranking, best: trials[ranking[0]], overfitting: overfittingStats(trials, ranking[0], periodsPerYear) };
}

export function trialRows(outcome: SweepOutcome, objective: Objective): TrialRow[] {
  return outcome.ranking.map((i) => {
    const m: Metrics = outcome.trials[i].metrics;
    return { params: outcome.trials[i].params, objective: m[objective], sharpe: m.sharpe, total_return_pct: m.total_return_pct, max_drawdown_pct: m.max_drawdown_pct, num_trades: m.num_trades };
  });
}

/** The features any trial reads, for the record's lineage (none for a strategy that reads none). */
export function sweptFeatures(def: StrategyDefinition, params: readonly StrategyParams[], cfg: BacktestConfig): { hash: string; features: { name: string; version: number }[] } {
  const names = new Set<string>();
  for (const p of params) for (const n of declaredFeatures(def, p, cfg.symbols, sizingOf(cfg))) if (n.length > 0) names.add(n);
  if (names.size === 0) return { hash: featureSetHash([]), features: [] };
  const set = buildFeatureSet([...names].sort());
  return { hash: set.hash, features: set.features.map((f) => ({ name: f.name, version: f.version })) };
}


/**
 * A parameter sweep: every valid combination of the space (grid) or a seeded random draw of
 * them, run over the same stored data, ranked by the objective, with the deflated Sharpe ratio
 * and PBO of the selection, recorded in the store as one run of kind 'sweep'. Results do not
 * depend on the number of workers.
 */
export async function runSweep(store: Store, input: SweepInput, opts: SweepOptions = {}): Promise<SweepRun> {
  const startedAt = Date.now();
  const def = getStrategy(input.run.strategy);
  const objective = parseObjective(input.objective ?? 'sharpe');
  // the swept parameters replace these; defaults only stand in for parameters not swept
  const cfg = parseBacktestConfig({ ...input.run, params: {} });
  const search = input.search === 'random' ? { kind: 'random' as const, trials: input.trials ?? NaN, seed: cfg.seed } : { kind: 'grid' as const };
  const combos = selectCombinations(def, input.space, search);

  const cache = new TrialContextCache(store);
  const ctx = await cache.get(cfg);
  checkMatrixSize(combos.params.length, ctx.benchmark.length);
  const workers = opts.workers ?? defaultWorkers();
  const runner = openRunner(store, cache, workers, combos.params.length);
  let outcome: SweepOutcome;
  try {
    outcome = await sweepWindow(runner, cfg, combos.params, objective, opts.progress ?? noProgress, ctx.periodsPerYear);
  } finally {
    await runner.close();
  }

  const { params: _defaults, ...run } = cfg;
  const config: SweepConfig = { ...run, space: input.space, search: search.kind, trials: search.kind === 'random' ? search.trials : null, objective };
  const { id, code, configHash } = contentId('sweep', config, ctx.data.dataHash);
  const best = simulateTrial(ctx, outcome.best.params);
  const features = sweptFeatures(def, combos.params, cfg);
  const notes = [...combos.notes, ...outcome.overfitting.notes];
  const record: RunRecord = {
    id,
    kind: 'sweep',
    strategy: cfg.strategy,
    config: config as unknown as Record<string, unknown>,
    configHash,
    dataHash: ctx.data.dataHash,
    featureSetHash: features.hash,
    codeVersion: code,
    seed: cfg.seed,
    metrics: outcome.best.metrics,
    summary: {
      objective,
      trials: outcome.trials.length,
      skipped: combos.skipped,
      best_params: outcome.best.params,
      overfitting: outcome.overfitting,
      results: trialRows(outcome, objective),
      notes,
      periodsPerYear: ctx.periodsPerYear,
      features: features.features,
    },
    trades: best.trades,
    series: { times: best.times, equity: best.equity, benchmark: ctx.benchmark, exposure: best.exposure },
    startedAt,
    finishedAt: Date.now(),
  };
  await store.saveRun(record);
  return { runId: id, config, outcome, skipped: combos.skipped, notes, workers: Math.min(workers, combos.params.length), record };
}
