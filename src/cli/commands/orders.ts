import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import type { OrderRequest, OrderType, TimeInForce } from '../../strategy/strategy.js';
import { bookOf, isRunning, sessionNames, sessionOf, waitForOrder } from '../../trading/session/commands.js';
import { listOrders } from '../../trading/ops/trading-views.js';
import { cancelOrder, checkOrderRequest, submitOrder } from '../../trading/ops/order-ops.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';
import { orderJson } from '../../trading/ops/order-json.js';

interface SubmitOptions extends CommonOptions {
  session: string;
  symbol: string;
  side: string;
  qty: string;
  type: string;
  limitPrice?: string;
  stopPrice?: string;
  stopLoss?: string;
  takeProfit?: string;
  tif: string;
  clientOrderId?: string;
  wait: string;
  actor?: string;
}

function positive(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new SextantError('OPTION_INVALID', `${field} '${text}': expected a positive number`, { field, value: text });
  return v;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], field: string): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new SextantError('OPTION_INVALID', `${field} '${text}': expected one of ${allowed.join(', ')}`, { field, value: text });
}

/** The order a person asked for, checked field by field before anything is written. */
function requestOf(o: SubmitOptions): OrderRequest {
  return checkOrderRequest(
    {
      symbol: o.symbol,
      side: oneOf(o.side, ['buy', 'sell'] as const, '--side'),
      qty: positive(o.qty, '--qty')!,
      type: oneOf<OrderType>(o.type, ['market', 'limit', 'stop', 'stop-limit'], '--type'),
      tif: oneOf<TimeInForce>(o.tif, ['day', 'gtc', 'ioc', 'fok'], '--tif'),
      limit: positive(o.limitPrice, '--limit-price'),
      stop: positive(o.stopPrice, '--stop-price'),
      stopLoss: positive(o.stopLoss, '--stop-loss'),
      takeProfit: positive(o.takeProfit, '--take-profit'),
    },
    { limit: '--limit-price', stop: '--stop-price' },
  );
}

export function ordersCommand(): Command {
  const cmd = new Command('orders').description('orders of paper and live sessions: submit by hand, list, cancel');

  cmd.addCommand(
    withCommonOptions(
      new Command('submit')
        .description('send an order into a running session; it passes the same risk checks as a strategy order; prints it with its final state (and the reason code when denied)')
        .requiredOption('--session <name>', 'the session to trade in')
        .requiredOption('--symbol <sym>', 'symbol (one the session trades)')
        .requiredOption('--side <side>', 'buy or sell')
        .requiredOption('--qty <units>', 'quantity in units')
        .option('--type <type>', 'market | limit | stop | stop-limit', 'market')
        .option('--limit-price <p>', 'limit price (limit, stop-limit)')
        .option('--stop-price <p>', 'trigger price (stop, stop-limit)')
        .option('--stop-loss <p>', 'protective stop placed when it fills; also what the per-order risk limit measures')
        .option('--take-profit <p>', 'take-profit limit placed when it fills')
        .option('--tif <tif>', 'time in force: day | gtc | ioc | fok', 'gtc')
        .option('--client-order-id <id>', 'your id for it: submitting the same id again does not create a second order')
        .option('--wait <seconds>', 'how long to wait for a final state', '10')
        .option('--actor <name>', 'who sends it (default: $SEXTANT_ACTOR or the OS user)'),
    ).action(async (o: SubmitOptions) => {
      await runWith(o, async (ctx) => {
        const trading = ctx.openStore().trading();
        const session = sessionOf(trading, o.session);
        const { id, duplicate } = await submitOrder(ctx.openStore(), session.name, requestOf(o), o.actor ?? defaultActor(), o.clientOrderId);
        const order = await waitForOrder(trading, session.name, id, Number(o.wait) || 0);
        const queued = order === null;
        if (ctx.json) return printJson(order ? { ...orderJson(order, session.name), duplicate } : { session: session.name, client_order_id: id, state: 'queued', duplicate, running: isRunning(session) });
        if (queued) return printLine(`order ${id} is queued: ${isRunning(session) ? 'the session has not taken it yet' : `session ${session.name} is not running; it takes the order when it resumes`}`);
        printLine(`order ${id}${duplicate ? ' (already submitted earlier)' : ''}: ${order.state}${order.code ? ` ${order.code}` : ''}${order.reason ? ` — ${order.reason}` : ''}`);
        if (order.filledQty > 0) printLine(`filled ${order.filledQty} @ ${order.avgFillPrice}`);
      });
    }),
  );

  cmd.addCommand(
    withCommonOptions(
      new Command('list')
        .description('orders of a session (or of every session), newest first')
        .option('--session <name>', 'only this session')
        .option('--state <state>', 'only orders in this state (e.g. denied, pending-approval, filled), or "open" for those that can still fill')
        .option('--limit <n>', 'at most this many', '50'),
    ).action(async (o: CommonOptions & { session?: string; state?: string; limit: string }) => {
      await runWith(o, async (ctx) => {
        const trading = ctx.openStore().trading();
        const shown = listOrders(sessionNames(trading, o.session).map((name) => ({ session: name, book: bookOf(trading, name) })), o.state, Number(o.limit) || 50);
        if (ctx.json) return printJson(shown.map(({ session, order }) => orderJson(order, session)));
        printLine(formatTable(['session', 'order', 'state', 'symbol', 'side', 'qty', 'filled', 'avg price', 'code'], shown.map(({ session, order: r }) => [session, r.clientOrderId, r.state, r.symbol, r.side, r.qty, r.filledQty, r.filledQty > 0 ? Number(r.avgFillPrice.toFixed(4)) : null, r.code])));
      });
    }),
  );

  cmd.addCommand(
    withCommonOptions(
      new Command('cancel')
        .description('cancel a working order (or one waiting for approval)')
        .argument('<client-order-id>', 'the order')
        .option('--session <name>', 'its session (default: searched)')
        .option('--reason <text>', 'why')
        .option('--wait <seconds>', 'how long to wait for the session to apply it', '10')
        .option('--actor <name>', 'who cancels it'),
    ).action(async (id: string, o: CommonOptions & { session?: string; reason?: string; wait: string; actor?: string }) => {
      await runWith(o, async (ctx) => {
        const store = ctx.openStore();
        const trading = store.trading();
        const { session, order } = await cancelOrder(store, id, o.actor ?? defaultActor(), o.reason ?? null, o.session);
        const after = await waitForOrder(trading, session, id, Number(o.wait) || 0, (x) => x.state !== order.state);
        if (ctx.json) return printJson(orderJson(after ?? order, session));
        printLine(`order ${id}: ${(after ?? order).state}`);
      });
    }),
  );
  return cmd;
}
