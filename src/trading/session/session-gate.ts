import type { Engine } from '../../engine/engine.js';
import type { Order } from '../../engine/order.js';
import type { OrderGate } from '../../engine/order-gate.js';
import type { JournalEntry } from '../../store/trading-store.js';
import type { TradingOrderType } from '../broker.js';
import type { OrderOrigin, OrderIntent } from '../oms/oms-order.js';
import type { StateChange } from '../oms/journal-book.js';
import type { RiskConfig } from '../risk/config.js';
import { checkOrder } from '../risk/risk-engine.js';
import type { RiskDecision, RiskOrder } from '../risk/types.js';
import type { RiskView } from './risk-view.js';
import type { SessionJournal } from './session-journal.js';

/** What the runner tells the gate about the order it is about to place (manual and flatten orders). */
export interface PlacementContext {
  clientOrderId: string;
  origin: OrderOrigin;
  strategy: string;
  input?: string;
  actor: string;
}

export interface GateOptions {
  session: string;
  strategy: string;
  approvalRequired: boolean;
  /** Seconds a person has to decide on an order waiting for approval. */
  approvalTtlSec: number;
  /** Why new orders of a symbol are held back by the data-integrity check (null: nothing wrong). */
  dataHold: (symbol: number) => { code: string; message: string } | null;
  /** Orders go to a broker (a venue), which accepts them; otherwise the kernel's simulated broker does at once. */
  routed: boolean;
}

type Entry = Omit<JournalEntry, 'tick'>;

/**
 * The order path of a paper or live session, between the kernel and the book: every order gets
 * a client order id, passes the risk checks (or is denied with the reason code), waits for a
 * person when approval is required, and every step and fill is journaled before the kernel acts
 * on it. On a re-run after a restart, orders the journal already holds take their journaled fate.
 */
