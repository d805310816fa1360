import { SextantError } from '../../core/errors.js';
import type { JournalEvent } from '../../store/trading-store.js';
import { type OrderState, checkTransition, isWorking, parseOrderState } from './order-state.js';
import { type OmsOrder, type OrderIntent, newOmsOrder } from './oms-order.js';

/** Payload of a `state` event. */
export interface StateChange {
  to: OrderState;
  code?: string;
  reason?: string;
  passed?: string[];
  expiresAt?: number;
  /** Set when the change applies something from outside the run (a command, the controls, a lapse), so a re-run applies it at the same tick. */
  input?: string;
}

/** Payload of a `fill` event: this execution alone, and what is left of the order after it. */
export interface FillChange {
  qty: number;
  price: number;
  fee: number;
  time: number;
  remaining: number;
}

export interface BookPosition {
  qty: number;
  avgPrice: number;
  lastPrice: number;
}

/**
 * Orders, positions and cash rebuilt from a session's journal: the state of record after a
 * restart, and what `sextant orders list`, `positions` and `approvals list` show. Folding the
 * same events always gives the same book, and an event that breaks the order state machine is
 * refused (JOURNAL_INVALID).
 */
export class JournalBook {
  readonly orders = new Map<string, OmsOrder>();
  readonly positions = new Map<string, BookPosition>();
  cash = 0;
  fees = 0;
  lastTick = 0;
  lastSeq = 0;
  /** Seqs of commands already applied by the runner. */
  readonly appliedCommands = new Set<number>();
  readonly commands: JournalEvent[] = [];
  /** Kept as orders move, because a running session asks for them many times a second. */
  private readonly pendingOrders = new Set<OmsOrder>();

  constructor(events: readonly JournalEvent[] = []) {
    for (const e of events) this.apply(e);
  }

  apply(e: JournalEvent): void {
    this.lastSeq = e.seq;
    if (e.tick > this.lastTick) this.lastTick = e.tick;
    const input = (e.data as { input?: string }).input;
    if (input?.startsWith('command:')) this.appliedCommands.add(Number(input.slice(8)));
    switch (e.kind) {
      case 'session':
        if (typeof e.data.cash === 'number' && this.orders.size === 0 && this.positions.size === 0) this.cash = e.data.cash;
        return;
      case 'order':
        return this.create(e);
      case 'state':
        return this.change(e, this.order(e), e.data as unknown as StateChange);
      case 'fill':
        return this.fill(e, this.order(e), e.data as unknown as FillChange);
      case 'command':
        this.commands.push(e);
        return;
      case 'carry':
        this.cash -= e.data.fee as number;
        this.fees += e.data.fee as number;
        return;
      default:
        return;
    }
  }

  /** Orders that can still fill. */
  working(): OmsOrder[] {
    return [...this.orders.values()].filter((o) => isWorking(o.state));
  }

  pending(): OmsOrder[] {
    return [...this.pendingOrders];
  }

  /** Commands written by people that the runner has not applied yet. */
  unappliedCommands(): JournalEvent[] {
    return this.commands.filter((c) => !this.appliedCommands.has(c.seq));
  }

  equity(): number {
    let e = this.cash;
    for (const p of this.positions.values()) e += p.qty * p.lastPrice;
    return e;
  }

  private order(e: JournalEvent): OmsOrder {
    const o = e.orderId === null ? undefined : this.orders.get(e.orderId);
    if (!o) throw new SextantError('JOURNAL_INVALID', `journal of session ${e.session}, event ${e.seq} (${e.kind}): no order ${e.orderId} was created before it`, { session: e.session, seq: e.seq });
    return o;
  }

  private create(e: JournalEvent): void {
    if (e.orderId === null || this.orders.has(e.orderId)) {
      throw new SextantError('JOURNAL_INVALID', `journal of session ${e.session}, event ${e.seq}: order ${e.orderId} is created twice`, { session: e.session, seq: e.seq });
    }
    this.orders.set(e.orderId, newOmsOrder(e.orderId, e.data as unknown as OrderIntent, e.tick, e.at));
  }

  private change(e: JournalEvent, o: OmsOrder, c: StateChange): void {
    try {
      o.state = checkTransition(o.state, parseOrderState(c.to));
      if (o.state === 'pending-approval') this.pendingOrders.add(o);
      else this.pendingOrders.delete(o);
    } catch (err) {
      throw new SextantError('JOURNAL_INVALID', `journal of session ${e.session}, event ${e.seq}: ${(err as Error).message} (order ${o.clientOrderId})`, { session: e.session, seq: e.seq });
    }
    if (c.passed) o.passed = c.passed;
    if (c.code !== undefined) o.code = c.code;
    if (c.reason !== undefined) o.reason = c.reason;
    if (c.expiresAt !== undefined) o.approvalExpiresAt = c.expiresAt;
    // A person's decision on an order that waited for approval; one approved and then denied by the risk re-check was still approved.
    if (c.input?.startsWith('command:') && (c.to === 'submitted' || c.to === 'denied') && o.decision === null && e.actor !== 'runner' && o.passed.length > 0) {
      const rejected = c.to === 'denied' && (c.code === 'HUMAN_REJECTED' || c.code === 'CANCELED_BY_USER');
      o.decision = { actor: e.actor, at: e.at, approved: !rejected, reason: c.reason ?? '' };
    }
    o.updatedAt = e.at;
  }

  private fill(e: JournalEvent, o: OmsOrder, f: FillChange): void {
    let state: OrderState;
    try {
      state = checkTransition(o.state === 'submitted' ? 'accepted' : o.state, f.remaining <= 0 ? 'filled' : o.state === 'cancel-pending' ? 'cancel-pending' : 'partially-filled');
      if (o.state === 'submitted') checkTransition('submitted', 'accepted');
    } catch (err) {
      throw new SextantError('JOURNAL_INVALID', `journal of session ${e.session}, event ${e.seq}: a fill of order ${o.clientOrderId}, which is ${o.state} and cannot fill (${(err as Error).message})`, { session: e.session, seq: e.seq });
    }
    o.state = state;
    const total = o.filledQty + f.qty;
    o.avgFillPrice = (o.avgFillPrice * o.filledQty + f.price * f.qty) / total;
    o.filledQty = total;
    o.fees += f.fee;
    const signed = o.side === 'buy' ? f.qty : -f.qty;
    this.cash -= signed * f.price + f.fee;
    this.fees += f.fee;
    const p = this.positions.get(o.symbol) ?? { qty: 0, avgPrice: 0, lastPrice: f.price };
    const after = p.qty + signed;
    if (p.qty === 0 || Math.sign(p.qty) === Math.sign(signed)) p.avgPrice = (p.avgPrice * Math.abs(p.qty) + f.price * f.qty) / Math.abs(after);
    else if (Math.sign(after) === Math.sign(signed)) p.avgPrice = f.price;
    p.qty = Math.abs(after) < 1e-9 ? 0 : after;
    p.lastPrice = f.price;
    this.positions.set(o.symbol, p);
  }
}
