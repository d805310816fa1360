import { money, percent, units } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/**
 * Risk = qty × |price − stopLoss|, at most maxRiskPerOrderPct of equity (equal passes: the rule
 * is "more than 5 % is denied"). Orders without a stop-loss are not measured here.
 */
export const checkOrderRisk: RiskCheck = (order, s, c) => {
  const pct = c.maxRiskPerOrderPct;
  if (pct === null || order.stopLoss === null) return PASS;
  const risk = order.qty * Math.abs(order.price - order.stopLoss);
  const limit = (s.equity * pct) / 100;
  if (risk <= limit || isReducing(order, s)) return PASS;
  return deny(
    'RISK_ORDER_RISK',
    `risk ${money(risk)} = ${percent((risk / s.equity) * 100)} of equity ${money(s.equity)} exceeds the ${percent(pct)} per-order limit (qty ${units(order.qty)} × |${money(order.price)} − ${money(order.stopLoss)}|)`,
    { risk, riskPct: (risk / s.equity) * 100, equity: s.equity, limitPct: pct, limit, qty: order.qty, price: order.price, stopLoss: order.stopLoss },
  );
};
