import type { BrokerOrderRequest, BrokerPosition } from '../broker.js';

export interface StrategyHolding {
  symbol: string;
  /** Signed units the strategy holds at its last bar, in its own (backtest) account. */
  qty: number;
  /** Last close. */
  price: number;
  lotSize: number;
}

/**
 * What a dry run would send: the orders that bring the broker account to the strategy's current
 * holdings, scaled from the strategy's equity to the account's (same share of equity per symbol),
 * in whole lots, as market day orders.
 */
export function ordersToAlign(holdings: readonly StrategyHolding[], strategyEquity: number, accountEquity: number, broker: readonly BrokerPosition[], prefix: string): BrokerOrderRequest[] {
  const scale = strategyEquity > 0 ? accountEquity / strategyEquity : 0;
  const orders: BrokerOrderRequest[] = [];
  for (const h of holdings) {
    const target = Math.trunc((h.qty * scale) / h.lotSize + 1e-9 * Math.sign(h.qty)) * h.lotSize;
    const held = broker.find((p) => p.symbol === h.symbol)?.qty ?? 0;
    const diff = target - held;
    if (Math.abs(diff) < h.lotSize / 2) continue;
    orders.push({ clientOrderId: `${prefix}-${h.symbol}`, symbol: h.symbol, side: diff > 0 ? 'buy' : 'sell', qty: Math.abs(diff), type: 'market', tif: 'day' });
  }
  return orders;
}
