import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.js';

const params = z
  .object({ entry: z.number().int().min(2).default(20), exit: z.number().int().min(2).default(10) })
  .refine((p) => p.exit <= p.entry, { message: 'exit channel must not be longer than the entry channel', path: ['exit'] });

/**
 * Turtle-style breakout: BUY when the close exceeds the highest high of the previous `entry`
 * bars, SELL when it falls below their lowest low; a long exits below the lowest low of the
 * previous `exit` bars, a short above their highest high. "Previous" bars: the channel is read
 * one bar back so the current bar's own high cannot be its own breakout level.
 */
export const donchianBreakout: StrategyDefinition<z.infer<typeof params>> = {
  name: 'donchian-breakout',
  description: 'Donchian channel breakout (turtle style) with a shorter exit channel.',
  params,
  allowShort: true,
  create: (p) => {
    let upper = 0;
    let lower = 0;
    let exitUpper = 0;
    let exitLower = 0;
    return {
      init(ctx) {
        upper = ctx.feature(`donchian_upper_${p.entry}`);
        lower = ctx.feature(`donchian_lower_${p.entry}`);
        exitUpper = ctx.feature(`donchian_upper_${p.exit}`);
        exitLower = ctx.feature(`donchian_lower_${p.exit}`);
      },
      onBar(ctx) {
        const c = ctx.close();
        const pos = ctx.position();
        if (c > ctx.value(upper, 1)) ctx.signal('BUY');
        else if (c < ctx.value(lower, 1)) ctx.signal('SELL');
        else if ((pos > 0 && c < ctx.value(exitLower, 1)) || (pos < 0 && c > ctx.value(exitUpper, 1))) ctx.closePosition();
      },
    };
  },
};
