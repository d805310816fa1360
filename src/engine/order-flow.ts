import type { BarColumns } from '../core/bar-series.js';
import type { Sizing, SizingInput } from '../strategy/sizing.js';
import type { Broker, Fill } from './broker.js';
import type { EngineCounters, EngineEvent } from './events.js';
import { FillLog } from './fill-log.js';
import type { Ledger } from './ledger.js';
import { type NewOrder, type Order, makeOrder } from './order.js';
import type { OrderGate } from './order-gate.js';
import type { OrderVenue } from './order-venue.js';

/**
 * What happens to orders between the strategy and the ledger: the working orders of each
 * symbol, matched against each new bar through the broker (stop-losses first), targets sized at
 * the fill, the leverage cap, brackets, one-cancels-other, and the fill log.
 */
export class OrderFlow {
  readonly fills = new FillLog();
  readonly counters: EngineCounters = { orders: 0, fills: 0, cancelled: 0, rejected: 0, signals: 0, abstentions: 0 };
  readonly working: Order[][];
  /** Close time and equity point of the bar being handled, stamped on fills. */
  time = 0;
  point = 0;
  /** Risk, approval and journal in paper and live trading; null in backtests. */
  gate: OrderGate | null = null;
  /** A broker the orders are routed to (live trading); null: the kernel's broker matches them against bars. */
  venue: OrderVenue | null = null;
  /** The trading day of a time for day orders (UTC date by default; the exchange's date in trading sessions). */
  tradingDay: (symbol: number, time: number) => number = (_s, t) => Math.floor(t / 86_400_000);
  private nextId = 1;
  private readonly fill: Fill = { qty: 0, price: 0, fee: 0 };
  private readonly value = { equity: 0, gross: 0 };
  /** Reused for every sizing decision: no allocation per order. */
  private readonly sizingInput: SizingInput;

  constructor(
    private readonly symbols: readonly string[],
    private readonly ledger: Ledger,
    private readonly broker: Broker,
    private readonly sizing: Sizing,
    private readonly lots: Float64Array,
    private readonly maxLeverage: number,
    private readonly listener: ((event: EngineEvent, ledger: Ledger) => void) | null,
  ) {
    this.working = symbols.map(() => []);
    this.sizingInput = { price: 0, cash: 0, equity: 0, lotSize: 1, confidence: 1, volatility: NaN, fee: (q, p) => broker.fee(q, p) };
  }

  place(o: NewOrder): Order {
    const order = makeOrder(this.nextId++, o);
    this.counters.orders++;
    const verdict = this.gate ? this.gate.admit(order) : 'working';
    if (verdict === 'working') this.work(order);
    else order.status = verdict;
    if (this.listener) this.listener({ kind: 'order', order }, this.ledger);
    return order;
  }

  /** Lets a held order (approved by a person) into the book; it may fill from `eligibleBar` on. */
  release(order: Order, eligibleBar: number): void {
    if (order.status !== 'held') return;
    order.status = 'working';
    order.eligibleBar = eligibleBar;
    this.work(order);
  }

  private work(order: Order): void {
    const venue = this.venue;
    if (venue !== null && !this.sizeToSend(order)) return;
    this.working[order.symbol].push(order);
    if (venue !== null) venue.send(order);
  }

  /**
   * An order about to go to a venue is sized now, at the last price, since the venue will not
   * ask again: a target becomes units, a reduce-only order is cut to the position. False when
   * nothing is left to send (the order ends here).
   */
  private sizeToSend(o: Order): boolean {
    if (o.target !== null && Number.isNaN(o.remaining) && !this.sizeTarget(o, this.targetQty(o, this.ledger.mark[o.symbol]), 'sized to nothing at the last price')) return false;
    return !o.reduceOnly || this.cutToPosition(o);
  }

  /** A reduce-only order is cut to the position it reduces; false (and cancelled) when there is nothing to reduce. */
  private cutToPosition(o: Order): boolean {
    const pos = this.ledger.position[o.symbol];
    if (pos === 0 || Math.sign(pos) === o.side) {
      this.finish(o, 'cancelled', 'nothing left to reduce');
      return false;
    }
    if (o.remaining > Math.abs(pos)) o.remaining = Math.abs(pos);
    return true;
  }

  /** A target order takes the signed units it means; one that means none ends here (done, not cancelled: there was nothing to do). */
  private sizeTarget(o: Order, total: number, why: string): boolean {
    if (total === 0) {
      if (this.gate) this.gate.end(o, 'cancelled', why);
      o.status = 'filled';
      return false;
    }
    o.side = total > 0 ? 1 : -1;
    o.remaining = Math.abs(total);
    return true;
  }

