import { isReducing } from '../position-effect.js';
import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/** With requireStopLoss, an order that adds exposure must carry a stop-loss (closing orders need none). */
export const checkStopRequired: RiskCheck = (order, s, c) => {
  if (!c.requireStopLoss || order.stopLoss !== null || isReducing(order, s)) return PASS;
  return deny('RISK_STOP_REQUIRED', `${describeOrder(order)} carries no stop-loss, and the risk config requires one on every order that adds exposure`, {
    symbol: order.symbol,
  });
};