export class SessionGate implements OrderGate {
  /** Client id ↔ kernel order, for commands that name an order. */
  readonly byClientId = new Map<string, Order>();
  /** Orders that were held for approval, so the waiting ones are found without scanning every order (see `held`). */
  private readonly heldOrders = new Set<Order>();
  readonly clientIdOf = new Map<Order, string>();
  limits: RiskConfig;
  /** Set around applying an outside input, so the events it causes say so. */
  input: string | undefined = undefined;
  private placement: PlacementContext | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly journal: SessionJournal,
    readonly view: RiskView,
    limits: RiskConfig,
    private readonly opts: GateOptions,
  ) {
    this.limits = limits;
  }

  /** Orders waiting for a person now; those decided since are dropped on the way. */
  *held(): Generator<Order> {
    for (const o of this.heldOrders) {
      if (o.status === 'held') yield o;
      else this.heldOrders.delete(o);
    }
  }

  /** Places an order in the kernel on behalf of a person or the controls. */
  placeAs(ctx: PlacementContext, place: () => void): void {
    this.placement = ctx;
    try {
      place();
    } finally {
      this.placement = null;
    }
  }

  admit(order: Order): 'working' | 'held' | 'denied' {
    const ctx = this.placement ?? { clientOrderId: `${this.opts.session}-${order.id}`, origin: order.tag === 'flatten' ? 'flatten' : 'strategy', strategy: this.opts.strategy, actor: 'runner' };
    this.placement = null;
    const id = ctx.clientOrderId;
    this.byClientId.set(id, order);
    this.clientIdOf.set(order, id);
    if (this.journal.wasCreated(id)) {
      this.view.noteOrder(this.view.now, this.limits.orderRate.maxOrders ?? 1);
      const fate = this.journaledFate(id);
      if (fate === 'held') {
        const superseded: Entry[] = [];
        this.supersede(order.symbol, superseded, order);
        this.journal.write(superseded);
        // Added after superseding: until place() marks it held, held() would drop it.
        this.heldOrders.add(order);
      }
      return fate;
    }
    const risk = this.riskOrder(order, id, ctx.origin, ctx.strategy);
    const input = ctx.input ?? this.input;
    const entries: Entry[] = [{ kind: 'order', orderId: id, actor: ctx.actor, data: { ...this.intent(order, risk, ctx), ...(input ? { input } : {}) } }];
    const state = (change: StateChange): Entry => ({ kind: 'state', orderId: id, actor: ctx.actor, data: change as unknown as Record<string, unknown> });
    this.view.beginCheck();
    const hold = ctx.origin === 'flatten' ? null : this.opts.dataHold(order.symbol);
    const { decision, passed } = hold ? { decision: { ok: false, code: hold.code, message: hold.message, details: {} } as RiskDecision, passed: [] } : checkOrder(risk, this.view, this.limits);
    this.view.noteOrder(this.view.now, this.limits.orderRate.maxOrders ?? 1);
    if (!decision.ok) {
      entries.push(state({ to: 'denied', code: decision.code, reason: decision.message }));
      this.journal.write(entries);
      return 'denied';
    }
    // A target order that means nothing at the last price (the position already points that way) is not worth a person's time.
    const approval = this.opts.approvalRequired || this.view.approvalStrategies.has(ctx.strategy);
    if (approval && ctx.origin === 'strategy' && risk.qty > 0) {
      this.supersede(order.symbol, entries, order);
      entries.push(state({ to: 'pending-approval', passed, expiresAt: Date.now() + this.opts.approvalTtlSec * 1000 }));
      this.journal.write(entries);
      this.heldOrders.add(order);
      return 'held';
    }
    entries.push(state({ to: 'submitted', passed }));
    if (!this.opts.routed) entries.push(state({ to: 'accepted' }));
    this.journal.write(entries);
    return 'working';
  }

  fill(order: Order, qty: number, price: number, fee: number): void {
    const id = this.clientIdOf.get(order);
    if (id === undefined) return;
    const remaining = order.remaining - qty < 1e-9 * Math.max(1, qty) ? 0 : order.remaining - qty;
    const input = this.input;
    this.journal.write([{ kind: 'fill', orderId: id, actor: this.actor(), data: { qty, price, fee, time: this.engine.flow.time, remaining, ...(input ? { input } : {}) } }]);
  }

  end(order: Order, status: 'cancelled' | 'rejected' | 'expired', reason: string): void {
    const id = this.clientIdOf.get(order);
    if (id === undefined) return;
    // A broker refuses an order it has not accepted yet. The kernel refuses a fill beyond the leverage cap after the order was accepted: for the OMS that is a cancel with a reason.
    const refused = status === 'rejected' && this.journal.book.orders.get(id)?.state === 'submitted';
    const to = status === 'expired' ? 'expired' : order.status === 'held' ? 'denied' : refused ? 'rejected' : 'canceled';
    const change: StateChange = { to, reason, ...(status === 'rejected' && !refused ? { code: reason } : {}), ...(this.input ? { input: this.input } : {}) };
    this.journal.write([{ kind: 'state', orderId: id, actor: this.actor(), data: change as unknown as Record<string, unknown> }]);
  }

  /** Who an event comes from: the broker when it reports it, else the runner. */
  private actor(): string {
    return this.input === 'broker' ? 'broker' : 'runner';
  }

  /** Re-checks an order a person approved (things may have changed while it waited) and lets it into the book or denies it. */
  approve(order: Order, actor: string, reason: string, eligibleBar: number): RiskDecision {
    const id = this.clientIdOf.get(order)!;
    this.view.beginCheck();
    const { decision, passed } = checkOrder(this.riskOrder(order, id, 'strategy', this.opts.strategy), this.view, this.limits);
    const input = this.input;
    const data = (c: StateChange) => ({ ...c, ...(input ? { input } : {}) }) as unknown as Record<string, unknown>;
    if (!decision.ok) {
      this.journal.write([{ kind: 'state', orderId: id, actor, data: data({ to: 'denied', code: decision.code, reason: `approved by ${actor}, then denied: ${decision.message}` }) }]);
      order.status = 'denied';
      return decision;
    }
    this.journal.write([
      { kind: 'state', orderId: id, actor, data: data({ to: 'submitted', passed, reason }) },
      ...(this.opts.routed ? [] : [{ kind: 'state', orderId: id, actor: 'runner', data: data({ to: 'accepted' }) }]),
    ]);
    this.engine.flow.release(order, eligibleBar);
    return decision;
  }

  /** A person rejected the order, or its approval window passed. */
  decline(order: Order, actor: string, to: 'denied' | 'expired', code: string, reason: string): void {
    const id = this.clientIdOf.get(order)!;
    const data = { to, code, reason, ...(this.input ? { input: this.input } : {}) };
    this.journal.write([{ kind: 'state', orderId: id, actor, data }]);
    order.status = to;
  }

  /** The risk engine's view of a kernel order; a target order is sized at the last price. */
  riskOrderOf = (o: Order): RiskOrder => this.riskOrder(o, this.clientIdOf.get(o) ?? String(o.id), 'strategy', this.opts.strategy);

  private riskOrder(o: Order, id: string, origin: OrderOrigin, strategy: string): RiskOrder {
    const s = o.symbol;
    const last = this.engine.ledger.mark[s];
    let side = o.side;
    let qty = o.remaining;
    if (o.target !== null && Number.isNaN(qty)) {
      const signed = this.engine.flow.targetQty(o, last);
      // Nothing to trade at this price: the order still points where its target does.
      side = signed < 0 ? -1 : signed > 0 ? 1 : o.target === 0 ? o.side : (o.target as 1 | -1);
      qty = Math.abs(signed);
    }
    const type = o.type as TradingOrderType;
    return {
      clientOrderId: id,
      strategy,
      symbol: this.engine.opts.symbols[s],
      side,
      qty,
      type,
      limitPrice: Number.isNaN(o.limit) ? null : o.limit,
      stopPrice: Number.isNaN(o.stop) ? null : o.stop,
      stopLoss: Number.isNaN(o.stopLoss) ? null : o.stopLoss,
      price: type === 'limit' || type === 'stop-limit' ? o.limit : type === 'stop' ? o.stop : last,
      origin,
    };
  }

  private intent(o: Order, r: RiskOrder, ctx: PlacementContext): OrderIntent {
    const nan = (v: number) => (Number.isNaN(v) ? null : v);
    return {
      strategy: ctx.strategy,
      origin: ctx.origin,
      symbol: r.symbol,
      side: r.side === 1 ? 'buy' : 'sell',
      qty: r.qty,
      target: o.target !== null,
      type: r.type,
      tif: o.tif,
      limitPrice: r.limitPrice,
      stopPrice: r.stopPrice,
      stopLoss: r.stopLoss,
      takeProfit: nan(o.takeProfit),
      signal: o.target !== null ? { kind: o.tag, confidence: o.confidence, reasons: o.reason ? safeJson(o.reason) : null } : null,
      time: this.engine.time,
      price: this.engine.ledger.mark[o.symbol],
      kernelId: o.id,
    };
  }

  /** A newer strategy order for a symbol replaces the ones still waiting for approval. */
  private supersede(symbol: number, entries: Entry[], newer: Order): void {
    for (const o of this.held()) {
      if (o === newer || o.symbol !== symbol) continue;
      const id = this.clientIdOf.get(o)!;
      entries.push({ kind: 'state', orderId: id, actor: 'runner', data: { to: 'denied', code: 'SUPERSEDED', reason: 'a newer signal replaced it before anyone decided' } });
      o.status = 'denied';
    }
  }

  /** During a re-run: what became of the order when it was created, as the journal says. */
  private journaledFate(id: string): 'working' | 'held' | 'denied' {
    let fate: 'working' | 'held' | 'denied' = 'working';
    for (;;) {
      const next = this.journal.peek(id);
      if (!next || next.kind !== 'state' || next.tick !== this.journal.tick || (next.data as { input?: string }).input !== undefined) break;
      const to = (next.data as { to: string }).to;
      if (to !== 'submitted' && to !== 'accepted' && to !== 'denied' && to !== 'pending-approval') break;
      fate = to === 'denied' ? 'denied' : to === 'pending-approval' ? 'held' : 'working';
      this.journal.write([{ kind: 'state', orderId: id, actor: next.actor, data: next.data }]);
    }
    return fate;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
