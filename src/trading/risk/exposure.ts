import { addWorking, worstUnits, type SymbolBook } from './position-effect.js';
import type { RiskOrder, RiskSnapshot } from './types.js';

/**
 * Portfolio exposure in currency at its worst over whichever working orders fill, before and
 * after adding the order (which then is one more working order). Gross is Σ over symbols of the
 * worst |units| × price; net is measured at both extremes (every working buy filled: `netHigh`;
 * every working sell filled: `netLow`). The order's symbol is priced at the order's expected
 * price, others at their last price (else the position's). `unpriced` names a symbol whose
 * price is unknown (the sums are then incomplete and must not be used).
 */
export interface Exposure {
  grossBefore: number;
  grossAfter: number;
  netHighBefore: number;
  netHighAfter: number;
  netLowBefore: number;
  netLowAfter: number;
  unpriced: string | null;
}

export function portfolioExposure(order: RiskOrder, s: RiskSnapshot): Exposure {
  const books = new Map<string, SymbolBook>();
  for (const [symbol, p] of s.positions) books.set(symbol, { held: p.qty, buys: 0, sells: 0 });
  for (const o of s.openOrders) {
    if (o.clientOrderId === order.clientOrderId) continue;
    let book = books.get(o.symbol);
    if (book === undefined) books.set(o.symbol, (book = { held: 0, buys: 0, sells: 0 }));
    addWorking(book, o);
  }
  if (!books.has(order.symbol)) books.set(order.symbol, { held: 0, buys: 0, sells: 0 });

  const e: Exposure = { grossBefore: 0, grossAfter: 0, netHighBefore: 0, netHighAfter: 0, netLowBefore: 0, netLowAfter: 0, unpriced: null };
  for (const [symbol, book] of books) {
    const mine = symbol === order.symbol;
    const high = book.held + book.buys;
    const low = book.held - book.sells;
    if (!mine && high === 0 && low === 0) continue;
    const price = mine ? order.price : markPrice(symbol, s);
    if (!(price > 0 && Number.isFinite(price))) {
      e.unpriced = symbol;
      return e;
    }
    const units = mine ? worstUnits(order, book) : null;
    const worst = Math.max(Math.abs(high), Math.abs(low));
    e.grossBefore += (units?.before ?? worst) * price;
    e.grossAfter += (units?.after ?? worst) * price;
    e.netHighBefore += high * price;
    e.netLowBefore += low * price;
    e.netHighAfter += (mine && order.side === 1 ? high + order.qty : high) * price;
    e.netLowAfter += (mine && order.side === -1 ? low - order.qty : low) * price;
  }
  return e;
}

function markPrice(symbol: string, s: RiskSnapshot): number {
  const last = s.lastPrice(symbol);
  return last > 0 && Number.isFinite(last) ? last : (s.positions.get(symbol)?.price ?? Number.NaN);
}
