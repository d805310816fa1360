import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.js';

/** Never trades: equity stays at the starting cash. */
export const holdCash: StrategyDefinition<Record<string, never>> = {
  name: 'hold-cash',
  description: 'Baseline: never trades.',
  params: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  allowShort: false,
  create: () => ({ init() {}, onBar() {} }),
};

/** Buys on the first bar (filled at the next bar like any order) and holds to the end. */
export const buyAndHold: StrategyDefinition<Record<string, never>> = {
  name: 'buy-and-hold',
  description: 'Baseline: buys on the first bar and holds.',
  params: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  allowShort: false,
  create: () => ({
    init() {},
    onBar(ctx) {
      if (ctx.barIndex === 0) ctx.signal('BUY');
    },
  }),
};

const randomParams = z.object({
  /** Chance per bar of drawing a new direction; matched to the strategy's trading rate when it is the baseline. */
  rate: z.number().gt(0).max(1).default(0.05),
});

/**
 * Baseline: on each bar, with probability `rate`, draws a new direction (long, short or flat
 * with equal chance) from the run's seeded generator. The same seed gives the same run.
 */
export const randomStrategy: StrategyDefinition<z.infer<typeof randomParams>> = {
  name: 'random',
  description: 'Baseline: random long/short/flat changes at a given rate, seeded.',
  params: randomParams,
  allowShort: true,
  create: (p) => ({
    init() {},
    onBar(ctx) {
      if (ctx.random() >= p.rate) return;
      const draw = ctx.random();
      if (draw < 1 / 3) ctx.signal('BUY');
      else if (draw < 2 / 3) ctx.signal('SELL');
      else if (ctx.position() !== 0) ctx.closePosition();
    },
  }),
};
