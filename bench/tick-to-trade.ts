import { join } from 'node:path';
import type { BacktestConfigInput } from '../src/backtest/config.js';
import { FeatureSource } from '../src/backtest/feature-source.js';
import { loadMarketData } from '../src/backtest/load-market-data.js';
import { parseBacktestConfig } from '../src/backtest/run-backtest.js';
import { createEngine } from '../src/backtest/simulate.js';
import { TimeZone } from '../src/core/timezone.js';
import { synthesize } from '../src/data/synth.js';
import { writeBars } from '../src/data/write-bars.js';
import { getStrategy } from '../src/strategy/registry.js';
import type { Store } from '../src/store/store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { runPaperSession } from '../src/trading/session/paper-runner.js';
import { printBench } from './measure.js';
import { modelsOf } from '../src/backtest/simulate.js';
import type { TradingBroker } from '../src/trading/broker.js';
import { PaperBroker } from '../src/trading/paper-broker.js';

const SYMBOL = 'TICK';
const TARGET_MS = 1;

/** The p-th quantile (0–1, nearest rank) of the first n values, nanoseconds → ms. */
function quantileMs(nanos: Float64Array, n: number, p: number): number {
  if (n === 0) return NaN;
  const sorted = nanos.slice(0, n).sort();
  return +(sorted[Math.min(n - 1, Math.ceil(p * n) - 1)] / 1e6).toFixed(6);
}

/**
 * Nanoseconds of each step of the plain backtest kernel (no gate: no risk, OMS or journal) over
 * the same bars and config as the paper session, timed the same way. Returns the orders placed.
 */
async function kernelSteps(store: Store, config: BacktestConfigInput, nanos: Float64Array): Promise<number> {
  const cfg = parseBacktestConfig(config);
  const data = await loadMarketData(store, cfg.symbols, '1m', cfg.from, cfg.to);
  const engine = createEngine({ def: getStrategy(cfg.strategy), params: cfg.params, cfg, data, features: new FeatureSource(data, cfg.timezone), periodsPerYear: 365 * 1440 });
  const n = data.bars[0].time.length;
  const equity = new Float64Array(n);
  const exposure = new Float64Array(n);
  // One symbol: event e is bar e and equity point e.
  for (let e = 0; e < n; e++) {
    const t0 = process.hrtime.bigint();
    engine.step(0, e, e);
    nanos[e] = Number(process.hrtime.bigint() - t0);
    engine.record(e, equity, exposure);
  }
  return engine.flow.counters.orders;
}

interface PaperTimes {
  all: Float64Array;
  /** Times of the bars that placed an order, packed at the front. */
  ordered: Float64Array;
  orderedBars: number;
  orders: number;
  filled: number;
  /** Denied orders by reason code. */
  denied: Record<string, number>;
}

async function paperSteps(store: Store, session: string, config: BacktestConfigInput, bars: number, broker?: TradingBroker): Promise<PaperTimes> {
  const t: PaperTimes = { all: new Float64Array(bars), ordered: new Float64Array(bars), orderedBars: 0, orders: 0, filled: 0, denied: {} };
  const out = await runPaperSession(store, {
    session,
    config,
    speed: 'max',
    approval: false,
    approvalTtlSec: 60,
    stop: new AbortController().signal,
    broker,
    onTick: (tick, nanos, orders) => {
      t.all[tick] = nanos;
      if (orders > 0) t.ordered[t.orderedBars++] = nanos;
    },
  });
  if (!out.finished || out.ticks !== bars) throw new Error(`paper session ${session} ran ${out.ticks} of ${bars} bars`);
  for (const o of out.book.orders.values()) {
    t.orders++;
    if (o.filledQty > 0) t.filled++;
    if (o.state === 'denied') t.denied[o.code ?? '?'] = (t.denied[o.code ?? '?'] ?? 0) + 1;
  }
  return t;
}

/**
 * Tick-to-trade: from a bar arriving to the end of its step — features, strategy, risk checks,
 * OMS and the journal write, orders handed to the paper broker — per bar over 100,000 synthetic
 * minute bars of an sma-cross that trades every few bars, against the plain kernel step on the
 * same bars. Both sides are warmed up first on the whole series, so the figures are of optimised
 * code, as in a session that has been running a while. SEXTANT_BENCH_SCALE (or a smaller
 * BENCH_ROWS) shrinks the bar count for a quick look.
 */
