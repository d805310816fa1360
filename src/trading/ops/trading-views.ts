import { DAY_MS, type Interval, intervalMs, parseInterval } from '../../core/interval.js';
import type { Store } from '../../store/store.js';
import type { JournalEvent, SessionRecord } from '../../store/trading-store.js';
import type { JournalBook } from '../oms/journal-book.js';
import type { FillChange } from '../oms/journal-book.js';
import type { OmsOrder } from '../oms/oms-order.js';
import { isWorking } from '../oms/order-state.js';
import { isRunning } from '../session/commands.js';

/** Read views of sessions' books, for `sextant orders list`, `positions` and the HTTP API. */

export interface SessionBook {
  session: string;
  book: JournalBook;
}

/** Orders of the books, newest first; `state` is an order state or `open` (can still fill or waits for approval). */
export function listOrders(books: readonly SessionBook[], state: string | undefined, limit: number): { session: string; order: OmsOrder }[] {
  const rows = books.flatMap(({ session, book }) => [...book.orders.values()].map((order) => ({ session, order })));
  const wanted = rows.filter(({ order }) => state === undefined || (state === 'open' ? isWorking(order.state) || order.state === 'pending-approval' : order.state === state));
  return wanted.sort((a, b) => b.order.updatedAt - a.order.updatedAt || b.order.createdTick - a.order.createdTick).slice(0, Math.max(1, limit));
}

/** How far back from a session's cursor its symbols' last bar is looked for: 20 bars, and at least a long weekend of holidays. */
const markWindow = (iv: Interval) => Math.max(20 * intervalMs(iv), 10 * DAY_MS);

/** The last close at or before the session's cursor: what a position is marked at (the last fill's price if none is near). */
async function markOf(store: Store, session: SessionRecord, symbol: string, fallback: number): Promise<number> {
  const interval = (session.config as { config?: { interval?: string } }).config?.interval;
  if (!interval || session.cursorTime === null) return fallback;
  const iv = parseInterval(interval);
  const bars = await store.loadBars(symbol, iv, { from: session.cursorTime - markWindow(iv), to: session.cursorTime });
  return bars && bars.length > 0 ? bars.close[bars.length - 1] : fallback;
}

/** Positions, cash and equity of a session as its journal tells them, marked at the last bar it saw. */
export async function positionsView(store: Store, s: SessionRecord, book: JournalBook) {
  const positions = [];
  let value = 0;
  for (const [symbol, p] of book.positions) {
    if (p.qty === 0) continue;
    const mark = await markOf(store, s, symbol, p.lastPrice);
    value += p.qty * mark;
    positions.push({ symbol, qty: p.qty, avg_price: p.avgPrice, mark, market_value: p.qty * mark, unrealised_pnl: p.qty * (mark - p.avgPrice) });
  }
  const initial = (s.config as { config?: { cash?: number } }).config?.cash ?? null;
  const equity = book.cash + value;
  return { session: s.name, status: s.status, bars_seen: s.cursorTick, as_of: s.cursorTime === null ? null : new Date(s.cursorTime).toISOString(), initial_cash: initial, cash: book.cash, equity, pnl: initial === null ? null : equity - initial, fees: book.fees, positions };
}

/** A session as the API shows it: what it trades, how, whether a process runs it and how far it got. */
export function sessionJson(s: SessionRecord) {
  const c = s.config as { config?: { strategy?: string; symbols?: string[]; interval?: string }; approval?: boolean; feed?: string; broker?: string };
  return { name: s.name, mode: s.mode, status: s.status, running: isRunning(s), strategy: c.config?.strategy ?? null, symbols: c.config?.symbols ?? [], interval: c.config?.interval ?? null, approval: c.approval === true, feed: c.feed ?? null, broker: c.broker ?? null, bars_seen: s.cursorTick, cursor_time: s.cursorTime, heartbeat_at: s.heartbeatAt === null ? null : new Date(s.heartbeatAt).toISOString(), created_at: new Date(s.createdAt).toISOString() };
}

/** A journaled fill as the API and the dashboard show it. */
export function fillJson(session: string, e: JournalEvent, order: OmsOrder | undefined) {
  const f = e.data as unknown as FillChange;
  return { session, seq: e.seq, client_order_id: e.orderId, symbol: order?.symbol ?? null, side: order?.side ?? null, qty: f.qty, price: f.price, fee: f.fee, time: f.time };
}
