import type { OmsOrder } from '../oms/oms-order.js';

const iso = (t: number | null) => (t === null || Number.isNaN(t) ? null : new Date(t).toISOString());

/** An order as `--json` prints it (orders, approvals). */
export function orderJson(o: OmsOrder, session?: string) {
  return {
    ...(session === undefined ? {} : { session }),
    client_order_id: o.clientOrderId,
    state: o.state,
    strategy: o.strategy,
    origin: o.origin,
    symbol: o.symbol,
    side: o.side,
    qty: o.qty,
    type: o.type,
    tif: o.tif,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    stop_loss: o.stopLoss,
    take_profit: o.takeProfit,
    filled_qty: o.filledQty,
    avg_fill_price: o.filledQty > 0 ? o.avgFillPrice : null,
    fees: o.fees,
    signal: o.signal,
    risk_checks_passed: o.passed,
    code: o.code,
    reason: o.reason,
    created_at: iso(o.time),
    approval_expires_at: iso(o.approvalExpiresAt),
    decision: o.decision ? { ...o.decision, at: iso(o.decision.at) } : null,
  };
}
