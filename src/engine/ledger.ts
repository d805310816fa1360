import { OpenTrade } from './open-trade.js';
import { TradeLog } from './trade-log.js';

/**
 * Cash, positions and round trips. Every fill moves cash by -(qty·price) - fee, so at all
 * times equity = cash + Σ position·mark, and equity - initial cash = realised + unrealised - fees,
 * where realised and unrealised are measured from each position's average entry price.
 */
export class Ledger {
  cash: number;
  /** Σ gross realised P&L and Σ fees (commissions and borrow) over the run. */
  realised = 0;
  fees = 0;
  /** Σ |qty·price| over fills. */
  tradedNotional = 0;
  readonly position: Float64Array;
  readonly avgPrice: Float64Array;
  /** Last known price of each symbol (its latest close, or a fill price until the first close). */
  readonly mark: Float64Array;
  readonly closedTrades = new TradeLog();
  private readonly open: OpenTrade[];

  constructor(
    readonly initialCash: number,
    readonly symbols: readonly string[],
    private readonly lotSizes: Float64Array,
  ) {
    this.cash = initialCash;
    const n = symbols.length;
    this.position = new Float64Array(n);
    this.avgPrice = new Float64Array(n);
    this.mark = new Float64Array(n).fill(NaN);
    this.open = Array.from({ length: n }, () => new OpenTrade());
  }

  equity(): number {
    let e = this.cash;
    const p = this.position;
    for (let s = 0; s < p.length; s++) if (p[s] !== 0) e += p[s] * this.mark[s];
    return e;
  }

  /** Equity and gross exposure in one pass, for the per-point record of a run. */
  revalue(out: { equity: number; gross: number }): void {
    let e = this.cash;
    let g = 0;
    const p = this.position;
    for (let s = 0; s < p.length; s++) {
      if (p[s] === 0) continue;
      const v = p[s] * this.mark[s];
      e += v;
      g += v < 0 ? -v : v;
    }
    out.equity = e;
    out.gross = g;
  }

  openTrade(symbol: number): OpenTrade | null {
    const t = this.open[symbol];
    return t.active ? t : null;
  }

  /**
   * Applies a fill of `qty` signed units at `price` with `fee`. A fill that crosses zero closes
   * the round trip at this fill and opens the next with the rest; its fee is split pro rata.
   */
  fill(symbol: number, qty: number, price: number, fee: number, time: number, bar: number, reason = ''): void {
    const cur = this.position[symbol];
    const size = Math.abs(qty);
    this.cash -= qty * price + fee;
    this.fees += fee;
    this.tradedNotional += size * price;
    if (Number.isNaN(this.mark[symbol])) this.mark[symbol] = price;

    let left = size;
    if (cur !== 0 && Math.sign(qty) !== Math.sign(cur)) {
      const closing = Math.min(size, Math.abs(cur));
      const gross = closing * (price - this.avgPrice[symbol]) * Math.sign(cur);
      this.realised += gross;
      const trade = this.open[symbol];
      trade.addExit(closing, price, (fee * closing) / size, gross);
      const after = this.snap(symbol, cur + Math.sign(qty) * closing);
      this.position[symbol] = after;
      if (after === 0) {
        trade.close(this.closedTrades, symbol, time, bar);
        this.avgPrice[symbol] = 0;
      }
      left = this.snap(symbol, size - closing);
    }
    if (left > 0) {
      const side = Math.sign(qty) as 1 | -1;
      const held = Math.abs(this.position[symbol]);
      const trade = this.open[symbol];
      if (!trade.active) trade.start(side, time, bar, reason);
      this.avgPrice[symbol] = (this.avgPrice[symbol] * held + price * left) / (held + left);
      this.position[symbol] = this.snap(symbol, this.position[symbol] + side * left);
      trade.addEntry(left, price, (fee * left) / size, this.position[symbol]);
    }
  }

  /** A fee not tied to a fill (borrow cost): it lowers cash and belongs to the open trade. */
  charge(symbol: number, fee: number): void {
    this.cash -= fee;
    this.fees += fee;
    const trade = this.open[symbol];
    if (trade.active) trade.fees += fee;
  }

  /** Quantities are whole lots; this removes the rounding residue of fractional lot sizes. */
  private snap(symbol: number, q: number): number {
    const lot = this.lotSizes[symbol];
    const k = Math.round(q / lot);
    return Math.abs(q / lot - k) < 1e-6 ? k * lot : q;
  }
}
