import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { listStrategies } from '../../strategy/registry.js';
import { APPROVAL_MODES, listStrategySettings, setStrategyApproval, setStrategyEnabled, setStrategyParams, strategyJson } from '../../trading/ops/strategy-ops.js';
import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import { reasonField } from './schemas.js';

const tags = ['strategies'];
const nameParams = z.object({ name: z.string().min(1).max(100) });

/** The built-in strategies with their settings: on or off, approval mode, launch parameters. */
export function strategyRoutes(app: ApiApp, { store, books }: ApiContext): void {
  const trading = store.trading();
  const known = (name: string) => {
    const def = listStrategies().find((d) => d.name === name);
    if (!def) throw new SextantError('STRATEGY_NOT_FOUND', `no strategy '${name}' (see GET /api/v1/strategies)`, { name });
    return def;
  };
  const changed = <T>(result: T) => {
    books.refresh();
    return result;
  };
  app.get('/strategies', { schema: { tags, summary: 'Strategies, their parameters, defaults and settings' } }, async () => listStrategySettings(trading));
  app.get('/strategies/:name', { schema: { tags, summary: 'One strategy', params: nameParams } }, async (req) => strategyJson(known(req.params.name), trading.controls(), trading.strategyParams()));
  app.put('/strategies/:name/enabled', { config: { access: 'trader' }, schema: { tags, summary: 'Switch a strategy on or off: off, its sessions place no new orders (working orders stay)', params: nameParams, body: z.object({ enabled: z.boolean(), reason: reasonField }) } }, async (req) =>
    changed(setStrategyEnabled(trading, known(req.params.name).name, req.body.enabled, actorOf(req), req.body.reason ?? null)),
  );
  app.put(
    '/strategies/:name/params',
    { config: { access: 'trader' }, schema: { tags, summary: 'The parameters the strategy is launched with from the dashboard (validated against its schema)', params: nameParams, body: z.object({ params: z.record(z.string().max(100), z.union([z.number(), z.string().max(200), z.boolean()])), reason: reasonField }) } },
    async (req) => setStrategyParams(trading, known(req.params.name).name, req.body.params, actorOf(req), req.body.reason ?? null),
  );
  app.put('/strategies/:name/approval', { config: { access: 'admin' }, schema: { tags, summary: 'required: every order of the strategy waits for a person; session: as each session was started', params: nameParams, body: z.object({ mode: z.enum(APPROVAL_MODES), reason: reasonField }) } }, async (req) =>
    changed(setStrategyApproval(trading, known(req.params.name).name, req.body.mode, actorOf(req), req.body.reason ?? null)),
  );
}
