import type { RiskOrder, RiskSnapshot } from './types.js';

/**
 * What an order does to its symbol's position, with the working orders of that symbol counted
 * as if they filled: `buys`/`sells` are the positive units of the other working orders on each
 * side (the order itself excluded by its client id, so re-checking an accepted order does not
 * count it twice).
 */
export interface SymbolBook {
  held: number;
  buys: number;
  sells: number;
}

export function symbolBook(order: RiskOrder, s: RiskSnapshot): SymbolBook {
  const book = { held: s.positions.get(order.symbol)?.qty ?? 0, buys: 0, sells: 0 };
  for (const o of s.openOrders) {
    if (o.symbol === order.symbol && o.clientOrderId !== order.clientOrderId) addWorking(book, o);
  }
  return book;
}

export function addWorking(book: SymbolBook, o: RiskOrder): void {
  if (o.side === 1) book.buys += o.qty;
  else book.sells += o.qty;
}

/** Relative slack for fractional quantities (0.1 + 0.2 must be able to close 0.3). */
const QTY_SLACK = 1e-9;

/**
 * An order reduces exposure when it is on the opposite side of the held position and, together
 * with the working orders on its own side, cannot take the position through zero. Closing
 * exactly is reducing; flipping (even by one unit) is not, since the part beyond zero opens a
 * new position.
 */
export function isReducing(order: RiskOrder, s: RiskSnapshot): boolean {
  const book = symbolBook(order, s);
  if (book.held === 0 || Math.sign(book.held) === order.side) return false;
  const sameSide = order.qty + (order.side === 1 ? book.buys : book.sells);
  return sameSide <= Math.abs(book.held) * (1 + QTY_SLACK);
}

/**
 * The most units the symbol could hold, long or short, if any subset of its working orders
 * filled: max(|held + buys|, |held − sells|) — before and after adding this order.
 */
export function worstUnits(order: RiskOrder, book: SymbolBook): { before: number; after: number } {
  const high = book.held + book.buys;
  const low = book.held - book.sells;
  const before = Math.max(Math.abs(high), Math.abs(low));
  const after = order.side === 1 ? Math.max(Math.abs(high + order.qty), Math.abs(low)) : Math.max(Math.abs(high), Math.abs(low - order.qty));
  return { before, after };
}
