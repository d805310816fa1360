import { z } from 'zod';
import { BacktestConfigSchema } from '../../backtest/config.js';
import { parseBacktestConfig } from '../../backtest/run-backtest.js';
import { parseObjective } from '../../backtest/sweep/objective.js';
import { parseParamSpace } from '../../backtest/sweep/param-space.js';
import { parseInterval } from '../../core/interval.js';
import { SextantError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { getStrategy, validateParams } from '../../strategy/registry.js';

/** What `POST /jobs` accepts: a backtest, or a sweep over a parameter space (the CLI's `--param` syntax). */
export const JobInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('backtest'), config: BacktestConfigSchema }),
  z.object({
    kind: z.literal('sweep'),
    config: BacktestConfigSchema.omit({ params: true }),
    params: z.array(z.string().min(1)).min(1).describe('swept parameters: fast=5:50:5 (range), fast=5,10,20 (list) or slow=50 (fixed)'),
    search: z.enum(['grid', 'random']).default('grid'),
    trials: z.number().int().min(1).nullable().default(null),
    objective: z.string().default('sharpe'),
  }),
]);

export type JobInput = z.infer<typeof JobInputSchema>;
export type JobKind = JobInput['kind'];

/** Refuses before queueing what would only fail in the worker: an unknown strategy, bad parameters, data that is not stored. */
export async function checkJobInput(store: Store, input: JobInput): Promise<void> {
  const cfg = parseBacktestConfig(input.kind === 'backtest' ? input.config : { ...input.config, params: {} });
  const def = getStrategy(cfg.strategy);
  const interval = parseInterval(cfg.interval);
  for (const symbol of cfg.symbols) {
    if (!(await store.getSeries(symbol, interval))) throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${symbol} ${cfg.interval} (see GET /api/v1/assets)`, { field: 'config.symbols', symbol, interval: cfg.interval });
  }
  if (input.kind === 'backtest') validateParams(def, cfg.params);
  else {
    parseParamSpace(input.params);
    parseObjective(input.objective);
    if (input.search === 'random' && input.trials === null) throw new SextantError('OPTION_INVALID', 'a random search needs trials', { field: 'trials' });
  }
}
