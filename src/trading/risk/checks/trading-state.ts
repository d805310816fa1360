import { isReducing } from '../position-effect.js';
import { deny, describeOrder, PASS, whyNotReducing, type RiskCheck } from './check.js';

/**
 * ACTIVE: anything. REDUCING: only orders that reduce a position. HALTED: only flatten orders.
 * A flatten order must itself reduce, whatever the state: it bypasses the state and kill switch
 * only because it can never add exposure.
 */
export const checkTradingState: RiskCheck = (order, s) => {
  if (order.origin === 'flatten') {
    if (isReducing(order, s)) return PASS;
    return deny('RISK_REDUCING_ONLY', `a flatten order may only reduce a position, and ${describeOrder(order)} would not: ${whyNotReducing(order, s)}`, {
      state: s.tradingState,
      origin: order.origin,
      position: s.positions.get(order.symbol)?.qty ?? 0,
    });
  }
  if (s.tradingState === 'HALTED') {
    return deny('RISK_TRADING_HALTED', `trading is HALTED: no new orders are accepted (only flattening from the controls), so ${describeOrder(order)} is denied`, {
      state: s.tradingState,
    });
  }
  if (s.tradingState === 'REDUCING' && !isReducing(order, s)) {
    return deny('RISK_REDUCING_ONLY', `trading is REDUCING: only orders that reduce a position are accepted, and ${describeOrder(order)} does not: ${whyNotReducing(order, s)}`, {
      state: s.tradingState,
      position: s.positions.get(order.symbol)?.qty ?? 0,
    });
  }
  return PASS;
};
