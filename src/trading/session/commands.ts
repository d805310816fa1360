import { setTimeout as sleep } from 'node:timers/promises';
import { SextantError } from '../../core/errors.js';
import type { SessionRecord, TradingStore } from '../../store/trading-store.js';
import type { OrderRequest } from '../../strategy/strategy.js';
import { JournalBook } from '../oms/journal-book.js';
import type { OmsOrder } from '../oms/oms-order.js';
import { isTerminal } from '../oms/order-state.js';
import type { Command } from './session-inputs.js';

/** Reading sessions and writing people's commands into them: what `orders`, `positions` and `approvals` do. */

export function sessionOf(trading: TradingStore, name: string): SessionRecord {
  const s = trading.getSession(name);
  if (!s) {
    const known = trading.listSessions().map((x) => x.name);
    throw new SextantError('SESSION_NOT_FOUND', `no trading session '${name}'${known.length ? ` (sessions: ${known.join(', ')})` : ' (start one with sextant paper)'}`, { session: name });
  }
  return s;
}

export function bookOf(trading: TradingStore, session: string): JournalBook {
  return new JournalBook(trading.journal(session));
}

/** The session an order belongs to, searched across sessions when none is given. */
export function findOrder(trading: TradingStore, clientOrderId: string, session?: string): { session: string; book: JournalBook; order: OmsOrder } {
  for (const name of sessionNames(trading, session)) {
    const book = bookOf(trading, name);
    const order = book.orders.get(clientOrderId);
    if (order) return { session: name, book, order };
  }
  throw new SextantError('ORDER_NOT_FOUND', `no order '${clientOrderId}'${session ? ` in session ${session}` : ' in any session'} (see sextant orders list)`, { order: clientOrderId });
}

/** Whether a process with this id exists (signal 0 only asks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process is running the session now (its owner is alive). */
export function isRunning(s: SessionRecord): boolean {
  return s.status === 'running' && s.ownerPid !== null && isAlive(s.ownerPid);
}

/** The session named, or every session. */
export function sessionNames(trading: TradingStore, session?: string): string[] {
  return session ? [sessionOf(trading, session).name] : trading.listSessions().map((s) => s.name);
}

export function writeCommand(trading: TradingStore, session: string, orderId: string | null, actor: string, command: Command): number {
  return trading.append(session, [{ kind: 'command', tick: trading.getSession(session)?.cursorTick ?? 0, orderId, actor, data: command as unknown as Record<string, unknown> }]);
}

/**
 * Submits a manual order to a session. Idempotent by client order id: an id the session already
 * has (as an order or a command not yet applied) is not submitted again.
 */
export function submitManualOrder(trading: TradingStore, session: string, clientOrderId: string, request: OrderRequest, actor: string): { duplicate: boolean } {
  const symbols = (sessionOf(trading, session).config as { config?: { symbols?: string[] } }).config?.symbols ?? [];
  if (request.symbol === undefined || !symbols.includes(request.symbol)) {
    throw new SextantError('ORDER_INVALID', `session ${session} trades ${symbols.join(', ')}: it cannot take an order for ${request.symbol}`, { field: 'symbol', value: request.symbol, symbols });
  }
  const book = bookOf(trading, session);
  const queued = book.commands.some((c) => (c.data as { clientOrderId?: string }).clientOrderId === clientOrderId);
  if (book.orders.has(clientOrderId) || queued) return { duplicate: true };
  writeCommand(trading, session, null, actor, { command: 'order', clientOrderId, request });
  return { duplicate: false };
}

/**
 * Waits until the order reaches a state `done` accepts (by default a final one) or `seconds`
 * pass; returns the order as the journal has it then (null if the runner has not created it).
 * `book` reads the session's book: by default the whole journal again on every look; a caller
 * that keeps books up to date incrementally (the API) passes its own.
 */
export async function waitForOrder(
  trading: TradingStore,
  session: string,
  clientOrderId: string,
  seconds: number,
  done: (o: OmsOrder) => boolean = (o) => isTerminal(o.state),
  book: () => JournalBook = () => bookOf(trading, session),
): Promise<OmsOrder | null> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const order = book().orders.get(clientOrderId) ?? null;
    if ((order && done(order)) || Date.now() >= until) return order;
    await sleep(50);
  }
}
