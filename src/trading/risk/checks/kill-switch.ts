import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/**
 * Global kill switch: nothing but flattening. Per-strategy: that strategy's orders (manual orders
 * are strategy 'manual'). A strategy switched off is the same refusal without the kill switch's
 * cancelling, so its resting stop-losses keep protecting its positions.
 */
export const checkKillSwitch: RiskCheck = (order, s) => {
  if (order.origin === 'flatten') return PASS;
  if (s.killSwitch.global) {
    return deny('RISK_KILL_SWITCH', `the global kill switch is on: no new orders except flattening, so ${describeOrder(order)} is denied`, { scope: 'global' });
  }
  if (s.killSwitch.strategies.has(order.strategy)) {
    return deny('RISK_KILL_SWITCH', `the kill switch of strategy '${order.strategy}' is on: its orders are denied (${describeOrder(order)})`, {
      scope: 'strategy',
      strategy: order.strategy,
    });
  }
  if (order.origin === 'strategy' && s.disabledStrategies?.has(order.strategy)) {
    return deny('RISK_STRATEGY_DISABLED', `strategy '${order.strategy}' is switched off: it places no new orders (${describeOrder(order)})`, { strategy: order.strategy });
  }
  return PASS;
};
