import { money, units } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/** qty × expected price ≤ maxOrderNotional (equal passes). */
export const checkOrderNotional: RiskCheck = (order, s, c) => {
  const max = c.maxOrderNotional;
  if (max === null) return PASS;
  const notional = order.qty * order.price;
  if (notional <= max || isReducing(order, s)) return PASS;
  return deny(
    'RISK_ORDER_NOTIONAL',
    `order notional ${money(notional)} (qty ${units(order.qty)} × ${money(order.price)}) exceeds the ${money(max)} per-order limit`,
    { notional, qty: order.qty, price: order.price, limit: max },
  );
};