export async function benchTickToTrade(dir: string): Promise<void> {
  const scale = Number(process.env.SEXTANT_BENCH_SCALE ?? 1);
  const bars = Math.max(1_000, Math.round(Math.min(100_000, Number(process.env.BENCH_ROWS ?? Infinity)) * scale));
  const store = SqliteStore.open(join(dir, 'tick-to-trade.db'));
  try {
    const series = synthesize({ symbol: SYMBOL, interval: '1m', bars, seed: 11 });
    await writeBars(store, series, { assetClass: 'crypto', timezone: new TimeZone('UTC'), source: 'bench: synth' });
    // Half of equity per position, so a reversal (a whole equity of notional) stays inside the
    // default exposure, position and order-notional limits. The circuit breaker is off: an SMA
    // cross on a random walk loses five in a row often and would pause it for most of the run.
    const config: BacktestConfigInput = { strategy: 'sma-cross', params: { fast: 2, slow: 5 }, symbols: [SYMBOL], interval: '1m', cash: 100_000, commission: 0.00001, sizing: 'percent', sizingValue: 0.5, randomSeeds: 0 };
    const limits = { circuitBreaker: { consecutiveLosses: null, lossRateThreshold: null } };
    store.trading().updateControls({ limits }, 'bench', 'controls.limits', { limits });

    const base = new Float64Array(bars);
    await kernelSteps(store, config, base);
    await paperSteps(store, 'tick-to-trade-warm-up', config, bars);
    const baseOrders = await kernelSteps(store, config, base);
    const wall = performance.now();
    const paper = await paperSteps(store, 'tick-to-trade', config, bars);
    const sessionMs = performance.now() - wall;
    printBench(tickLine('tick_to_trade', 'paper session, bar arrival → end of its step', bars, paper, sessionMs, base, baseOrders));

    // The same with the orders routed to the PaperBroker behind the broker interface (the path live orders take to Alpaca).
    const cfg = parseBacktestConfig(config);
    const lot = (await store.getAsset(SYMBOL))!.lotSize;
    const paperBroker = () => new PaperBroker({ symbols: cfg.symbols, lotSizes: [lot], cash: cfg.cash, latencyBars: cfg.latencyBars, models: modelsOf(cfg, 365 * 1440) });
    await paperSteps(store, 'tick-to-trade-routed-warm-up', config, bars, paperBroker());
    const routedWall = performance.now();
    const routed = await paperSteps(store, 'tick-to-trade-routed', config, bars, paperBroker());
    printBench(tickLine('tick_to_trade_routed', 'session routed to the PaperBroker: bar arrival → broker fills applied, step done, orders at the broker', bars, routed, performance.now() - routedWall, base, baseOrders));
  } finally {
    await store.close();
  }
}

function tickLine(name: string, what: string, bars: number, paper: PaperTimes, sessionMs: number, base: Float64Array, baseOrders: number) {
  const p99 = quantileMs(paper.all, bars, 0.99);
  const orderP99 = quantileMs(paper.ordered, paper.orderedBars, 0.99);
  const baseP99 = quantileMs(base, bars, 0.99);
  return {
    benchmark: `${name}_${bars}_bars`,
    figure: p99,
    unit: `ms p99 per bar (${what})`,
    baseline: baseP99,
    baselineName: 'plain backtest kernel step (createEngine, no gate), same bars and config',
    ratio: +(p99 / baseP99).toFixed(2),
    target: 'p99 < 1 ms, over all bars and over bars that placed an order',
    pass: p99 < TARGET_MS && orderP99 < TARGET_MS,
    runs: 1,
    warmup: 1,
    p50Ms: quantileMs(paper.all, bars, 0.5),
    p99Ms: p99,
    orderBars: paper.orderedBars,
    orderP50Ms: quantileMs(paper.ordered, paper.orderedBars, 0.5),
    orderP99Ms: orderP99,
    baselineP50Ms: quantileMs(base, bars, 0.5),
    baselineP99Ms: baseP99,
    ratioP50: +(quantileMs(paper.all, bars, 0.5) / quantileMs(base, bars, 0.5)).toFixed(2),
    orders: paper.orders,
    filled: paper.filled,
    denied: paper.denied,
    baselineOrders: baseOrders,
    sessionWallMs: Math.round(sessionMs),
  };
}
