import type { AssetClass } from '../../core/instrument.js';
import type { Engine } from '../../engine/engine.js';
import type { Order } from '../../engine/order.js';
import { marketOpen } from '../risk/market-hours.js';
import type { RiskOrder, RiskPosition, RiskSnapshot, TradingState } from '../risk/types.js';

/**
 * The risk snapshot of a running session, read from the kernel at the moment of an order:
 * equity, positions and working orders from its ledger and book, the day's starting equity and
 * the session's peak (kept up to date by the runner), and the controls.
 */
export class RiskView implements RiskSnapshot {
  now = 0;
  dayStartEquity = NaN;
  peakEquity = -Infinity;
  tradingState: TradingState = 'ACTIVE';
  killSwitch = { global: false, strategies: new Set<string>() };
  disabledStrategies: ReadonlySet<string> = new Set();
  /** Strategies whose every order waits for a person (the controls' approval mode). */
  approvalStrategies: ReadonlySet<string> = new Set();
  pausedUntil: ReadonlyMap<string, number> = new Map();
  readonly recentOrderTimes: number[] = [];
  private day = NaN;
  private positionsNow: Map<string, RiskPosition> | null = null;
  private openOrdersNow: RiskOrder[] | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly assetClasses: readonly AssetClass[],
    private readonly riskOrderOf: (o: Order) => RiskOrder,
    private readonly tradingDay: (time: number) => number,
  ) {}

  get equity(): number {
    return this.engine.ledger.equity();
  }

  get cash(): number {
    return this.engine.ledger.cash;
  }

  /**
   * Positions and working orders as of the order being checked: built once per check (each
   * check reads them, some twice) and dropped by `beginCheck` before the next.
   */
  get positions(): ReadonlyMap<string, RiskPosition> {
    if (this.positionsNow) return this.positionsNow;
    const { ledger, opts } = this.engine;
    const out = new Map<string, RiskPosition>();
    for (let s = 0; s < opts.symbols.length; s++) if (ledger.position[s] !== 0) out.set(opts.symbols[s], { qty: ledger.position[s], price: ledger.mark[s] });
    return (this.positionsNow = out);
  }

  get openOrders(): readonly RiskOrder[] {
    if (this.openOrdersNow) return this.openOrdersNow;
    const out: RiskOrder[] = [];
    for (const list of this.engine.flow.working) for (const o of list) if (o.status === 'working') out.push(this.riskOrderOf(o));
    return (this.openOrdersNow = out);
  }

  /** Called before each order is checked: the kernel may have moved since the last one. */
  beginCheck(): void {
    this.positionsNow = null;
    this.openOrdersNow = null;
  }

  lastPrice(symbol: string): number {
    const s = this.engine.opts.symbols.indexOf(symbol);
    return s < 0 ? NaN : this.engine.ledger.mark[s];
  }

  marketOpen(symbol: string, now: number): boolean {
    const s = this.engine.opts.symbols.indexOf(symbol);
    return s >= 0 && marketOpen(this.assetClasses[s], now);
  }

  /** Called with the feed clock before each bar: a new trading day starts from the equity it opens with. */
  advance(time: number): void {
    this.now = time;
    const day = this.tradingDay(time);
    if (day !== this.day) {
      this.day = day;
      this.dayStartEquity = this.equity;
    }
  }

  /** Called after each bar. */
  markEquity(): void {
    const e = this.equity;
    if (e > this.peakEquity) this.peakEquity = e;
  }

  /** Remembers an order's time for the rate limit, keeping only as many as the limit can look at. */
  noteOrder(time: number, keep: number): void {
    this.recentOrderTimes.push(time);
    if (this.recentOrderTimes.length > keep) this.recentOrderTimes.shift();
  }
}
