import { isoTime } from '../format.js';
import { deny, PASS, type RiskCheck } from './check.js';

/**
 * At most `maxOrders` submitted in any `perSeconds` window ending now (an order at exactly
 * now − window has left it). Flatten orders are not limited: getting out must not wait.
 */
export const checkOrderRate: RiskCheck = (order, s, c) => {
  const max = c.orderRate.maxOrders;
  if (max === null || order.origin === 'flatten') return PASS;
  const windowMs = c.orderRate.perSeconds * 1000;
  const times = s.recentOrderTimes;
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i] > s.now - windowMs; i--) n++;
  if (n < max) return PASS;
  const nextAt = times[times.length - max] + windowMs;
  return deny(
    'RISK_ORDER_RATE',
    `${n} orders in the last ${c.orderRate.perSeconds} s reach the limit of ${max}; the next order is possible at ${isoTime(nextAt)}`,
    { orders: n, maxOrders: max, perSeconds: c.orderRate.perSeconds, nextAt },
  );
};
