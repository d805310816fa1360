import { concatFloat64 } from '../../core/float-arrays.js';
import { SextantError } from '../../core/errors.js';
import { contentId } from '../content-id.js';
import { type Interval, parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import type { TradeRecord } from '../../engine/trade.js';
import { getStrategy } from '../../strategy/registry.js';
import type { StrategyParams } from '../../strategy/strategy.js';
import type { RunRecord, Store } from '../../store/store.js';
import { metricsOf } from '../baselines.js';
import type { BacktestConfig, BacktestConfigInput } from '../config.js';
import { type Metrics, computeMetrics } from '../metrics/index.js';
import { parseBacktestConfig } from '../run-backtest.js';
import { selectCombinations } from '../sweep/combinations.js';
import { type Objective, parseObjective } from '../sweep/objective.js';
import type { OverfittingStats } from '../sweep/overfit-report.js';
import type { ParamAxis } from '../sweep/param-space.js';
import { checkMatrixSize, defaultWorkers, openRunner, sweepWindow, sweptFeatures } from '../sweep/sweep.js';
import { TrialContextCache, simulateTrial } from '../sweep/trial.js';
import { type Fold, foldsFor } from './folds.js';
import { type ParamStability, foldEfficiency, meanEfficiency, parameterStability } from './stability.js';

export interface WalkForwardInput {
  /** The run options, as for `backtest`; their `params` are ignored (the space gives them). */
  run: BacktestConfigInput;
  space: ParamAxis[];
  objective?: string;
  /** In-sample and out-of-sample window lengths in bars of the first symbol; default two years and half a year of bars (504 and 126 for daily equities). */
  isBars?: number | null;
  oosBars?: number | null;
  /** In-sample always starts at the first bar (default: a rolling window of isBars). */
  anchored?: boolean;
}

export interface WalkForwardOptions {
  workers?: number;
  progress?: ProgressFn;
}

export type WalkForwardConfig = Omit<BacktestConfig, 'params'> & { space: ParamAxis[]; objective: Objective; isBars: number; oosBars: number; anchored: boolean };

export interface FoldResult {
  fold: number;
  bars: Fold;
  /** The chosen parameters: the in-sample best by the objective. */
  params: StrategyParams;
  isObjective: number;
  isMetrics: Metrics;
  isOverfitting: OverfittingStats;
  /** Cash the out-of-sample run starts with: the previous fold's final equity (the configured cash for the first). */
  startCash: number;
  oosMetrics: Metrics;
  efficiency: number;
}

export interface WalkForwardRun {
  runId: string;
  config: WalkForwardConfig;
  folds: FoldResult[];
  trials: number;
  skipped: number;
  /** Metrics of the stitched out-of-sample equity curve. */
  metrics: Metrics;
  efficiency: { mean: number; folds: number };
  stability: Record<string, ParamStability>;
  times: Float64Array;
  equity: Float64Array;
  trades: TradeRecord[];
  record: RunRecord;
}


/**
 * Walk-forward analysis: for each fold, sweep the in-sample window, take the best parameters
 * by the objective and run them on the out-of-sample window that follows; the out-of-sample
 * equity curves, stitched, are the result. Windows are cut on the first symbol's bars and are
 * contiguous in time (a window starts just after the previous one's last bar), so the
 * out-of-sample windows cover the span after the first in-sample window exactly once.
 *
 * Each out-of-sample run starts flat with the previous fold's final equity as cash: positions
 * are not carried across folds, so a position still open at a fold's end is in effect closed
 * at its last close without costs (`closeAtEnd` closes it as a trade, with costs). Features
 * warm up on all earlier history, as in any run with `from`.
 */
export async function runWalkForward(store: Store, input: WalkForwardInput, opts: WalkForwardOptions = {}): Promise<WalkForwardRun> {
  const startedAt = Date.now();
  const def = getStrategy(input.run.strategy);
  const objective = parseObjective(input.objective ?? 'sharpe');
  const cfg = parseBacktestConfig({ ...input.run, params: {} });
  const combos = selectCombinations(def, input.space, { kind: 'grid' });
  const N = combos.params.length;

  const cache = new TrialContextCache(store);
  const whole = await cache.get(cfg);
  const ppy = whole.periodsPerYear;
  const times = whole.data.bars[0].time;
  const { folds, isBars, oosBars, anchored } = foldsFor(times.length, ppy, input);
  checkMatrixSize(N, folds.reduce((m, f) => Math.max(m, f.isEnd - f.isStart), 0));
  // window k starts just after the bar before it, so no bar of another symbol falls between windows
  const after = (bar: number) => (bar === 0 ? cfg.from : times[bar - 1] + 1);
  const progress = opts.progress ?? noProgress;

  const workers = opts.workers ?? defaultWorkers();
  const runner = openRunner(store, cache, workers, N);
  const results: FoldResult[] = [];
  const oos: { times: Float64Array; equity: Float64Array; exposure: Float64Array; trades: TradeRecord[]; notional: number; fees: number }[] = [];
  try {
    let cash = cfg.cash;
    for (const [k, f] of folds.entries()) {
      const isCfg: BacktestConfig = { ...cfg, from: after(f.isStart), to: times[f.isEnd - 1] };
      const sweep = await sweepWindow(runner, isCfg, combos.params, objective, (_, done) => progress('walkforward', k * N + done, folds.length * N), ppy);
      const oosCfg: BacktestConfig = { ...cfg, from: after(f.isEnd), to: times[f.oosEnd - 1], cash };
      const ctx = await cache.get(oosCfg);
      const r = simulateTrial(ctx, sweep.best.params);
      const oosMetrics = metricsOf(r, oosCfg, ppy, ctx.benchmark);
      results.push({
        fold: k + 1,
        bars: f,
        params: sweep.best.params,
        isObjective: sweep.best.metrics[objective],
        isMetrics: sweep.best.metrics,
        isOverfitting: sweep.overfitting,
        startCash: cash,
        oosMetrics,
        efficiency: foldEfficiency(sweep.best.metrics.cagr_pct, oosMetrics.cagr_pct),
      });
      oos.push({ times: r.times, equity: r.equity, exposure: r.exposure, trades: r.trades, notional: r.ledger.tradedNotional, fees: r.ledger.fees });
      cash = r.equity[r.equity.length - 1];
    }
  } finally {
    await runner.close();
  }

  const stitched = { times: concatFloat64(oos.map((o) => o.times)), equity: concatFloat64(oos.map((o) => o.equity)), exposure: concatFloat64(oos.map((o) => o.exposure)) };
  const trades = oos.flatMap((o) => o.trades);
  // buy-and-hold over the whole out-of-sample span, from the configured cash
  const span = await cache.get({ ...cfg, from: after(folds[0].isEnd), to: times[times.length - 1] });
  if (span.benchmark.length !== stitched.times.length) {
    throw new SextantError('INTERNAL', `the stitched out-of-sample curve has ${stitched.times.length} points, its span ${span.benchmark.length}`, {});
  }
  const metrics = computeMetrics({
    ...stitched,
    trades,
    periodsPerYear: ppy,
    initialCash: cfg.cash,
    benchmark: span.benchmark,
    tradedNotional: oos.reduce((a, o) => a + o.notional, 0),
    totalFees: oos.reduce((a, o) => a + o.fees, 0),
  });
  const efficiency = meanEfficiency(results.map((r) => r.efficiency));
  const stability = parameterStability(
    input.space.map((a) => a.name),
    results.map((r) => r.params),
  );

  const { params: _defaults, ...run } = cfg;
  const config: WalkForwardConfig = { ...run, space: input.space, objective, isBars, oosBars, anchored };
  const { id, code, configHash } = contentId('walkforward', config, whole.data.dataHash);
  const features = sweptFeatures(def, combos.params, cfg);
  const record: RunRecord = {
    id,
    kind: 'walkforward',
    strategy: cfg.strategy,
    config: config as unknown as Record<string, unknown>,
    configHash,
    dataHash: whole.data.dataHash,
    featureSetHash: features.hash,
    codeVersion: code,
    seed: cfg.seed,
    metrics,
    summary: { objective, trials: N, skipped: combos.skipped, folds: results.map((f) => foldSummary(f, parseInterval(cfg.interval))), efficiency, stability, periodsPerYear: ppy, features: features.features },
    trades,
    series: { times: stitched.times, equity: stitched.equity, benchmark: span.benchmark, exposure: stitched.exposure },
    startedAt,
    finishedAt: Date.now(),
  };
  await store.saveRun(record);
  return { runId: id, config, folds: results, trials: N, skipped: combos.skipped, metrics, efficiency, stability, times: stitched.times, equity: stitched.equity, trades, record };
}

/** A fold as JSON and the store show it; windows named by their first and last bars' labels. */
export function foldSummary(f: FoldResult, interval: Interval) {
  const o = f.oosMetrics;
  const label = (iso: string) => barLabel(Date.parse(iso), interval);
  return {
    fold: f.fold,
    is_start: label(f.isMetrics.start),
    is_end: label(f.isMetrics.end),
    oos_start: label(o.start),
    oos_end: label(o.end),
    is_bars: f.bars.isEnd - f.bars.isStart,
    oos_bars: f.bars.oosEnd - f.bars.isEnd,
    params: f.params,
    is_objective: f.isObjective,
    is_cagr_pct: f.isMetrics.cagr_pct,
    is_deflated_sharpe: f.isOverfitting.deflated_sharpe,
    is_pbo: f.isOverfitting.pbo,
    start_cash: f.startCash,
    oos: { final_equity: o.final_equity, total_return_pct: o.total_return_pct, cagr_pct: o.cagr_pct, sharpe: o.sharpe, max_drawdown_pct: o.max_drawdown_pct, num_trades: o.num_trades },
    efficiency: f.efficiency,
  };
}
