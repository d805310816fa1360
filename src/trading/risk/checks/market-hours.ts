import { isoTime } from '../format.js';
import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/** With marketHoursOnly, orders wait for the market (flattening is never held back: the broker queues it). */
export const checkMarketHours: RiskCheck = (order, s, c) => {
  if (!c.marketHoursOnly || order.origin === 'flatten' || s.marketOpen(order.symbol, s.now)) return PASS;
  return deny('RISK_MARKET_CLOSED', `the market for ${order.symbol} is closed at ${isoTime(s.now)} and orders are allowed only during market hours, so ${describeOrder(order)} is denied`, {
    symbol: order.symbol,
    now: s.now,
  });
};
