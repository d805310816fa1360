import { concatFloat64 } from '../core/float-arrays.js';
import { bandSeries } from '../backtest/random-band.js';
import { type Comparison, compareWithBaselines, metricsOf, runBenchmark } from '../backtest/baselines.js';
import { contentId } from '../backtest/content-id.js';
import type { BacktestConfig, BacktestConfigInput } from '../backtest/config.js';
import { type DecisionSummary, mergeOutcomes, summariseDecisions } from '../backtest/decisions.js';
import { type Metrics, computeMetrics } from '../backtest/metrics/index.js';
import { parseBacktestConfig } from '../backtest/run-backtest.js';
import { simulate } from '../backtest/simulate.js';
import { TrialContextCache } from '../backtest/sweep/trial.js';
import { type Fold, foldsFor } from '../backtest/walkforward/folds.js';
import { type ProgressFn, noProgress } from '../core/progress.js';
import type { TradeRecord } from '../engine/trade.js';
import { lineage } from '../features/feature-set.js';
import { subset } from '../models/dataset/dataset.js';
import { deployModel } from '../models/deploy.js';
import { type ExperimentConfig, dataRange } from '../models/experiment/config.js';
import { outcomeArtifact, runExperiment } from '../models/experiment/run-experiment.js';
import type { MetricRecord } from '../models/validation/metrics.js';
import type { BaselineSummary } from '../report/report-input.js';
import { mlSignal } from '../strategy/builtins/ml-signal.js';
import type { StrategyParams } from '../strategy/strategy.js';
import type { RunRecord, Store } from '../store/store.js';
import { loadExperimentDataset } from './load-dataset.js';

export interface MlWalkForwardInput {
  experiment: ExperimentConfig;
  /** Costs, sizing and cash as for a backtest; symbols and interval come from the experiment. */
  run: Omit<BacktestConfigInput, 'strategy' | 'symbols' | 'interval'>;
  /** ml-signal parameters other than the model (threshold, max_entropy, short, …). */
  params: StrategyParams;
  isBars?: number | null;
  oosBars?: number | null;
  anchored?: boolean;
}

export interface MlFoldResult {
  fold: number;
  bars: Fold;
  /** Dataset rows the fold's model learnt from: labels settled inside the in-sample window. */
  trainRows: number;
  /** Pooled out-of-fold metrics of the experiment's own validation inside the in-sample window. */
  validation: MetricRecord;
  startCash: number;
  oosMetrics: Metrics;
  signals: number;
  abstentions: number;
}

export interface MlWalkForwardRun {
  runId: string;
  config: BacktestConfig & { experiment: string; isBars: number; oosBars: number; anchored: boolean };
  folds: MlFoldResult[];
  metrics: Metrics;
  baselines: BaselineSummary[];
  comparison: Comparison;
  decisions: DecisionSummary;
  times: Float64Array;
  equity: Float64Array;
  trades: TradeRecord[];
  record: RunRecord;
}


/**
 * `walkforward --strategy ml-signal --config FILE`: for each fold the experiment is run on the
 * in-sample window alone — its own purged validation, search and calibration included — on rows
 * whose labels settle inside that window, so nothing after the window's last bar is learnt; the
 * model then trades the out-of-sample window through ml-signal. The out-of-sample runs, stitched,
 * are compared with the baselines over the same span.
 */
