import type { BarColumns } from '../../src/core/bar-series.js';
import { DAY_MS } from '../../src/core/interval.js';
import { BacktestConfigSchema, type BacktestConfigInput } from '../../src/backtest/config.js';
import { modelsOf, sizingOf } from '../../src/backtest/simulate.js';
import { SimulatedBroker } from '../../src/backtest/simulated-broker.js';
import { Engine, type EngineResult } from '../../src/engine/engine.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { Ledger } from '../../src/engine/ledger.js';
import type { BarContext, Strategy } from '../../src/strategy/strategy.js';

/** Bars from [open, high, low, close, volume] rows, one per day from 2020-01-02 (close-stamped at midnight UTC). */
export function bars(rows: readonly (readonly number[])[], start = Date.UTC(2020, 0, 2)): BarColumns {
  const n = rows.length;
  const col = (k: number) => Float64Array.from(rows, (r) => (k === 4 ? (r[4] ?? 1000) : r[k]));
  return { time: Float64Array.from({ length: n }, (_, i) => start + (i + 1) * DAY_MS), open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), adjClose: null };
}

/** A strategy scripted per bar index: `script[i]` runs on bar i of the first symbol. */
export function scripted(script: Record<number, (ctx: BarContext) => void>, init?: Strategy['init']): Strategy {
  return {
    init: init ?? (() => {}),
    onBar(ctx) {
      if (ctx.symbolIndex === 0) script[ctx.barIndex]?.(ctx);
    },
  };
}

export interface Harness {
  result: EngineResult;
  events: EngineEvent[];
}

/** Runs the kernel with the simulated broker on hand-made bars; config fields as in BacktestConfig. */
export function runEngine(
  barList: readonly BarColumns[],
  strategy: Strategy,
  config: Partial<BacktestConfigInput> = {},
  extra: { features?: Map<string, Float64Array[]>; allowShort?: boolean; lots?: number[]; periodsPerYear?: number; listener?: (e: EngineEvent, l: Ledger) => void } = {},
): Harness {
  const symbols = barList.map((_, k) => `S${k}`);
  const cfg = BacktestConfigSchema.parse({ strategy: 'test', symbols, interval: '1d', ...config });
  const lots = extra.lots ?? barList.map(() => 1);
  const events: EngineEvent[] = [];
  const engine = new Engine({
    symbols,
    bars: barList,
    features: (name) => {
      const cols = extra.features?.get(name);
      if (!cols) throw new Error(`test feature ${name} not given`);
      return cols;
    },
    strategy,
    params: {},
    allowShort: extra.allowShort ?? true,
    broker: new SimulatedBroker(barList, lots, modelsOf(cfg, extra.periodsPerYear ?? 252)),
    sizing: sizingOf(cfg),
    initialCash: cfg.cash,
    lotSizes: lots,
    latencyBars: cfg.latencyBars,
    maxLeverage: cfg.leverage,
    seed: cfg.seed,
    closeAtEnd: cfg.closeAtEnd,
    onEvent: (e, l) => {
      events.push(e);
      extra.listener?.(e, l);
    },
  });
  return { result: engine.run(), events };
}

export const fillsOf = (h: Harness) => h.result.fills.map((f) => ({ point: f.point, qty: f.qty, price: f.price, fee: f.fee }));
