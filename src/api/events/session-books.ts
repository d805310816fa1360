import type { JournalEvent, TradingStore } from '../../store/trading-store.js';
import { controlsJson } from '../../trading/ops/controls-ops.js';
import { orderJson } from '../../trading/ops/order-json.js';
import { fillJson } from '../../trading/ops/trading-views.js';
import { JournalBook } from '../../trading/oms/journal-book.js';
import type { EventHub } from './event-hub.js';

/**
 * The books of every trading session, kept up to date by reading only the journal events added
 * since the last look. Sessions run in other processes and write the same store, so the API
 * learns what they did from their journals: each new event becomes a WebSocket event.
 */
export class SessionBooks {
  private readonly books = new Map<string, JournalBook>();
  /** Each session's fills as the API shows them, oldest first (the book keeps only their sums). */
  private readonly fillLists = new Map<string, ReturnType<typeof fillJson>[]>();
  private readonly cursors = new Map<string, number>();
  private controlsVersion = -1;
  /** Set after the first full read: sessions that appear later are news from their first event. */
  private primed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly trading: TradingStore,
    private readonly events: EventHub,
  ) {}

  /** The book of a session as of now. */
  book(session: string): JournalBook {
    this.refreshSession(session);
    return this.books.get(session) ?? new JournalBook();
  }

  /** The fills of a session as of now, oldest first. */
  fills(session: string): readonly ReturnType<typeof fillJson>[] {
    this.refreshSession(session);
    return this.fillLists.get(session) ?? [];
  }

  /** Reads what every session journaled since the last call and publishes it. */
  refresh(): void {
    for (const s of this.trading.listSessions()) {
      this.refreshSession(s.name);
      if (this.cursors.get(s.name) !== s.cursorTick) {
        if (this.cursors.has(s.name)) this.events.publish('bar', { session: s.name, tick: s.cursorTick, time: s.cursorTime });
        this.cursors.set(s.name, s.cursorTick);
      }
    }
    const version = this.trading.controlsVersion();
    if (version !== this.controlsVersion) {
      if (this.controlsVersion !== -1) this.events.publish('controls', controlsJson(this.trading.controls()));
      this.controlsVersion = version;
    }
    this.primed = true;
  }

  /** Polls every `ms` until stopped. */
  start(ms: number): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private refreshSession(session: string): void {
    let book = this.books.get(session);
    const fresh = book === undefined && !this.primed;
    book ??= new JournalBook();
    let fills = this.fillLists.get(session);
    if (!fills) this.fillLists.set(session, (fills = []));
    const events = this.trading.journal(session, book.lastSeq);
    for (const e of events) {
      book.apply(e);
      if (e.kind === 'fill') fills.push(fillJson(session, e, book.orders.get(e.orderId ?? '')));
      // A session's history is not news: only what arrives after the API first read it is published.
      if (!fresh) this.publish(session, book, e);
    }
    this.books.set(session, book);
  }

  private publish(session: string, book: JournalBook, e: JournalEvent): void {
    const order = e.orderId === null ? undefined : book.orders.get(e.orderId);
    switch (e.kind) {
      case 'order': {
        if (!order) return;
        const json = orderJson(order, session);
        if (order.origin === 'strategy') this.events.publish('signal', { session, order: json });
        return this.events.publish('order', { session, order: json });
      }
      case 'state': {
        if (!order) return;
        const json = orderJson(order, session);
        this.events.publish('order', { session, order: json });
        const to = (e.data as { to?: string }).to;
        if (to === 'denied' && order.decision === null) this.events.publish('denial', { session, order: json });
        if (to === 'pending-approval' || order.decision?.at === e.at) this.events.publish('approval', { session, order: json });
        return;
      }
      case 'fill':
        // The fill was just added to the session's list.
        this.events.publish('fill', this.fillLists.get(session)!.at(-1));
        // A fill moves the order too (partially filled, filled): followers of orders hear it.
        if (order) this.events.publish('order', { session, order: orderJson(order, session) });
        return;
      case 'bar': {
        const b = e.data as { symbol: string; time: number; close: number; warm?: boolean };
        if (!b.warm) this.events.publish('bar', { session, symbol: b.symbol, time: b.time, close: b.close });
        return;
      }
      default:
        return;
    }
  }
}
