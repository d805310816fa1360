import type { RiskCode } from '../codes.js';
import type { RiskConfig } from '../config.js';
import { units } from '../format.js';
import { symbolBook } from '../position-effect.js';
import type { RiskDecision, RiskOrder, RiskSnapshot } from '../types.js';

/** One pre-trade check: passes, or denies with a stable code, a sentence and the numbers. */
export type RiskCheck = (order: RiskOrder, s: RiskSnapshot, c: RiskConfig) => RiskDecision;

export const PASS: RiskDecision = Object.freeze({ ok: true as const });

export function deny(code: RiskCode, message: string, details: Record<string, unknown>): RiskDecision {
  return { ok: false, code, message, details };
}

/** "buy 10 AAPL" */
export function describeOrder(order: RiskOrder): string {
  return `${order.side === 1 ? 'buy' : 'sell'} ${units(order.qty)} ${order.symbol}`;
}

/** Why an order does not count as reducing (see isReducing), for REDUCING / flatten denials. */
export function whyNotReducing(order: RiskOrder, s: RiskSnapshot): string {
  const book = symbolBook(order, s);
  if (book.held === 0) return `there is no ${order.symbol} position to reduce`;
  if (Math.sign(book.held) === order.side) return `it adds to the ${book.held > 0 ? 'long' : 'short'} position of ${units(Math.abs(book.held))}`;
  const working = order.side === 1 ? book.buys : book.sells;
  const withWorking = working > 0 ? ` (with ${units(working)} more on working ${order.side === 1 ? 'buy' : 'sell'} orders)` : '';
  return `it would take the position of ${units(book.held)} through zero${withWorking}`;
}
