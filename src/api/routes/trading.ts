import { z } from 'zod';
import { isRunning, sessionNames, sessionOf, waitForOrder } from '../../trading/session/commands.js';
import { cancelOrder, checkOrderRequest, submitOrder } from '../../trading/ops/order-ops.js';
import { orderJson } from '../../trading/ops/order-json.js';
import { listOrders, positionsView, sessionJson } from '../../trading/ops/trading-views.js';
import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import { idParams, limitQuery, reasonField, sessionQuery } from './schemas.js';

const tags = ['trading'];
const price = z.number().positive().finite();

const OrderBody = z.object({
  session: z.string().min(1).max(128),
  symbol: z.string().min(1).max(64),
  side: z.enum(['buy', 'sell']),
  qty: z.number().positive().finite(),
  type: z.enum(['market', 'limit', 'stop', 'stop-limit']).default('market'),
  tif: z.enum(['day', 'gtc', 'ioc', 'fok']).default('gtc'),
  limit_price: price.optional(),
  stop_price: price.optional(),
  stop_loss: price.optional(),
  take_profit: price.optional(),
  client_order_id: z.string().min(1).max(64).optional().describe('your id: the same id again does not create a second order'),
});

/** Sessions, orders, fills, positions and the account, from the sessions' journals. */
export function tradingRoutes(app: ApiApp, { store, books }: ApiContext): void {
  const trading = store.trading();
  const sessionBooks = (session?: string) => sessionNames(trading, session).map((name) => ({ session: name, book: books.book(name) }));

  app.get('/sessions', { schema: { tags, summary: 'Paper and live sessions' } }, async () => trading.listSessions().map(sessionJson));

  app.get(
    '/orders',
    { schema: { tags, summary: 'Orders, newest first', querystring: sessionQuery.extend({ state: z.string().max(40).optional().describe('an order state, or open'), limit: limitQuery(1000, 100) }) } },
    async (req) => listOrders(sessionBooks(req.query.session), req.query.state, req.query.limit).map(({ session, order }) => orderJson(order, session)),
  );

  app.post('/orders', { config: { access: 'trader' }, schema: { tags, summary: 'Place an order in a session: it passes the same risk checks as a strategy order', body: OrderBody } }, async (req, reply) => {
    const b = req.body;
    const request = checkOrderRequest({ symbol: b.symbol, side: b.side, qty: b.qty, type: b.type, tif: b.tif, limit: b.limit_price, stop: b.stop_price, stopLoss: b.stop_loss, takeProfit: b.take_profit }, { limit: 'limit_price', stop: 'stop_price' });
    const { id, duplicate } = await submitOrder(store, b.session, request, actorOf(req), b.client_order_id);
    const order = await waitForOrder(trading, b.session, id, 2, (o) => o.state !== 'new', () => books.book(b.session));
    return reply.code(202).send(order ? { ...orderJson(order, b.session), duplicate } : { session: b.session, client_order_id: id, state: 'queued', duplicate, running: isRunning(sessionOf(trading, b.session)) });
  });

  app.post(
    '/orders/:id/cancel',
    { config: { access: 'trader' }, schema: { tags, summary: 'Cancel a working order or one waiting for approval', params: idParams, body: z.object({ session: z.string().max(128).optional(), reason: reasonField }).default({}) } },
    async (req, reply) => {
      const { session, order } = await cancelOrder(store, req.params.id, actorOf(req), req.body.reason ?? null, req.body.session);
      return reply.code(202).send(orderJson(order, session));
    },
  );

  app.get('/fills', { schema: { tags, summary: 'Fills, newest first', querystring: sessionQuery.extend({ limit: limitQuery(5000, 200) }) } }, async (req) => {
    const out = sessionNames(trading, req.query.session).flatMap((name) => books.fills(name));
    return out.sort((a, b) => b.time - a.time || b.seq - a.seq).slice(0, req.query.limit);
  });

  app.get('/positions', { schema: { tags, summary: 'Positions, cash and equity per session, marked at the last bar each saw', querystring: sessionQuery } }, async (req) => {
    const out = [];
    for (const { session, book } of sessionBooks(req.query.session)) out.push(await positionsView(store, sessionOf(trading, session), book));
    return out;
  });

  app.get('/account', { schema: { tags, summary: 'The sum over sessions: cash, equity, positions value, unrealised P&L' } }, async () => {
    const views: Awaited<ReturnType<typeof positionsView>>[] = [];
    for (const { session, book } of sessionBooks()) views.push(await positionsView(store, sessionOf(trading, session), book));
    const sum = (f: (v: (typeof views)[number]) => number) => views.reduce((a, v) => a + f(v), 0);
    return {
      sessions: views.length,
      initial_cash: sum((v) => v.initial_cash ?? 0),
      pnl: sum((v) => v.pnl ?? 0),
      cash: sum((v) => v.cash),
      equity: sum((v) => v.equity),
      positions_value: sum((v) => v.positions.reduce((a, p) => a + p.market_value, 0)),
      unrealised_pnl: sum((v) => v.positions.reduce((a, p) => a + p.unrealised_pnl, 0)),
      fees: sum((v) => v.fees),
      by_session: views.map((v) => ({ session: v.session, status: v.status, initial_cash: v.initial_cash, cash: v.cash, equity: v.equity, pnl: v.pnl, positions: v.positions.length })),
    };
  });
}
