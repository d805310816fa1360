import { money, percent, units } from '../format.js';
import { isReducing, symbolBook, worstUnits } from '../position-effect.js';
import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/**
 * The symbol's worst-case position after the order (working orders on the order's side counted
 * as filled) × the order's price ≤ maxPositionPct of equity. An order that does not make the
 * worst case larger passes even when the position is already over the limit.
 */
export const checkMaxPosition: RiskCheck = (order, s, c) => {
  const pct = c.maxPositionPct;
  if (pct === null) return PASS;
  const book = symbolBook(order, s);
  const u = worstUnits(order, book);
  const value = u.after * order.price;
  const limit = (s.equity * pct) / 100;
  if (value <= limit || u.after <= u.before || isReducing(order, s)) return PASS;
  const working = order.side === 1 ? book.buys : book.sells;
  return deny(
    'RISK_MAX_POSITION',
    `${order.symbol} position after the order could reach ${units(u.after)} units = ${money(value)}, ${percent((value / s.equity) * 100)} of equity ${money(s.equity)}, over the ${percent(pct)} per-symbol limit (held ${units(book.held)}, working ${units(working)}, ${describeOrder(order)})`,
    { symbol: order.symbol, units: u.after, value, equity: s.equity, limitPct: pct, limit, held: book.held, working },
  );
};
