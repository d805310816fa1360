import type { BrokerOrder, BrokerUpdate } from '../broker.js';
import { mapEvent } from './order-map.js';
import type { WireTradeUpdate } from './schemas.js';

/**
 * Turns what Alpaca reports about orders — stream events and REST snapshots, in any order and
 * with repeats — into BrokerUpdates in which every execution appears exactly once.
 *
 * Fills are deduplicated by cumulative filled quantity: an order's fills so far are what the
 * tracker has passed on, and a report only yields a fill for quantity beyond that. A stale
 * report (less filled than known) yields nothing. When several executions were missed (the
 * stream was down), they come out as one fill at their volume-weighted price, derived from the
 * change in Alpaca's cumulative average price. Other events pass in lifecycle order only (new →
 * accepted → cancel-pending → a final event), each at most once.
 */

/** Keyed by client order id (unique per Alpaca account, and known before Alpaca answers). */
interface Tracked {
  filledQty: number;
  avgPrice: number | null;
  /** Lifecycle rank passed on so far (-1: nothing yet). */
  rank: number;
}

const FINAL = 3;
const RANK: Record<BrokerUpdate['event'], number> = {
  new: 0,
  accepted: 1,
  'partial-fill': 1,
  'cancel-pending': 2,
  fill: FINAL,
  canceled: FINAL,
  expired: FINAL,
  rejected: FINAL,
  replaced: FINAL,
};

/** The lifecycle event a REST snapshot's status stands for (fills are handled apart). */
const STATUS_EVENT: Record<BrokerOrder['status'], BrokerUpdate['event'] | null> = {
  new: 'new',
  accepted: 'accepted',
  'partially-filled': null,
  filled: null,
  'cancel-pending': 'cancel-pending',
  canceled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
};

const sameQty = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const roundPrice = (p: number): number => Math.round(p * 1e9) / 1e9;

export class FillTracker {
  private readonly orders = new Map<string, Tracked>();

  /**
   * Follow an order this process is about to submit: everything reported about it is new. Done
   * before the POST, so a report that races the POST's answer is not taken for a stranger's.
   */
  follow(clientOrderId: string): void {
    if (!this.orders.has(clientOrderId)) this.orders.set(clientOrderId, { filledQty: 0, avgPrice: null, rank: -1 });
  }

  /** Stop following an order that was never created (its submit was refused). */
  forget(clientOrderId: string): void {
    this.orders.delete(clientOrderId);
  }

  /** Follow an order from its present state (say reconciled after a restart): only later changes are passed on. */
  baseline(order: BrokerOrder): void {
    if (!this.orders.has(order.clientOrderId)) this.orders.set(order.clientOrderId, this.stateOf(order));
  }

  /** Client ids of followed orders that have not reached a final state. */
  openIds(): string[] {
    const ids: string[] = [];
    for (const [id, t] of this.orders) if (t.rank < FINAL) ids.push(id);
    return ids;
  }

  /** One trade_updates event → the updates to pass on. */
  fromEvent(u: WireTradeUpdate): BrokerUpdate[] {
    const event = mapEvent(u.event);
    const isFill = event === 'fill' || event === 'partial-fill';
    let t = this.orders.get(u.order.clientOrderId);
    if (!t) {
      // Never seen: the event's own execution quantity is the best baseline there is.
      const before = isFill && u.qty !== null ? Math.max(0, u.order.filledQty - u.qty) : isFill ? 0 : u.order.filledQty;
      t = { filledQty: before, avgPrice: null, rank: -1 };
      this.orders.set(u.order.clientOrderId, t);
    }
    const out: BrokerUpdate[] = [];
    this.fillPart(t, u.order, u.time ?? u.order.updatedAt, u.qty, u.price, out);
    if (event && !isFill) this.lifecyclePart(t, u.order, event, out);
    return out;
  }

  /** A REST snapshot of an order (a re-sync after reconnecting) → the updates it reveals. */
  fromSnapshot(order: BrokerOrder): BrokerUpdate[] {
    const t = this.orders.get(order.clientOrderId);
    if (!t) {
      this.baseline(order);
      return [];
    }
    const out: BrokerUpdate[] = [];
    this.fillPart(t, order, order.updatedAt, null, null, out);
    const event = STATUS_EVENT[order.status];
    if (event) this.lifecyclePart(t, order, event, out);
    return out;
  }

  private fillPart(t: Tracked, order: BrokerOrder, time: number, execQty: number | null, execPrice: number | null, out: BrokerUpdate[]): void {
    const qty = order.filledQty - t.filledQty;
    if (!(qty > 0) || sameQty(order.filledQty, t.filledQty)) return;
    const price = execQty !== null && execPrice !== null && sameQty(execQty, qty) ? execPrice : this.derivedPrice(t, order, qty, execPrice);
    const event = order.filledQty >= order.qty || sameQty(order.filledQty, order.qty) ? 'fill' : 'partial-fill';
    out.push({ event, order, fill: { qty, price, fee: 0, time } });
    t.filledQty = order.filledQty;
    t.avgPrice = order.filledAvgPrice;
    t.rank = Math.max(t.rank, RANK[event]);
  }

  /** The price of the quantity filled since the last report: from the change in notional. */
  private derivedPrice(t: Tracked, order: BrokerOrder, qty: number, fallback: number | null): number {
    const avg = order.filledAvgPrice;
    if (avg === null) return fallback ?? Number.NaN;
    if (t.filledQty === 0) return avg;
    if (t.avgPrice === null) return fallback ?? avg;
    return roundPrice((avg * order.filledQty - t.avgPrice * t.filledQty) / qty);
  }

  private lifecyclePart(t: Tracked, order: BrokerOrder, event: BrokerUpdate['event'], out: BrokerUpdate[]): void {
    if (RANK[event] <= t.rank) return;
    out.push({ event, order });
    t.rank = RANK[event];
  }

  private stateOf(order: BrokerOrder): Tracked {
    const event = STATUS_EVENT[order.status];
    const rank = order.status === 'filled' ? FINAL : order.status === 'partially-filled' ? 1 : event ? RANK[event] : -1;
    return { filledQty: order.filledQty, avgPrice: order.filledAvgPrice, rank };
  }
}
