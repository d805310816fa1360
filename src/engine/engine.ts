import type { BarColumns } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Sizing, SizingInput } from '../strategy/sizing.js';
import type { OrderRequest, SignalKind, Strategy } from '../strategy/strategy.js';
import type { Broker, Fill } from './broker.js';
import { EngineContext } from './context.js';
import type { EngineCounters, EngineEvent, FillRecord } from './events.js';
import { FillLog } from './fill-log.js';
import { Ledger } from './ledger.js';
import { type NewOrder, type Order, makeOrder } from './order.js';
import { mergeTimeline } from './timeline.js';
import type { TradeRecord } from './trade.js';

export interface EngineOptions {
  symbols: readonly string[];
  /** Bars of each symbol, close-stamped, in time order. */
  bars: readonly BarColumns[];
  /** Precomputed causal feature columns by name, one per symbol, aligned with `bars`. */
  features: ReadonlyMap<string, readonly Float64Array[]>;
  strategy: Strategy;
  params: Record<string, number | string | boolean>;
  /** SELL signals go short (otherwise they go flat). */
  allowShort: boolean;
  broker: Broker;
  sizing: Sizing;
  initialCash: number;
  lotSizes: readonly number[];
  /** Extra bars between a decision and the first bar its order may fill on (0: the next bar). */
  latencyBars: number;
  /** Gross exposure may not exceed this multiple of equity (1 = no leverage). */
  maxLeverage: number;
  seed: number;
  /** Close every position at the last bar's close, so it counts as a trade. */
  closeAtEnd: boolean;
  onEvent?: (event: EngineEvent, ledger: Ledger) => void;
}

export interface EngineResult {
  times: Float64Array;
  equity: Float64Array;
  /** Gross exposure / equity at each point. */
  exposure: Float64Array;
  trades: TradeRecord[];
  fills: FillRecord[];
  /** Signed positions still open at the end, by symbol. */
  openPositions: Record<string, number>;
  counters: EngineCounters;
  /** Orders still working when the data ended. */
  unfilledAtEnd: number;
  ledger: Ledger;
}

/**
 * The kernel: one event loop for backtest, paper and live. For every bar it first lets the
 * broker match the working orders of that symbol against the bar (so an order decided on bar N
 * can fill on bar N + 1 at the earliest), then marks the position at the close, then hands the
 * bar to the strategy. A strategy only ever sees bars and feature values up to the current bar.
 */
export class Engine {
  readonly ledger: Ledger;
  readonly fills = new FillLog();
  readonly counters: EngineCounters = { orders: 0, fills: 0, cancelled: 0, rejected: 0, signals: 0, abstentions: 0 };
  readonly working: Order[][];
  readonly rng: Rng;
  /** Columns by handle, then symbol. */
  readonly columns: (readonly Float64Array[])[] = [];
  /** The event being handled. */
  sym = 0;
  bar = 0;
  time = 0;
  point = 0;
  private nextId = 1;
  private readonly targetDir: Int8Array;
  private readonly sizingColumns: readonly Float64Array[] | null;
  private readonly lots: Float64Array;
  private readonly fill: Fill = { qty: 0, price: 0, fee: 0 };
  /** Reused for every sizing decision: no allocation per order. */
  private readonly sizingInput: SizingInput;
  private readonly listener: EngineOptions['onEvent'] | null;
  private readonly ctx: EngineContext;

  constructor(readonly opts: EngineOptions) {
    const n = opts.symbols.length;
    this.lots = Float64Array.from(opts.lotSizes);
    this.ledger = new Ledger(opts.initialCash, opts.symbols, this.lots);
    this.working = Array.from({ length: n }, () => []);
    this.targetDir = new Int8Array(n);
    this.rng = new Rng(opts.seed);
    this.listener = opts.onEvent ?? null;
    this.sizingColumns = opts.sizing.feature ? this.featureColumns(opts.sizing.feature) : null;
    this.ctx = new EngineContext(this);
    const broker = opts.broker;
    this.sizingInput = { price: 0, cash: 0, equity: 0, lotSize: 1, confidence: 1, volatility: NaN, fee: (q, p) => broker.fee(q, p) };
    opts.strategy.init({
      symbols: opts.symbols,
      params: opts.params,
      feature: (name) => {
        this.columns.push(this.featureColumns(name));
        return this.columns.length - 1;
      },
    });
  }

  private featureColumns(name: string): readonly Float64Array[] {
    const cols = this.opts.features.get(name);
    if (!cols) throw new SextantError('INTERNAL', `feature ${name} was declared but not precomputed`, { feature: name });
    return cols;
  }

