import { deny, describeOrder, PASS, type RiskCheck } from './check.js';

/** Global kill switch: nothing but flattening. Per-strategy: that strategy's orders (manual orders are strategy 'manual'). */
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
  return PASS;
};
