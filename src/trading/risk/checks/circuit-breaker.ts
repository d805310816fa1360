import { isoTime } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/** A strategy paused by its circuit breaker (until a time after now) may only reduce positions. */
export const checkCircuitBreaker: RiskCheck = (order, s) => {
  const until = s.pausedUntil.get(order.strategy);
  if (until === undefined || !(until > s.now) || isReducing(order, s)) return PASS;
  return deny(
    'RISK_CIRCUIT_BREAKER',
    `strategy '${order.strategy}' is paused by its circuit breaker until ${isoTime(until)} after losing trades; only orders that reduce a position pass, and ${describeOrder(order)} does not`,
    { strategy: order.strategy, pausedUntil: until, now: s.now },
  );
};
