import { Columns } from './growable.js';
import type { TradeRecord } from './trade.js';

const FIELDS = ['symbol', 'side', 'qty', 'entryTime', 'entryBar', 'entryPrice', 'exitTime', 'exitBar', 'exitPrice', 'pnl', 'fees', 'returnPct'] as const;

/**
 * Closed round trips stored column-wise: a backtest with a million trades keeps a dozen typed
 * arrays instead of a million objects for the garbage collector to copy. `records()` builds the
 * TradeRecord objects once, at the end.
 */
export class TradeLog {
  length = 0;
  /** Σ net P&L of the closed trades, kept as they close. */
  pnlSum = 0;
  private readonly cols = new Columns(FIELDS.length);
  /** Few trades carry reasons (model-driven ones), so they are kept by trade index. */
  private readonly reasons = new Map<number, string>();

  push(symbol: number, side: 1 | -1, qty: number, entryTime: number, entryBar: number, entryPrice: number, exitTime: number, exitBar: number, exitPrice: number, pnl: number, fees: number, returnPct: number, reason: string): void {
    const k = this.length++;
    if (reason !== '') this.reasons.set(k, reason);
    this.cols.ensure(k);
    const c = this.cols.data;
    c[0][k] = symbol;
    c[1][k] = side;
    c[2][k] = qty;
    c[3][k] = entryTime;
    c[4][k] = entryBar;
    c[5][k] = entryPrice;
    c[6][k] = exitTime;
    c[7][k] = exitBar;
    c[8][k] = exitPrice;
    c[9][k] = pnl;
    c[10][k] = fees;
    c[11][k] = returnPct;
    this.pnlSum += pnl;
  }

  /** Net P&L of trade k (for the circuit breaker, which watches trades close one by one). */
  pnlAt(k: number): number {
    return this.cols.data[9][k];
  }

  records(symbols: readonly string[]): TradeRecord[] {
    const c = this.cols.data;
    const out: TradeRecord[] = new Array(this.length);
    for (let k = 0; k < this.length; k++) {
      out[k] = {
      symbol: symbols[c[0][k]],
      side: c[1][k] === 1 ? ('long' as const) : ('short' as const),
      qty: c[2][k],
      entryTime: c[3][k],
      entryBar: c[4][k],
      entryPrice: c[5][k],
      exitTime: c[6][k],
      exitBar: c[7][k],
      exitPrice: c[8][k],
      pnl: c[9][k],
      fees: c[10][k],
      returnPct: c[11][k],
      };
      const reason = this.reasons.get(k);
      if (reason !== undefined) out[k].reason = reason;
    }
    return out;
  }
}