export async function runMlWalkForward(store: Store, input: MlWalkForwardInput, progress: ProgressFn = noProgress): Promise<MlWalkForwardRun> {
  const startedAt = Date.now();
  const exp = input.experiment;
  const range = dataRange(exp);
  const params = { ...input.params, model: 'fold' };
  const cfg = parseBacktestConfig({ from: range.from, to: range.to, ...input.run, strategy: mlSignal.name, symbols: exp.data.symbols, interval: exp.data.interval, params });
  const loaded = await loadExperimentDataset(store, exp, { from: cfg.from, to: cfg.to }, progress);
  const cache = new TrialContextCache(store);
  const whole = await cache.get(cfg);
  const ppy = whole.periodsPerYear;
  const times = whole.data.bars[0].time;
  const { folds, isBars, oosBars, anchored } = foldsFor(times.length, ppy, input);
  const after = (bar: number) => (bar === 0 ? cfg.from : times[bar - 1] + 1);
  const ds = loaded.ds;

  const results: MlFoldResult[] = [];
  const oos: { times: Float64Array; equity: Float64Array; exposure: Float64Array; trades: TradeRecord[]; notional: number; fees: number; fills: number; decisions: DecisionSummary }[] = [];
  let cash = cfg.cash;
  for (const [k, f] of folds.entries()) {
    progress('walkforward', k, folds.length);
    const first = times[f.isStart];
    const last = times[f.isEnd - 1];
    const rows = Int32Array.from(ds.time.keys()).filter((r) => ds.time[r] >= first && ds.labelEnd[r] <= last);
    const outcome = await runExperiment(subset(ds, rows), exp);
    const artifact = outcomeArtifact(outcome, ds, lineage(loaded.set).features, exp.data.interval);
    const oosCfg: BacktestConfig = { ...cfg, from: after(f.isEnd), to: times[f.oosEnd - 1], cash };
    const ctx = await cache.get(oosCfg);
    const r = simulate({ def: mlSignal, params: cfg.params, cfg: oosCfg, data: ctx.data, features: ctx.features, periodsPerYear: ppy, deps: { models: new Map([['fold', deployModel(`fold-${k + 1}`, artifact)]]) } });
    results.push({
      fold: k + 1,
      bars: f,
      trainRows: rows.length,
      validation: outcome.cv.summary.pooled,
      startCash: cash,
      oosMetrics: metricsOf(r, oosCfg, ppy, ctx.benchmark),
      signals: r.counters.signals,
      abstentions: r.counters.abstentions,
    });
    oos.push({ times: r.times, equity: r.equity, exposure: r.exposure, trades: r.trades, notional: r.ledger.tradedNotional, fees: r.ledger.fees, fills: r.counters.fills, decisions: summariseDecisions(r.decisions, ctx.data.bars, ctx.data.symbols) });
    cash = r.equity[r.equity.length - 1];
  }
  progress('walkforward', folds.length, folds.length);

  const stitched = { times: concatFloat64(oos.map((o) => o.times)), equity: concatFloat64(oos.map((o) => o.equity)), exposure: concatFloat64(oos.map((o) => o.exposure)) };
  const trades = oos.flatMap((o) => o.trades);
  const spanCfg: BacktestConfig = { ...cfg, from: after(folds[0].isEnd), to: times[times.length - 1] };
  const span = await cache.get(spanCfg);
  const bench = runBenchmark(spanCfg, span.data, span.features, ppy);
  const metrics = computeMetrics({
    ...stitched,
    trades,
    periodsPerYear: ppy,
    initialCash: cfg.cash,
    benchmark: bench.equity,
    tradedNotional: oos.reduce((a, o) => a + o.notional, 0),
    totalFees: oos.reduce((a, o) => a + o.fees, 0),
  });
  const fills = oos.reduce((a, o) => a + o.fills, 0);
  const { baselines, comparison, randomSharpes, randomBand } = compareWithBaselines({ metrics, result: { times: stitched.times, counters: { fills } } }, bench, spanCfg, span.data, span.features, ppy, progress);
  const decisions = { acted: mergeOutcomes(oos.map((o) => o.decisions.acted)), abstained: mergeOutcomes(oos.map((o) => o.decisions.abstained)) };

  const config = { ...cfg, experiment: exp.name, isBars, oosBars, anchored };
  const { id, code, configHash } = contentId('walkforward', { ...config, experimentConfig: exp }, `${whole.data.dataHash}:${loaded.dataHash}`);
  const record: RunRecord = {
    id,
    kind: 'walkforward',
    strategy: mlSignal.name,
    config: { ...config, experimentConfig: exp } as unknown as Record<string, unknown>,
    configHash,
    dataHash: whole.data.dataHash,
    featureSetHash: loaded.set.hash,
    codeVersion: code,
    seed: cfg.seed,
    metrics,
    summary: { experiment: exp.name, folds: results.map((f) => ({ ...f, oosMetrics: undefined, oos: { total_return_pct: f.oosMetrics.total_return_pct, sharpe: f.oosMetrics.sharpe, max_drawdown_pct: f.oosMetrics.max_drawdown_pct, num_trades: f.oosMetrics.num_trades } })), baselines, comparison, randomSharpes, decisions, periodsPerYear: ppy, features: lineage(loaded.set).features },
    trades,
    series: { times: stitched.times, equity: stitched.equity, benchmark: bench.equity, exposure: stitched.exposure, ...bandSeries(randomBand) },
    startedAt,
    finishedAt: Date.now(),
  };
  await store.saveRun(record);
  return { runId: id, config, folds: results, metrics, baselines, comparison, decisions, times: stitched.times, equity: stitched.equity, trades, record };
}
