import { z } from 'zod';
import { CONTROL_STATES, changeRiskLimits, controlsJson, setKillSwitch, setTradingState } from '../../trading/ops/controls-ops.js';
import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import { reasonField } from './schemas.js';

const tags = ['controls'];
const limitValue = z.union([z.number(), z.boolean(), z.null(), z.string().max(40)]);

/** The trading state, kill switch and risk limits every session obeys; changes need an admin key and are audit-logged. */
export function controlRoutes(app: ApiApp, { store, books }: ApiContext): void {
  const trading = store.trading();
  // The event goes out from the one place that sees every change, the CLI's included.
  const changed = (c: Parameters<typeof controlsJson>[0]) => {
    books.refresh();
    return controlsJson(c);
  };

  app.get('/controls', { schema: { tags, summary: 'Trading state, kill switch and risk limits' } }, async () => controlsJson(trading.controls()));

  app.put('/controls/state', { config: { access: 'admin' }, schema: { tags, summary: 'ACTIVE, REDUCING (only exposure-reducing orders) or HALTED (nothing new, open orders cancelled)', body: z.object({ state: z.enum(CONTROL_STATES), reason: reasonField }) } }, async (req) =>
    changed(setTradingState(trading, req.body.state, actorOf(req), req.body.reason ?? null)),
  );

  app.put(
    '/controls/kill-switch',
    { config: { access: 'admin' }, schema: { tags, summary: 'Stop new orders and cancel open ones, for every strategy or one; flatten also closes positions', body: z.object({ on: z.boolean(), strategy: z.string().min(1).max(100).optional(), flatten: z.boolean().default(false), reason: reasonField }) } },
    async (req) => changed(setKillSwitch(trading, req.body, actorOf(req), req.body.reason ?? null)),
  );

  app.put(
    '/controls/limits',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change risk limits (dotted field → value; null turns a limit off); dry_run shows the validated change without applying it',
        body: z.object({ set: z.record(z.string().max(100), limitValue).default({}), reset: z.boolean().default(false), reason: reasonField, dry_run: z.boolean().default(false) }),
      },
    },
    async (req) => {
      const set = Object.fromEntries(Object.entries(req.body.set).map(([k, v]) => [k, String(v)]));
      const r = changeRiskLimits(trading, { set, reset: req.body.reset }, actorOf(req), req.body.reason ?? null, req.body.dry_run);
      return { controls: r.applied ? changed(r.controls) : controlsJson(r.controls), changes: r.changes, applied: r.applied };
    },
  );
}
