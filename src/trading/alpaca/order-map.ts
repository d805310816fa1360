import type { BrokerOrderStatus, BrokerUpdate, TimeInForce, TradingOrderType } from '../broker.js';

/**
 * Alpaca's order vocabulary mapped onto Sextant's. Alpaca has more statuses than the
 * TradingBroker interface; the extra ones are states of a still-working or a finished order.
 */

export const ALPACA_ORDER_STATUSES = [
  'new', 'partially_filled', 'filled', 'done_for_day', 'canceled', 'expired', 'replaced',
  'pending_cancel', 'pending_replace', 'accepted', 'pending_new', 'accepted_for_bidding',
  'stopped', 'rejected', 'suspended', 'calculated', 'held',
] as const;
export type AlpacaOrderStatus = (typeof ALPACA_ORDER_STATUSES)[number];

export const ALPACA_ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
export const ALPACA_TIFS = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'] as const;

export function mapStatus(s: AlpacaOrderStatus, qty: number, filledQty: number): BrokerOrderStatus {
  const working: BrokerOrderStatus = filledQty > 0 ? 'partially-filled' : 'accepted';
  switch (s) {
    case 'new':
    case 'pending_new':
    case 'held':
      return 'new';
    case 'accepted':
    case 'accepted_for_bidding':
      return 'accepted';
    case 'partially_filled':
      return 'partially-filled';
    case 'filled':
      return 'filled';
    case 'pending_cancel':
      return 'cancel-pending';
    // Still working: done for today, stopped (a fill is guaranteed), suspended, or being replaced.
    case 'done_for_day':
    case 'stopped':
    case 'suspended':
    case 'pending_replace':
      return working;
    // Finished for the day with settlement pending: filled if all of it traded.
    case 'calculated':
      return filledQty >= qty ? 'filled' : working;
    case 'canceled':
    case 'replaced': // the old order is dead; its successor is another order
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
  }
}

/** trailing_stop is a stop whose trigger moves; it can only come from orders placed outside Sextant. */
export function mapType(t: (typeof ALPACA_ORDER_TYPES)[number]): TradingOrderType {
  if (t === 'stop_limit') return 'stop-limit';
  if (t === 'trailing_stop') return 'stop';
  return t;
}

export const toAlpacaType = (t: TradingOrderType): string => (t === 'stop-limit' ? 'stop_limit' : t);

/** opg / cls (auction orders) live for one session, like day orders. */
export function mapTif(t: (typeof ALPACA_TIFS)[number]): TimeInForce {
  return t === 'opg' || t === 'cls' ? 'day' : t;
}

/**
 * trade_updates event names → BrokerUpdate events. Events with no counterpart (done_for_day,
 * calculated, order_cancel_rejected, ...) map to null and are not passed on; the order they
 * carry is still used to keep the fill state current.
 */
export function mapEvent(e: string): BrokerUpdate['event'] | null {
  switch (e) {
    case 'new':
    case 'pending_new':
      return 'new';
    case 'accepted':
      return 'accepted';
    case 'fill':
      return 'fill';
    case 'partial_fill':
      return 'partial-fill';
    case 'pending_cancel':
      return 'cancel-pending';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected';
    case 'replaced':
      return 'replaced';
    default:
      return null;
  }
}
