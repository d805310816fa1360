import { isReducing } from '../position-effect.js';
import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/** The size checks need the order's expected price; without it only reducing orders pass (they are never measured). */
export const checkPriceKnown: RiskCheck = (order, s) => {
  if ((order.price > 0 && Number.isFinite(order.price)) || isReducing(order, s)) return PASS;
  return deny('RISK_NO_PRICE', `the expected price of ${describeOrder(order)} is unknown (no last price for ${order.symbol} yet), so its size cannot be checked`, {
    symbol: order.symbol,
    price: order.price,
  });
};
