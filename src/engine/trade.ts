/**
 * A closed round trip in one symbol: it opens when the position leaves zero and closes when it
 * returns to zero; a reversal closes one trade and opens the next at the same fill. Scale-ins
 * move the average entry price; partial exits accumulate into the exit average.
 */
export interface TradeRecord {
  symbol: string;
  side: 'long' | 'short';
  /** Largest absolute position held during the trade, in units. */
  qty: number;
  /** Close-stamped time (UTC ms) of the bar whose fill opened the trade, and its index in the run's equity curve. */
  entryTime: number;
  entryBar: number;
  /** Quantity-weighted average price of the fills that built the position. */
  entryPrice: number;
  exitTime: number;
  exitBar: number;
  /** Quantity-weighted average price of the fills that reduced the position to zero. */
  exitPrice: number;
  /** Realised P&L net of this trade's fees (entry and exit commissions, borrow cost). */
  pnl: number;
  fees: number;
  /** pnl / (qty · entryPrice): the net return on the capital the trade committed. */
  returnPct: number;
  /** Why the trade was opened: the reasons of the signal behind its first fill (model-driven strategies). */
  reason?: string;
}