  run(): EngineResult {
    const { bars, strategy } = this.opts;
    const tl = mergeTimeline(bars);
    const points = tl.times.length;
    const equity = new Float64Array(points);
    const exposure = new Float64Array(points);
    const ledger = this.ledger;
    const ctx = this.ctx;
    ctx.switchTo(0);
    const carry = this.opts.broker.chargesCarry;
    const events = tl.symbol.length;
    const value = { equity: 0, gross: 0 };
    for (let e = 0; e < events; e++) {
      const s = tl.symbol[e];
      const i = tl.bar[e];
      this.sym = s;
      this.bar = i;
      this.point = tl.point[e];
      this.time = bars[s].time[i];
      if (this.working[s].length > 0) this.processOrders(s, i);
      ledger.mark[s] = bars[s].close[i];
      if (carry && ledger.position[s] < 0) this.chargeCarry(s, i);
      if (this.listener) this.listener({ kind: 'bar', symbol: s, bar: i }, ledger);
      ctx.moveTo(s, i, this.time);
      strategy.onBar(ctx);
      if (e + 1 === events || tl.point[e + 1] !== this.point) {
        ledger.revalue(value);
        equity[this.point] = value.equity;
        exposure[this.point] = value.gross === 0 ? 0 : value.equity > 0 ? value.gross / value.equity : Infinity;
      }
    }
    if (this.opts.closeAtEnd && points > 0) {
      this.closeAllAtEnd();
      equity[points - 1] = ledger.equity();
      exposure[points - 1] = 0;
    }
    let unfilled = 0;
    for (const list of this.working) for (const o of list) if (o.status === 'working') unfilled++;
    const openPositions: Record<string, number> = {};
    this.opts.symbols.forEach((sym, s) => {
      if (ledger.position[s] !== 0) openPositions[sym] = ledger.position[s];
    });
    return { times: tl.times, equity, exposure, trades: ledger.closedTrades.records(this.opts.symbols), fills: this.fills.records(this.opts.symbols), openPositions, counters: this.counters, unfilledAtEnd: unfilled, ledger };
  }

  // ---- commands from the strategy -------------------------------------------------------

  symbolIndex(symbol: string | undefined): number {
    if (symbol === undefined) return this.sym;
    const s = this.opts.symbols.indexOf(symbol);
    if (s < 0) throw new SextantError('ORDER_INVALID', `symbol ${symbol} is not traded by this run (symbols: ${this.opts.symbols.join(', ')})`, { symbol });
    return s;
  }

  submit(req: OrderRequest): number {
    const type = req.type ?? 'market';
    const bad = (why: string) => new SextantError('ORDER_INVALID', `order ${JSON.stringify(req)}: ${why}`, { order: req });
    if (!(req.qty > 0) || !Number.isFinite(req.qty)) throw bad('qty must be a positive number of units');
    if ((type === 'limit' || type === 'stop-limit') && !(req.limit! > 0)) throw bad(`a ${type} order needs a positive limit price`);
    if ((type === 'stop' || type === 'stop-limit') && !(req.stop! > 0)) throw bad(`a ${type} order needs a positive stop price`);
    const s = this.symbolIndex(req.symbol);
    return this.place({
      symbol: s,
      side: req.side === 'buy' ? 1 : -1,
      qty: req.qty,
      type,
      limit: req.limit ?? NaN,
      stop: req.stop ?? NaN,
      reduceOnly: req.reduceOnly ?? false,
      eligibleBar: this.nextFillableBar(s) + this.opts.latencyBars,
      target: null,
      confidence: 1,
      sizingValue: NaN,
      takeProfit: req.takeProfit ?? NaN,
      stopLoss: req.stopLoss ?? NaN,
      isStopLoss: false,
      tag: req.tag ?? '',
    }).id;
  }

  cancel(orderId: number): void {
    for (const list of this.working) {
      const o = list.find((x) => x.id === orderId && x.status === 'working');
      if (o) return this.cancelOrder(o, 'cancelled by the strategy');
    }
  }

  closePosition(symbol: string | undefined): void {
    const s = this.symbolIndex(symbol);
    for (const o of [...this.working[s]]) this.cancelOrder(o, 'replaced by close');
    this.targetDir[s] = 0;
    const pos = this.ledger.position[s];
    if (pos !== 0) this.submit({ side: pos > 0 ? 'sell' : 'buy', qty: Math.abs(pos), symbol: this.opts.symbols[s], tag: 'close' });
  }

