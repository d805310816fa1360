import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.js';

const params = z
  .object({ fast: z.number().int().min(1).default(10), slow: z.number().int().min(2).default(20) })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });

/**
 * BUY when the fast SMA crosses above the slow one (fastₜ₋₁ < slowₜ₋₁ and fastₜ > slowₜ, both
 * strict), SELL on the mirror cross; with shorting on, each cross reverses the position.
 */
export const smaCross: StrategyDefinition<z.infer<typeof params>> = {
  name: 'sma-cross',
  description: 'Fast/slow simple-moving-average crossover (strict), long/short reversal.',
  params,
  allowShort: true,
  create: (p) => {
    let fast = 0;
    let slow = 0;
    return {
      init(ctx) {
        fast = ctx.feature(`sma_${p.fast}`);
        slow = ctx.feature(`sma_${p.slow}`);
      },
      onBar(ctx) {
        const f = ctx.value(fast);
        const s = ctx.value(slow);
        const f1 = ctx.value(fast, 1);
        const s1 = ctx.value(slow, 1);
        if (f1 < s1 && f > s) ctx.signal('BUY');
        else if (f1 > s1 && f < s) ctx.signal('SELL');
      },
    };
  },
};
