import type { TradeLog } from './trade-log.js';

/**
 * A round trip being built: sums that go to the trade log when the position returns to zero.
 * One per symbol, reused from trade to trade.
 */
export class OpenTrade {
  active = false;
  side: 1 | -1 = 1;
  entryTime = 0;
  entryBar = 0;
  entryQty = 0;
  entryNotional = 0;
  exitQty = 0;
  exitNotional = 0;
  maxQty = 0;
  realised = 0;
  fees = 0;
  /** The reasons of the order that opened the trade ('' when none). */
  reason = '';

  start(side: 1 | -1, entryTime: number, entryBar: number, reason: string): void {
    this.reason = reason;
    this.active = true;
    this.side = side;
    this.entryTime = entryTime;
    this.entryBar = entryBar;
    this.entryQty = this.entryNotional = this.exitQty = this.exitNotional = this.maxQty = this.realised = this.fees = 0;
  }

  addEntry(qty: number, price: number, fee: number, position: number): void {
    this.entryQty += qty;
    this.entryNotional += qty * price;
    this.fees += fee;
    const held = Math.abs(position);
    if (held > this.maxQty) this.maxQty = held;
  }

  addExit(qty: number, price: number, fee: number, gross: number): void {
    this.exitQty += qty;
    this.exitNotional += qty * price;
    this.fees += fee;
    this.realised += gross;
  }

  /** Net P&L = realised - fees; return = P&L / the notional the entries committed. */
  close(log: TradeLog, symbol: number, exitTime: number, exitBar: number): void {
    const pnl = this.realised - this.fees;
    log.push(symbol, this.side, this.maxQty, this.entryTime, this.entryBar, this.entryNotional / this.entryQty, exitTime, exitBar, this.exitNotional / this.exitQty, pnl, this.fees, pnl / this.entryNotional, this.reason);
    this.active = false;
  }
}