  signal(kind: SignalKind, confidence: number, symbol: string | undefined): void {
    this.counters.signals++;
    if (kind === 'ABSTAIN') {
      this.counters.abstentions++;
      return;
    }
    const s = this.symbolIndex(symbol);
    const dir: -1 | 0 | 1 = kind === 'BUY' ? 1 : this.opts.allowShort ? -1 : 0;
    if (dir === this.targetDir[s]) return;
    this.targetDir[s] = dir;
    if (this.working[s].length > 0) for (const o of [...this.working[s]]) this.cancelOrder(o, 'replaced by a new signal');
    const bar = this.barOf(s);
    const eligible = this.nextFillableBar(s) + this.opts.latencyBars;
    this.place({
      symbol: s,
      side: dir === 0 ? 1 : dir,
      qty: NaN,
      type: 'market',
      limit: NaN,
      stop: NaN,
      reduceOnly: false,
      eligibleBar: eligible,
      target: dir,
      confidence,
      sizingValue: this.sizingColumns ? this.sizingColumns[s][bar] : NaN,
      takeProfit: NaN,
      stopLoss: NaN,
      isStopLoss: false,
      tag: kind,
    });
  }

  /**
   * The first bar of symbol `s` an order decided now may fill on: one that opens at or after
   * this moment. For the symbol being handled that is the next bar. For another symbol whose
   * latest bar closed earlier, its next bar is already under way (it opened before the
   * decision), so the one after it.
   */
  private nextFillableBar(s: number): number {
    const k = this.barOf(s);
    if (s === this.sym) return k + 1;
    return k >= 0 && this.opts.bars[s].time[k] === this.time ? k + 1 : k + 2;
  }

