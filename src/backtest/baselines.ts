import { type ProgressFn, noProgress } from '../core/progress.js';
import type { EngineResult } from '../engine/engine.js';
import { buyAndHold, holdCash, randomStrategy } from '../strategy/builtins/baselines.js';
import { type RandomBand, RandomBandBuilder } from './random-band.js';
import type { BaselineSummary } from '../report/report-input.js';
import type { BacktestConfig } from './config.js';
import type { FeatureSource } from './feature-source.js';
import type { MarketData } from './market-data.js';
import { type Metrics, computeMetrics } from './metrics/index.js';
import { simulate } from './simulate.js';

export interface Comparison {
  /** Strategy total return minus buy-and-hold's, in percentage points. */
  excess_return_pct: number;
  /** How far the strategy fell short of the best baseline (0 when it beat them all), in percentage points. */
  regret_pct: number;
  /** Share of random-strategy seeds whose Sharpe is below the strategy's (ties count half), in percent. */
  sharpe_percentile_random: number;
  random_seeds: number;
  /** The per-bar rate at which the random baseline changes direction (matched to the strategy's fills). */
  random_rate: number;
}

export function metricsOf(r: EngineResult, cfg: BacktestConfig, periodsPerYear: number, benchmark: Float64Array | null): Metrics {
  return computeMetrics({
    times: r.times,
    equity: r.equity,
    exposure: r.exposure,
    trades: r.trades,
    periodsPerYear,
    initialCash: cfg.cash,
    benchmark,
    tradedNotional: r.ledger.tradedNotional,
    totalFees: r.ledger.fees,
  });
}

function summary(name: string, m: Metrics): BaselineSummary {
  return { name, total_return_pct: m.total_return_pct, sharpe: m.sharpe, max_drawdown_pct: m.max_drawdown_pct };
}

/** Flat equity has no Sharpe ratio; ranked against others it counts as 0 (no excess return). */
const sharpeOrZero = (s: number) => (Number.isNaN(s) ? 0 : s);

/**
 * The buy-and-hold run every strategy is measured against: the same cash and costs, all-in
 * without leverage whatever the strategy's sizing (holding the asset is the benchmark), bought at
 * the first fill the kernel allows. Its equity is the benchmark for alpha and beta.
 */
export function runBenchmark(cfg: BacktestConfig, data: MarketData, features: FeatureSource, periodsPerYear: number): EngineResult {
  const holdCfg: BacktestConfig = { ...cfg, closeAtEnd: false, sizing: 'all-in', sizingValue: null, leverage: 1 };
  return simulate({ def: buyAndHold, params: {}, cfg: holdCfg, data, features, periodsPerYear });
}

/**
 * Runs hold-cash, buy-and-hold and `cfg.randomSeeds` seeded random strategies under the same
 * costs and sizing, ranks the strategy against them, and gives the random ones' equity band.
 */
export function compareWithBaselines(
  strategy: { metrics: Metrics; result: { times: Float64Array; counters: { fills: number } } },
  benchmark: EngineResult,
  cfg: BacktestConfig,
  data: MarketData,
  features: FeatureSource,
  periodsPerYear: number,
  progress: ProgressFn = noProgress,
): { baselines: BaselineSummary[]; comparison: Comparison; randomSharpes: number[]; randomBand: RandomBand | null } {
  const base = { cfg, data, features, periodsPerYear };
  const cash = metricsOf(simulate({ ...base, def: holdCash, params: {} }), cfg, periodsPerYear, null);
  const hold = metricsOf(benchmark, cfg, periodsPerYear, null);
  const points = Math.max(1, strategy.result.times.length);
  const rate = Math.min(0.5, Math.max(1, strategy.result.counters.fills) / points);
  const randomSharpes: number[] = [];
  const randomReturns: number[] = [];
  const band = new RandomBandBuilder(strategy.result.times.length);
  for (let k = 1; k <= cfg.randomSeeds; k++) {
    progress('random baselines', k - 1, cfg.randomSeeds);
    const run = simulate({ ...base, def: randomStrategy, params: { rate }, seed: cfg.seed + k });
    band.add(run.equity);
    const m = metricsOf(run, cfg, periodsPerYear, null);
    randomSharpes.push(sharpeOrZero(m.sharpe));
    randomReturns.push(m.total_return_pct);
  }
  progress('random baselines', cfg.randomSeeds, cfg.randomSeeds);
  const own = sharpeOrZero(strategy.metrics.sharpe);
  let below = 0;
  for (const s of randomSharpes) below += s < own ? 1 : s === own ? 0.5 : 0;
  const baselines = [summary('hold-cash', cash), summary('buy-and-hold', hold)];
  if (randomReturns.length > 0) {
    const sorted = [...randomReturns].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const k = randomReturns.indexOf(median);
    baselines.push({ name: `random (median of ${randomReturns.length} seeds)`, total_return_pct: median, sharpe: randomSharpes[k], max_drawdown_pct: NaN });
  }
  const best = Math.max(...baselines.map((b) => b.total_return_pct));
  return {
    baselines,
    randomSharpes,
    randomBand: band.build(),
    comparison: {
      excess_return_pct: strategy.metrics.total_return_pct - hold.total_return_pct,
      regret_pct: Math.max(0, best - strategy.metrics.total_return_pct),
      sharpe_percentile_random: randomSharpes.length > 0 ? (below / randomSharpes.length) * 100 : NaN,
      random_seeds: randomSharpes.length,
      random_rate: rate,
    },
  };
}
