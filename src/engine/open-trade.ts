import type { TradeRecord } from './trade.js';

/** A round trip being built: sums that become a TradeRecord when the position returns to zero. */
export class OpenTrade {
  entryQty = 0;
  entryNotional = 0;
  exitQty = 0;
  exitNotional = 0;
  maxQty = 0;
  realised = 0;
  fees = 0;

  constructor(
    readonly side: 1 | -1,
    readonly entryTime: number,
    readonly entryBar: number,
  ) {}

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

  close(symbol: string, exitTime: number, exitBar: number): TradeRecord {
    const pnl = this.realised - this.fees;
    return {
      symbol,
      side: this.side === 1 ? 'long' : 'short',
      qty: this.maxQty,
      entryTime: this.entryTime,
      entryBar: this.entryBar,
      entryPrice: this.entryNotional / this.entryQty,
      exitTime,
      exitBar,
      exitPrice: this.exitNotional / this.exitQty,
      pnl,
      fees: this.fees,
      returnPct: pnl / this.entryNotional,
    };
  }
}
