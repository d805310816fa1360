import { SextantError } from '../core/errors.js';
import { bandSeries } from './random-band.js';
import { type ProgressFn, noProgress } from '../core/progress.js';
import { parseInterval } from '../core/interval.js';
import type { EngineResult } from '../engine/engine.js';
import type { TradeRecord } from '../engine/trade.js';
import { buildFeatureSet } from '../features/feature-set.js';
import type { BaselineSummary } from '../report/report-input.js';
import { getStrategy, validateParams } from '../strategy/registry.js';
import type { RunRecord, Store } from '../store/store.js';
import { type Comparison, compareWithBaselines, metricsOf, runBenchmark } from './baselines.js';
import { contentId } from './content-id.js';
import { type BacktestConfig, type BacktestConfigInput, BacktestConfigSchema } from './config.js';
import { FeatureSource } from './feature-source.js';
import { loadMarketData } from './load-market-data.js';
import { type Metrics, periodsPerYear } from './metrics/index.js';
import { declaredFeatures, simulate, sizingOf } from './simulate.js';
import { decisionsSummary } from './decisions.js';
import { loadStrategyDeps } from './strategy-deps.js';
import type { MarketData } from './market-data.js';
import type { StrategyDeps } from '../strategy/strategy.js';

export interface BacktestRun {
  runId: string;
  config: BacktestConfig;
  metrics: Metrics;
  trades: TradeRecord[];
  times: Float64Array;
  equity: Float64Array;
  benchmark: Float64Array;
  baselines: BaselineSummary[];
  comparison: Comparison;
  result: EngineResult;
  record: RunRecord;
}

/** Validates a config: every problem names its field. */
export function parseBacktestConfig(input: BacktestConfigInput): BacktestConfig {
  const parsed = BacktestConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'config';
    throw new SextantError('OPTION_INVALID', `backtest ${field}: ${issue.message}`, { field });
  }
  const cfg = parsed.data;
  parseInterval(cfg.interval);
  cfg.params = validateParams(getStrategy(cfg.strategy), cfg.params);
  return cfg;
}

/** What a run of the kernel needs from the store: the strategy, the bars, their features and the models the strategy names. */
export async function loadRunInputs(store: Store, cfg: BacktestConfig) {
  const def = getStrategy(cfg.strategy);
  const interval = parseInterval(cfg.interval);
  const data = await loadMarketData(store, cfg.symbols, interval, cfg.from, cfg.to);
  const ppy = periodsPerYear(interval, data.assetClass);
  const features = new FeatureSource(data, cfg.timezone);
  const deps = await loadStrategyDeps(store, def, cfg.params);
  return { def, interval, data, ppy, features, deps };
}

/**
 * Runs a backtest on stored data, measures it against the baselines and records it. The
 * result, run id included, depends only on the config, the data and the code version.
 */
export async function runBacktest(store: Store, input: BacktestConfigInput, progress: ProgressFn = noProgress): Promise<BacktestRun> {
  const startedAt = Date.now();
  const cfg = parseBacktestConfig(input);
  const { def, data, ppy, features, deps } = await loadRunInputs(store, cfg);
  const result = simulate({ def, params: cfg.params, cfg, data, features, periodsPerYear: ppy, deps });
  const run = summariseRun('backtest', cfg, data, features, deps, result, progress, startedAt);
  await store.saveRun(run.record);
  for (const id of deps.modelIds) await store.linkRunModel(run.runId, id);
  return run;
}

/**
 * Measures what a run of the kernel produced (a backtest, or a paper session over replayed
 * history) against the baselines on the same data, and builds its record. The id depends only
 * on the kind, the config, the data and the code version.
 */
export function summariseRun(kind: string, cfg: BacktestConfig, data: MarketData, features: FeatureSource, deps: StrategyDeps & { modelIds: string[] }, result: EngineResult, progress: ProgressFn, startedAt: number, identity: Record<string, unknown> = {}): BacktestRun {
  const def = getStrategy(cfg.strategy);
  const ppy = periodsPerYear(parseInterval(cfg.interval), data.assetClass);
  const bench = runBenchmark(cfg, data, features, ppy);
  const metrics = metricsOf(result, cfg, ppy, bench.equity);
  const { baselines, comparison, randomSharpes, randomBand } = compareWithBaselines({ metrics, result }, bench, cfg, data, features, ppy, progress);
  const { id, code, configHash } = contentId(kind, { ...cfg, ...identity }, data.dataHash);
  const declared = declaredFeatures(def, cfg.params, data.symbols, sizingOf(cfg), deps).filter((n) => n.length > 0);
  // Strategies that read no feature (hold-cash, buy-and-hold) have an empty feature set.
  const featureSet = declared.length > 0 ? buildFeatureSet(declared) : { features: [], hash: contentId('features', [], '').configHash };
  const record: RunRecord = {
    id,
    kind,
    strategy: cfg.strategy,
    config: cfg as unknown as Record<string, unknown>,
    configHash,
    dataHash: data.dataHash,
    featureSetHash: featureSet.hash,
    codeVersion: code,
    seed: cfg.seed,
    metrics,
    summary: { baselines, comparison, randomSharpes, counters: result.counters, openPositions: result.openPositions, unfilledAtEnd: result.unfilledAtEnd, periodsPerYear: ppy, features: featureSet.features.map((f) => ({ name: f.name, version: f.version })), ...decisionsSummary(result, data, deps.modelIds) },
    trades: result.trades,
    series: { times: result.times, equity: result.equity, benchmark: bench.equity, exposure: result.exposure, ...bandSeries(randomBand) },
    startedAt,
    finishedAt: Date.now(),
  };
  return { runId: id, config: cfg, metrics, trades: result.trades, times: result.times, equity: result.equity, benchmark: bench.equity, baselines, comparison, result, record };
}
