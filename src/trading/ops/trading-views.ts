import { parseInterval } from '../../core/interval.js';
import type { Store } from '../../store/store.js';
import type { JournalEvent, SessionRecord } from '../../store/trading-store.js';
import type { JournalBook } from '../oms/journal-book.js';
import type { FillChange } from '../oms/journal-book.js';
import type { OmsOrder } from '../oms/oms-order.js';
import { isWorking } from '../oms/order-state.js';

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

/** The last close at or before the session's cursor: what a position is marked at. */
async function markOf(store: Store, session: SessionRecord, symbol: string, fallback: number): Promise<number> {
  const interval = (session.config as { config?: { interval?: string } }).config?.interval;
  if (!interval || session.cursorTime === null) return fallback;
  const bars = await store.loadBars(symbol, parseInterval(interval), { from: session.cursorTime - 400 * 86_400_000, to: session.cursorTime });
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

/** A journaled fill as the API and the dashboard show it. */
export function fillJson(session: string, e: JournalEvent, order: OmsOrder | undefined) {
  const f = e.data as unknown as FillChange;
  return { session, seq: e.seq, client_order_id: e.orderId, symbol: order?.symbol ?? null, side: order?.side ?? null, qty: f.qty, price: f.price, fee: f.fee, time: f.time };
}