  /** The latest bar index of a symbol at the current event (-1 before its first bar). */
  barOf(s: number): number {
    if (s === this.sym) return this.bar;
    const t = this.opts.bars[s].time;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] <= this.time) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // ---- order flow -----------------------------------------------------------------------

  private place(o: NewOrder): Order {
    const order = makeOrder(this.nextId++, o);
    this.working[o.symbol].push(order);
    this.counters.orders++;
    if (this.listener) this.listener({ kind: 'order', order }, this.ledger);
    return order;
  }

  /** Working orders are removed here, after matching, so cancelling never disturbs a loop. Stop-losses go first: when a stop-loss and a take-profit both trade through in one bar, the loss is assumed. */
  private processOrders(s: number, i: number): void {
    const list = this.working[s];
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < list.length; k++) {
        const o = list[k];
        if (o.status === 'working' && o.eligibleBar <= i && o.isStopLoss === (pass === 0)) this.execute(o, i);
      }
    }
    let w = 0;
    for (let k = 0; k < list.length; k++) if (list[k].status === 'working') list[w++] = list[k];
    list.length = w;
  }

  private execute(o: Order, i: number): void {
    const s = o.symbol;
    const ledger = this.ledger;
    if (o.target !== null && Number.isNaN(o.remaining) && !this.resolveTarget(o, i)) return;
    const pos = ledger.position[s];
    if (o.reduceOnly) {
      if (pos === 0 || Math.sign(pos) === o.side) return this.cancelOrder(o, 'nothing left to reduce');
      if (o.remaining > Math.abs(pos)) o.remaining = Math.abs(pos);
    }
    const fill = this.fill;
    if (!this.opts.broker.match(o, i, fill)) return;
    let qty = this.limitByLeverage(s, o.side, fill.qty, fill.price);
    if (qty <= 0) return this.rejectOrder(o, 'INSUFFICIENT_MARGIN');
    const fee = qty === fill.qty ? fill.fee : this.opts.broker.fee(qty, fill.price);
    ledger.fill(s, o.side * qty, fill.price, fee, this.time, this.point);
    this.recordFill(o.id, s, o.side * qty, fill.price, fee, o.tag);
    o.filled += qty;
    o.remaining = o.remaining - qty < this.lots[s] * 1e-6 ? 0 : o.remaining - qty;
    if (o.remaining === 0) o.status = 'filled';
    if (o.oco && o.oco.status === 'working') {
      o.oco.remaining -= qty;
      if (o.status === 'filled' || o.oco.remaining <= 0) this.cancelOrder(o.oco, 'the other leg of the bracket filled');
    }
    if (!Number.isNaN(o.takeProfit) || !Number.isNaN(o.stopLoss)) this.bracket(o, qty, i);
  }

  /** Turns a target direction into a signed quantity at the fill price; false when there is nothing to do. */
  private resolveTarget(o: Order, i: number): boolean {
    const s = o.symbol;
    const ledger = this.ledger;
    const pos = ledger.position[s];
    const dir = o.target!;
    const closing = pos !== 0 && Math.sign(pos) !== dir ? -pos : 0;
    let opening = 0;
    if (dir !== 0 && Math.sign(pos) !== dir) {
      const broker = this.opts.broker;
      const price = broker.marketPrice(s, i, dir);
      const closeFee = closing !== 0 ? broker.fee(Math.abs(closing), price) : 0;
      const cash = ledger.cash - closing * price - closeFee;
      const others = ledger.equity() - ledger.cash - (pos !== 0 ? pos * ledger.mark[s] : 0);
      const equity = cash + others;
      const input = this.sizingInput;
      input.price = price;
      input.cash = cash;
      input.equity = equity;
      input.lotSize = this.lots[s];
      input.confidence = o.confidence;
      input.volatility = o.sizingValue;
      opening = dir * this.opts.sizing.units(input);
    }
    const total = closing + opening;
    if (total === 0) {
      o.status = 'filled';
      return false;
    }
    o.side = total > 0 ? 1 : -1;
    o.remaining = Math.abs(total);
    return true;
  }

  /** Cuts an exposure-increasing fill so gross exposure stays within maxLeverage × equity (whole lots). */
  private limitByLeverage(s: number, side: 1 | -1, qty: number, price: number): number {
    const ledger = this.ledger;
    const pos = ledger.position[s];
    const after = pos + side * qty;
    if (Math.abs(after) <= Math.abs(pos) && (after === 0 || Math.sign(after) === Math.sign(pos))) return qty;
    const markValue = pos * (Number.isNaN(ledger.mark[s]) ? price : ledger.mark[s]);
    const equity = ledger.equity() - (pos !== 0 ? markValue : 0) + pos * price - this.opts.broker.fee(qty, price);
    const otherGross = ledger.grossExposure() - Math.abs(pos !== 0 ? markValue : 0);
    const allowed = ((this.opts.maxLeverage * equity - otherGross) / price) * (1 + 1e-12);
    if (Math.abs(after) <= allowed) return qty;
    const lot = this.lots[s];
    const capped = side * Math.max(0, Math.floor(allowed / lot + 1e-9) * lot);
    return Math.max(0, side * (capped - pos));
  }

  /** Places (or grows, on a partial fill) the reduce-only take-profit and stop-loss of a filled entry. */
  private bracket(entry: Order, qty: number, i: number): void {
    const existing = this.working[entry.symbol].filter((o) => o.status === 'working' && (o.tag === `tp:${entry.id}` || o.tag === `sl:${entry.id}`));
    if (existing.length > 0) {
      for (const o of existing) o.remaining += qty;
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
    // The entry filled on this bar: its legs may trade on the rest of it, stop-loss first.
    if (sl) this.execute(sl, i);
    if (tp && tp.status === 'working') this.execute(tp, i);
  }

  private recordFill(orderId: number, s: number, qty: number, price: number, fee: number, tag: string): void {
    this.fills.push(orderId, s, this.time, this.point, qty, price, fee, tag);
    this.counters.fills++;
    if (this.listener) this.listener({ kind: 'fill', fill: this.fills.record(this.fills.length - 1, this.opts.symbols) }, this.ledger);
  }

  private cancelOrder(o: Order, reason: string): void {
    if (o.status !== 'working') return;
    o.status = 'cancelled';
    this.counters.cancelled++;
    if (this.listener) this.listener({ kind: 'cancel', order: o, reason }, this.ledger);
  }

  private rejectOrder(o: Order, reason: string): void {
    o.status = 'rejected';
    this.counters.rejected++;
    if (this.listener) this.listener({ kind: 'reject', order: o, reason }, this.ledger);
  }

  private chargeCarry(s: number, i: number): void {
    const fee = this.opts.broker.carry(s, i, this.ledger.position[s]);
    if (fee === 0) return;
    this.ledger.charge(s, fee);
    if (this.listener) this.listener({ kind: 'carry', symbol: s, fee }, this.ledger);
  }

  private closeAllAtEnd(): void {
    const { bars, broker } = this.opts;
    const ledger = this.ledger;
    for (let s = 0; s < this.opts.symbols.length; s++) {
      for (const o of [...this.working[s]]) this.cancelOrder(o, 'the run ended');
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
