import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import type { OrderRequest, OrderType, TimeInForce } from '../../strategy/strategy.js';
import { isWorking } from '../../trading/oms/order-state.js';
import { bookOf, findOrder, isRunning, sessionNames, sessionOf, submitManualOrder, waitForOrder, writeCommand } from '../../trading/session/commands.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';
import { orderJson } from './order-json.js';

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
  const type = oneOf<OrderType>(o.type, ['market', 'limit', 'stop', 'stop-limit'], '--type');
  const req: OrderRequest = {
    symbol: o.symbol,
    side: oneOf(o.side, ['buy', 'sell'] as const, '--side'),
    qty: positive(o.qty, '--qty')!,
    type,
    tif: oneOf<TimeInForce>(o.tif, ['day', 'gtc', 'ioc', 'fok'], '--tif'),
    limit: positive(o.limitPrice, '--limit-price'),
    stop: positive(o.stopPrice, '--stop-price'),
    stopLoss: positive(o.stopLoss, '--stop-loss'),
    takeProfit: positive(o.takeProfit, '--take-profit'),
  };
  if ((type === 'limit' || type === 'stop-limit') && req.limit === undefined) throw new SextantError('OPTION_INVALID', `--type ${type} needs --limit-price`, { field: '--limit-price' });
  if ((type === 'stop' || type === 'stop-limit') && req.stop === undefined) throw new SextantError('OPTION_INVALID', `--type ${type} needs --stop-price`, { field: '--stop-price' });
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as unknown as OrderRequest;
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
        const request = requestOf(o);
        const id = o.clientOrderId ?? `${o.session}-m${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
        if (!/^[A-Za-z0-9._:-]{1,64}$/.test(id)) throw new SextantError('OPTION_INVALID', `--client-order-id '${id}': expected 1–64 letters, digits or . _ : -`, { field: '--client-order-id', value: id });
        const { duplicate } = submitManualOrder(trading, session.name, id, request, o.actor ?? defaultActor());
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
        const rows = sessionNames(trading, o.session).flatMap((name) => [...bookOf(trading, name).orders.values()].map((order) => ({ session: name, order })));
        const wanted = rows.filter(({ order }) => o.state === undefined || (o.state === 'open' ? isWorking(order.state) || order.state === 'pending-approval' : order.state === o.state));
        const shown = wanted.sort((a, b) => b.order.updatedAt - a.order.updatedAt || b.order.createdTick - a.order.createdTick).slice(0, Math.max(1, Number(o.limit) || 50));
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
        const trading = ctx.openStore().trading();
        const { session, order } = findOrder(trading, id, o.session);
        if (!isWorking(order.state) && order.state !== 'pending-approval') throw new SextantError('ORDER_TRANSITION_INVALID', `order ${id} is ${order.state}: only working orders and orders waiting for approval can be cancelled`, { order: id, state: order.state });
        const actor = o.actor ?? defaultActor();
        writeCommand(trading, session, id, actor, { command: 'cancel', reason: o.reason ?? `cancelled by ${actor}` });
        const after = await waitForOrder(trading, session, id, Number(o.wait) || 0, (x) => x.state !== order.state);
        if (ctx.json) return printJson(orderJson(after ?? order, session));
        printLine(`order ${id}: ${(after ?? order).state}`);
      });
    }),
  );
  return cmd;
}
