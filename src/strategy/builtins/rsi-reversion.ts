import { z } from 'zod';
import type { StrategyDefinition } from '../strategy.js';

const params = z
  .object({
    n: z.number().int().min(2).default(14),
    lower: z.number().min(0).max(100).default(30),
    upper: z.number().min(0).max(100).default(70),
    exit: z.number().min(0).max(100).default(50),
  })
  .refine((p) => p.lower < p.exit && p.exit < p.upper, { message: 'need lower < exit < upper', path: ['exit'] });

/**
 * Mean reversion on Wilder's RSI: BUY when RSI crosses up through `lower` (leaving oversold),
 * SELL when it crosses down through `upper`; a long is closed when RSI reaches `exit` from below,
 * a short when it reaches it from above.
 */
export const rsiReversion: StrategyDefinition<z.infer<typeof params>> = {
  name: 'rsi-reversion',
  description: 'RSI mean reversion: enter on a cross back out of oversold/overbought, exit at the middle level.',
  params,
  allowShort: true,
  create: (p) => {
    let rsi = 0;
    return {
      init(ctx) {
        rsi = ctx.feature(`rsi_${p.n}`);
      },
      onBar(ctx) {
        const r = ctx.value(rsi);
        const r1 = ctx.value(rsi, 1);
        const pos = ctx.position();
        if (r1 < p.lower && r >= p.lower) ctx.signal('BUY');
        else if (r1 > p.upper && r <= p.upper) ctx.signal('SELL');
        else if ((pos > 0 && r >= p.exit) || (pos < 0 && r <= p.exit)) ctx.closePosition();
      },
    };
  },
};
