import { z } from 'zod';
import { getStrategy, listStrategies, paramNames } from '../../strategy/registry.js';
import type { StrategyDefinition } from '../../strategy/strategy.js';
import type { ApiApp, ApiContext } from '../context.js';

const tags = ['strategies'];

/** Default parameter values, read from the schema by validating an empty object. */
function defaults(def: StrategyDefinition): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  return parsed.success ? (parsed.data as Record<string, unknown>) : {};
}

function strategyJson(def: StrategyDefinition) {
  return { name: def.name, description: def.description, params: paramNames(def) ?? [], defaults: defaults(def), params_schema: z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) };
}

/** The built-in strategies with their parameters. */
export function strategyRoutes(app: ApiApp, _ctx: ApiContext): void {
  app.get('/strategies', { schema: { tags, summary: 'Strategies, their parameters and defaults' } }, async () => listStrategies().map(strategyJson));
  app.get('/strategies/:name', { schema: { tags, summary: 'One strategy', params: z.object({ name: z.string().min(1).max(100) }) } }, async (req) => strategyJson(getStrategy(req.params.name)));
}
