import type { Order } from './order.js';

/** One fill: positive units, price and fee. Reused by the caller, never kept. */
export interface Fill {
  qty: number;
  price: number;
  fee: number;
}

/**
 * Where orders execute. The simulated broker matches orders against historical bars with
 * pluggable fill, slippage, commission, liquidity and borrow models; paper and live brokers
 * implement the same calls against a real-time feed.
 */
export interface Broker {
  /** The price a market order on `symbol` in direction `side` would fill at on `bar`, slippage included. */
  marketPrice(symbol: number, bar: number, side: 1 | -1): number;
  /** The price a position is closed at on the close of `bar` (the end of a run with close-at-end), slippage included. */
  closePrice(symbol: number, bar: number, side: 1 | -1): number;
  /** The fee of a fill. */
  fee(qty: number, price: number): number;
  /** Tries to fill `order.remaining` units on `bar`; writes the fill into `out` and returns whether anything filled. */
  match(order: Order, bar: number, out: Fill): boolean;
  /** Whether `carry` can charge anything (lets the kernel skip the call on every bar). */
  readonly chargesCarry: boolean;
  /** A cost charged at the bar's close to a held position (borrow for shorts); 0 for none. */
  carry(symbol: number, bar: number, position: number): number;
}
