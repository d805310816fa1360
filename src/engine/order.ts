import type { OrderType, TimeInForce } from '../strategy/strategy.js';

/**
 * `held` orders wait outside the book (for a person's approval in paper and live trading);
 * `denied` ones were stopped by a risk check before reaching the book; `expired` ones outlived
 * their time in force. Backtests only ever see the first four.
 */
export type OrderStatus = 'working' | 'held' | 'filled' | 'cancelled' | 'rejected' | 'expired' | 'denied';


/**
 * A working order inside the kernel. `side` is +1 (buy) or -1 (sell); `remaining` is in
 * positive units. A target order (from a signal) has `target` set and `remaining` NaN until
 * its first eligible bar, when the sizing step turns the target direction into units.
 */
export interface Order {
  readonly id: number;
  readonly symbol: number;
  side: 1 | -1;
  remaining: number;
  filled: number;
  readonly type: OrderType;
  readonly limit: number;
  readonly stop: number;
  /** A stop-limit whose stop has been touched works as a limit order. */
  triggered: boolean;
  readonly reduceOnly: boolean;
  /** First bar index (of its symbol) at which it may fill: decision bar + 1 + latency (later for an order released after approval). */
  eligibleBar: number;
  readonly tif: TimeInForce;
  /** Placed by a person (paper and live trading): a new signal does not cancel it. */
  readonly external: boolean;
  /** For a day order, the trading day of its first eligible bar once it has seen one (NaN before). */
  day: number;
  /** Target direction (+1 long, -1 short, 0 flat) of a signal order, or null. */
  readonly target: -1 | 0 | 1 | null;
  readonly confidence: number;
  /** The sizing feature's value at the decision bar (NaN when the sizing reads none). */
  readonly sizingValue: number;
  /** Bracket prices placed as children when this entry fills (NaN: none). */
  readonly takeProfit: number;
  readonly stopLoss: number;
  /** The other leg of a bracket: when one fills, the other is cancelled. */
  oco: Order | null;
  /** The take-profit and stop-loss an entry placed when it first filled (null until then). */
  legs: Order[] | null;
  readonly isStopLoss: boolean;
  status: OrderStatus;
  readonly tag: string;
  /** Why the order was sent (a signal's reasons), '' when none was given. */
  readonly reason: string;
}

export interface NewOrder {
  symbol: number;
  side: 1 | -1;
  qty: number;
  type: OrderType;
  limit: number;
  stop: number;
  reduceOnly: boolean;
  eligibleBar: number;
  target: -1 | 0 | 1 | null;
  confidence: number;
  sizingValue: number;
  takeProfit: number;
  stopLoss: number;
  isStopLoss: boolean;
  tag: string;
  reason?: string;
  /** Default gtc. */
  tif?: TimeInForce;
  /** Placed by a person rather than the strategy. */
  external?: boolean;
}

export function makeOrder(id: number, o: NewOrder): Order {
  return {
    id,
    symbol: o.symbol,
    side: o.side,
    remaining: o.qty,
    filled: 0,
    type: o.type,
    limit: o.limit,
    stop: o.stop,
    triggered: false,
    reduceOnly: o.reduceOnly,
    eligibleBar: o.eligibleBar,
    tif: o.tif ?? 'gtc',
    external: o.external ?? false,
    day: NaN,
    target: o.target,
    confidence: o.confidence,
    sizingValue: o.sizingValue,
    takeProfit: o.takeProfit,
    stopLoss: o.stopLoss,
    oco: null,
    legs: null,
    isStopLoss: o.isStopLoss,
    status: 'working',
    tag: o.tag,
    reason: o.reason ?? '',
  };
}
