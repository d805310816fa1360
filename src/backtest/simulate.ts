import { Engine, type EngineOptions, type EngineResult } from '../engine/engine.js';
import { allIn, fixedUnits, kelly, percentOfEquity, type Sizing, volatilityTarget } from '../strategy/sizing.js';
import { allowsShort, type StrategyDefinition, type StrategyDeps, type StrategyParams } from '../strategy/strategy.js';
import type { BacktestConfig } from './config.js';
import type { FeatureSource } from './feature-source.js';
import type { MarketData } from './market-data.js';
import { annualBorrow, noBorrow } from './models/borrow.js';
import { type CommissionModel, composeCommission, fixedPerFill, percentOfNotional, perShare, withMinimum } from './models/commission.js';
import { fillPriceModel } from './models/fill-price.js';
import { unlimitedLiquidity, volumeParticipation } from './models/liquidity.js';
import { composeSlippage, fixedBps, type SlippageModel, volatilityScaled } from './models/slippage.js';
import { SimulatedBroker, type SimulationModels } from './simulated-broker.js';

export function sizingOf(cfg: BacktestConfig): Sizing {
  switch (cfg.sizing) {
    case 'all-in':
      return allIn;
    case 'fixed':
      return fixedUnits(cfg.sizingValue ?? 1);
    case 'percent':
      return percentOfEquity(cfg.sizingValue ?? 0.1);
    case 'vol-target':
      return volatilityTarget(cfg.sizingValue ?? 0.15, cfg.leverage);
    case 'kelly':
      return kelly(cfg.sizingValue ?? 0.5, cfg.kellyCap);
  }
}

export function commissionOf(cfg: BacktestConfig): CommissionModel {
  const parts: CommissionModel[] = [];
  if (cfg.commission > 0) parts.push(percentOfNotional(cfg.commission));
  if (cfg.commissionPerShare > 0) parts.push(perShare(cfg.commissionPerShare));
  if (cfg.commissionFixed > 0) parts.push(fixedPerFill(cfg.commissionFixed));
  const model = composeCommission(parts);
  return cfg.commissionMin > 0 ? withMinimum(model, cfg.commissionMin) : model;
}

export function modelsOf(cfg: BacktestConfig, periodsPerYear: number): SimulationModels {
  const slippage: SlippageModel[] = [];
  if (cfg.slippageBps > 0) slippage.push(fixedBps(cfg.slippageBps));
  if (cfg.slippageRange > 0) slippage.push(volatilityScaled(cfg.slippageRange));
  return {
    fillPrice: fillPriceModel(cfg.fill),
    slippage: composeSlippage(slippage),
    commission: commissionOf(cfg),
    liquidity: cfg.participation === null ? unlimitedLiquidity : volumeParticipation(cfg.participation),
    borrow: cfg.borrowRate > 0 ? annualBorrow(cfg.borrowRate, periodsPerYear) : noBorrow,
  };
}

/** The feature names a strategy (and the sizing) will read, found by running its init against a recorder. */
export function declaredFeatures(def: StrategyDefinition, params: StrategyParams, symbols: readonly string[], sizing: Sizing, deps?: StrategyDeps): string[] {
  const names: string[] = [];
  def.create(params, deps).init({ symbols, params, feature: (name) => names.push(name) - 1 });
  if (sizing.feature) names.push(sizing.feature);
  return [...new Set(names)];
}

export interface SimulateOptions {
  def: StrategyDefinition;
  params: StrategyParams;
  cfg: BacktestConfig;
  data: MarketData;
  features: Pick<FeatureSource, 'columns'>;
  periodsPerYear: number;
  seed?: number;
  onEvent?: EngineOptions['onEvent'];
  /** Models the strategy uses, loaded beforehand. */
  deps?: StrategyDeps;
}

/** One pass of the kernel over the data: no I/O, deterministic for a seed. */
export function simulate(o: SimulateOptions): EngineResult {
  return createEngine(o).run();
}

/** The kernel set up for the data with the simulated broker (a backtest runs it at once; a paper session steps it as bars arrive). */
export function createEngine(o: SimulateOptions): Engine {
  const { def, params, cfg, data } = o;
  const sizing = sizingOf(cfg);
  return new Engine({
    symbols: data.symbols,
    bars: data.bars,
    features: (name) => o.features.columns(name),
    strategy: def.create(params, o.deps),
    params,
    allowShort: allowsShort(def, params),
    broker: new SimulatedBroker(data.bars, data.lotSizes, modelsOf(cfg, o.periodsPerYear)),
    sizing,
    initialCash: cfg.cash,
    lotSizes: data.lotSizes,
    latencyBars: cfg.latencyBars,
    maxLeverage: cfg.leverage,
    seed: o.seed ?? cfg.seed,
    closeAtEnd: cfg.closeAtEnd,
    onEvent: o.onEvent,
  });
}
