import { z } from 'zod';
import { decideApproval } from '../../trading/ops/order-ops.js';
import { orderJson } from '../../trading/ops/order-json.js';
import { sessionNames } from '../../trading/session/commands.js';
import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import { idParams, sessionQuery } from './schemas.js';

const tags = ['approvals'];
const Decision = z.object({ session: z.string().max(128).optional(), reason: z.string().max(500).optional().describe('why (required to reject)') });

/** Orders waiting for a person, and the decisions on them. */
export function approvalRoutes(app: ApiApp, { store, books }: ApiContext): void {
  app.get('/approvals', { schema: { tags, summary: 'Orders waiting for approval with their signal, confidence, reasons, risk checks passed and expiry', querystring: sessionQuery } }, async (req) =>
    sessionNames(store.trading(), req.query.session).flatMap((name) =>
      books
        .book(name)
        .pending()
        .map((o) => orderJson(o, name)),
    ),
  );

  for (const approved of [true, false]) {
    app.post(
      `/approvals/:id/${approved ? 'approve' : 'reject'}`,
      { config: { access: 'trader' }, schema: { tags, summary: approved ? 'Approve an order: it is checked against the risk limits again and sent' : 'Reject an order (a reason is required)', params: idParams, body: Decision.default({}) } },
      async (req, reply) => {
        const { session, order } = await decideApproval(store, req.params.id, approved, actorOf(req), req.body.reason, req.body.session);
        return reply.code(202).send({ ...orderJson(order, session), decision_recorded: approved ? 'approve' : 'reject' });
      },
    );
  }
}