  /** Working orders are removed here, after matching, so cancelling never disturbs a loop. Stop-losses go first: when a stop-loss and a take-profit both trade through in one bar, the loss is assumed. */
  match(s: number, i: number): void {
    if (this.venue !== null) return;
    const list = this.working[s];
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < list.length; k++) {
        const o = list[k];
        if (o.status === 'working' && o.eligibleBar <= i && o.isStopLoss === (pass === 0)) {
          if (o.tif === 'gtc') this.execute(o, i);
          else this.executeTimed(o, i);
        }
      }
    }
    let w = 0;
    for (let k = 0; k < list.length; k++) if (list[k].status === 'working') list[w++] = list[k];
    list.length = w;
  }

  /** Day, immediate-or-cancel and fill-or-kill orders: their time in force is checked around the match. */
  private executeTimed(o: Order, i: number): void {
    if (o.tif === 'day') {
      const day = this.tradingDay(o.symbol, this.time);
      if (Number.isNaN(o.day)) o.day = day;
      else if (day > o.day) return this.expire(o, 'day order: its trading day ended');
      return this.execute(o, i);
    }
    this.execute(o, i);
    if (o.status === 'working') this.cancel(o, o.tif === 'fok' ? 'fill-or-kill: it could not fill completely on its first bar' : 'immediate-or-cancel: the rest was cancelled');
  }

  private execute(o: Order, i: number): void {
    const s = o.symbol;
    if (o.target !== null && Number.isNaN(o.remaining) && !this.resolveTarget(o, i)) return;
    if (o.reduceOnly && !this.cutToPosition(o)) return;
    const fill = this.fill;
    if (!this.broker.match(o, i, fill)) return;
    let qty = this.limitByLeverage(s, o.side, fill.qty, fill.price);
    if (qty <= 0) return this.rejectOrder(o, 'INSUFFICIENT_MARGIN');
    if (o.tif === 'fok' && qty < o.remaining) return;
    const fee = qty === fill.qty ? fill.fee : this.broker.fee(qty, fill.price);
    this.applyFill(o, qty, fill.price, fee, i);
  }

  /**
   * A fill of `qty` units at `price` reaches the ledger: matched here against bar `i` of its
   * symbol, or reported by a venue (then `i` is the symbol's latest bar).
   */
  applyFill(o: Order, qty: number, price: number, fee: number, i: number): void {
    const s = o.symbol;
    if (this.gate) this.gate.fill(o, qty, price, fee);
    this.ledger.fill(s, o.side * qty, price, fee, this.time, this.point, o.reason);
    this.recordFill(o.id, s, o.side * qty, price, fee, o.tag);
    o.filled += qty;
    o.remaining = o.remaining - qty < this.lots[s] * 1e-6 ? 0 : o.remaining - qty;
    if (o.remaining === 0) o.status = 'filled';
    if (o.oco && o.oco.status === 'working') {
      o.oco.remaining -= qty;
      if (o.status === 'filled' || o.oco.remaining <= 0) this.cancel(o.oco, 'the other leg of the bracket filled');
    }
    if (!Number.isNaN(o.takeProfit) || !Number.isNaN(o.stopLoss)) this.bracket(o, qty, i);
  }

  /** Turns a target direction into a signed quantity at the fill price; false when there is nothing to do. */
  private resolveTarget(o: Order, i: number): boolean {
    const dir = o.target!;
    const opens = dir !== 0 && Math.sign(this.ledger.position[o.symbol]) !== dir;
    return this.sizeTarget(o, this.targetQty(o, opens ? this.broker.marketPrice(o.symbol, i, dir) : NaN), 'sized to nothing at the fill');
  }

  /**
   * The signed units a target order means at `price`: close what points the other way, then
   * size the new direction with the cash that leaves. Paper and live trading call it with the
   * last price to show risk checks and people what an order will roughly be. `price` is only
   * read when the order opens a position.
   */
  targetQty(o: Order, price: number): number {
    const s = o.symbol;
    const ledger = this.ledger;
    const pos = ledger.position[s];
    const dir = o.target!;
    const closing = pos !== 0 && Math.sign(pos) !== dir ? -pos : 0;
    if (dir === 0 || Math.sign(pos) === dir) return closing;
    const broker = this.broker;
    const closeFee = closing !== 0 ? broker.fee(Math.abs(closing), price) : 0;
    const cash = ledger.cash - closing * price - closeFee;
    const others = ledger.equity() - ledger.cash - (pos !== 0 ? pos * ledger.mark[s] : 0);
    const input = this.sizingInput;
    input.price = price;
    input.cash = cash;
    input.equity = cash + others;
    input.lotSize = this.lots[s];
    input.confidence = o.confidence;
    input.volatility = o.sizingValue;
    return closing + dir * this.sizing.units(input);
  }

  /** Cuts an exposure-increasing fill so gross exposure stays within maxLeverage × equity (whole lots). */
  private limitByLeverage(s: number, side: 1 | -1, qty: number, price: number): number {
    if (this.maxLeverage === Infinity) return qty;
    const ledger = this.ledger;
    const pos = ledger.position[s];
    const after = pos + side * qty;
    if (Math.abs(after) <= Math.abs(pos) && (after === 0 || Math.sign(after) === Math.sign(pos))) return qty;
    const markValue = pos * (Number.isNaN(ledger.mark[s]) ? price : ledger.mark[s]);
    const now = this.value;
    ledger.revalue(now);
    const equity = now.equity - (pos !== 0 ? markValue : 0) + pos * price - this.broker.fee(qty, price);
    const otherGross = now.gross - Math.abs(pos !== 0 ? markValue : 0);
    const allowed = ((this.maxLeverage * equity - otherGross) / price) * (1 + 1e-12);
    if (Math.abs(after) <= allowed) return qty;
    const lot = this.lots[s];
    const capped = side * Math.max(0, Math.floor(allowed / lot + 1e-9) * lot);
    return Math.max(0, side * (capped - pos));
  }

  /** Places (or grows, on a partial fill) the reduce-only take-profit and stop-loss of a filled entry. */
  private bracket(entry: Order, qty: number, i: number): void {
    const working = entry.legs?.filter((o) => o.status === 'working') ?? [];
    if (working.length > 0) {
      for (const o of working) o.remaining += qty;
      return;
    }
    const leg = (type: 'limit' | 'stop', price: number, isStopLoss: boolean) =>
      this.place({
        symbol: entry.symbol,
        side: entry.side === 1 ? -1 : 1,
        qty,
        type,
        limit: type === 'limit' ? price : NaN,
        stop: type === 'stop' ? price : NaN,
        reduceOnly: true,
        eligibleBar: i,
        target: null,
        confidence: 1,
        sizingValue: NaN,
        takeProfit: NaN,
        stopLoss: NaN,
        isStopLoss,
        tag: `${isStopLoss ? 'sl' : 'tp'}:${entry.id}`,
      });
    const sl = Number.isNaN(entry.stopLoss) ? null : leg('stop', entry.stopLoss, true);
    const tp = Number.isNaN(entry.takeProfit) ? null : leg('limit', entry.takeProfit, false);
    if (sl && tp) {
      sl.oco = tp;
      tp.oco = sl;
    }
    entry.legs = [sl, tp].filter((o) => o !== null);
    // A venue matches the legs itself; here the entry filled on this bar, and its legs may trade on the rest of it, stop-loss first.
    if (this.venue !== null) return;
    if (sl) this.execute(sl, i);
    if (tp && tp.status === 'working') this.execute(tp, i);
  }

  private recordFill(orderId: number, s: number, qty: number, price: number, fee: number, tag: string): void {
    this.fills.push(orderId, s, this.time, this.point, qty, price, fee, tag);
    this.counters.fills++;
    if (this.listener) this.listener({ kind: 'fill', fill: this.fills.record(this.fills.length - 1, this.symbols) }, this.ledger);
  }

  /** Cancels an order; one at a venue is asked to cancel there and ends when the venue says so. */
  cancel(o: Order, reason: string): void {
    if (o.status !== 'working' && o.status !== 'held') return;
    if (this.venue !== null && o.status === 'working') return this.venue.cancel(o, reason);
    this.finish(o, 'cancelled', reason);
  }

  private expire(o: Order, reason: string): void {
    this.finish(o, 'expired', reason);
  }

  private rejectOrder(o: Order, reason: string): void {
    this.finish(o, 'rejected', reason);
  }

  /** An order ends without filling completely (here, or as a venue reports). */
  finish(o: Order, status: 'cancelled' | 'rejected' | 'expired', reason: string): void {
    if (o.status !== 'working' && o.status !== 'held') return;
    if (this.gate) this.gate.end(o, status, reason);
    o.status = status;
    if (status === 'rejected') this.counters.rejected++;
    else this.counters.cancelled++;
    if (this.listener) this.listener(status === 'rejected' ? { kind: 'reject', order: o, reason } : { kind: 'cancel', order: o, reason }, this.ledger);
  }

  /** Closes every position at its last bar's close (the end of a run with close-at-end). */
  closeAll(bars: readonly BarColumns[]): void {
    const broker = this.broker;
    const ledger = this.ledger;
    for (let s = 0; s < this.symbols.length; s++) {
      for (const o of [...this.working[s]]) this.cancel(o, 'the run ended');
      const pos = ledger.position[s];
      if (pos === 0) continue;
      const last = bars[s].time.length - 1;
      const side: 1 | -1 = pos > 0 ? -1 : 1;
      const price = broker.closePrice(s, last, side);
      const fee = broker.fee(Math.abs(pos), price);
      this.time = bars[s].time[last];
      ledger.fill(s, -pos, price, fee, this.time, this.point);
      this.recordFill(0, s, -pos, price, fee, 'close-at-end');
      ledger.mark[s] = bars[s].close[last];
    }
  }
}
