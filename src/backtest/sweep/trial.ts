import { parseInterval } from '../../core/interval.js';
import type { EngineResult } from '../../engine/engine.js';
import { getStrategy } from '../../strategy/registry.js';
import type { StrategyDefinition, StrategyParams } from '../../strategy/strategy.js';
import type { Store } from '../../store/store.js';
import { metricsOf, runBenchmark } from '../baselines.js';
import type { BacktestConfig } from '../config.js';
import { FeatureSource } from '../feature-source.js';
import { loadMarketData } from '../load-market-data.js';
import type { MarketData } from '../market-data.js';
import { type Metrics, periodsPerYear } from '../metrics/index.js';
import { simpleReturns } from '../metrics/returns.js';
import { simulate } from '../simulate.js';

/** One trial to run: its place in the sweep and its validated parameters. */
export interface TrialTask {
  index: number;
  params: StrategyParams;
}

export interface TrialResult {
  index: number;
  params: StrategyParams;
  metrics: Metrics;
  /** Per-point simple returns of the equity curve (points − 1 values), for DSR and PBO. */
  returns: Float64Array;
}

/** What every trial of one window shares: the data, one feature memo, and the buy-and-hold benchmark. */
export interface TrialContext {
  def: StrategyDefinition;
  cfg: BacktestConfig;
  data: MarketData;
  features: FeatureSource;
  periodsPerYear: number;
  benchmark: Float64Array;
}

export async function loadTrialContext(store: Store, cfg: BacktestConfig): Promise<TrialContext> {
  const interval = parseInterval(cfg.interval);
  const data = await loadMarketData(store, cfg.symbols, interval, cfg.from, cfg.to);
  const ppy = periodsPerYear(interval, data.assetClass);
  const features = new FeatureSource(data, cfg.timezone);
  const benchmark = runBenchmark(cfg, data, features, ppy).equity;
  return { def: getStrategy(cfg.strategy), cfg, data, features, periodsPerYear: ppy, benchmark };
}

/** The same kernel pass `backtest` makes for these parameters. */
export function simulateTrial(ctx: TrialContext, params: StrategyParams): EngineResult {
  return simulate({ def: ctx.def, params, cfg: { ...ctx.cfg, params }, data: ctx.data, features: ctx.features, periodsPerYear: ctx.periodsPerYear });
}

export function runTrial(ctx: TrialContext, task: TrialTask): TrialResult {
  const r = simulateTrial(ctx, task.params);
  const returns = new Float64Array(Math.max(0, r.equity.length - 1));
  simpleReturns(r.equity, returns);
  return { index: task.index, params: task.params, metrics: metricsOf(r, ctx.cfg, ctx.periodsPerYear, ctx.benchmark), returns };
}

/**
 * The context of the last window asked for, kept so the trials of a window (and the re-run of
 * its best) share data and features. A sweep or a walk-forward fold asks for one window at a time.
 */
export class TrialContextCache {
  private key = '';
  private ctx: Promise<TrialContext> | null = null;

  constructor(private readonly store: Store) {}

  get(cfg: BacktestConfig): Promise<TrialContext> {
    const key = JSON.stringify(cfg);
    if (this.ctx === null || key !== this.key) {
      this.key = key;
      this.ctx = loadTrialContext(this.store, cfg);
    }
    return this.ctx;
  }
}
