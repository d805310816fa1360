import type { BarColumns } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { Ledger } from '../engine/ledger.js';
import type { Order } from '../engine/order.js';
import { OrderFlow } from '../engine/order-flow.js';
import type { OrderGate } from '../engine/order-gate.js';
import { SimulatedBroker, type SimulationModels } from '../backtest/simulated-broker.js';
import { fixedUnits } from '../strategy/sizing.js';
import type { BrokerAccount, BrokerOrder, BrokerOrderRequest, BrokerPosition, BrokerUpdate, MarketClock, TradingBroker } from './broker.js';
import type { FeedBar } from './feeds/feed.js';

export interface PaperBrokerOptions {
  symbols: readonly string[];
  lotSizes: readonly number[];
  cash: number;
  /** The backtest's fill, slippage, commission, liquidity (partial fills) and borrow models. */
  models: SimulationModels;
  /** Extra bars between an order's arrival and the first bar it may fill on (0: the next bar). */
  latencyBars: number;
}

/** Growable bar columns of one symbol: the SimulatedBroker reads them by index as they fill up. */
class BarBook implements BarColumns {
  time: Float64Array = new Float64Array(64);
  open: Float64Array = new Float64Array(64);
  high: Float64Array = new Float64Array(64);
  low: Float64Array = new Float64Array(64);
  close: Float64Array = new Float64Array(64);
  volume: Float64Array = new Float64Array(64);
  adjClose = null;
  length = 0;

  push(b: FeedBar): number {
    if (this.length === this.time.length) for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) this[k] = grow(this[k]);
    const i = this.length++;
    this.time[i] = b.time;
    this.open[i] = b.open;
    this.high[i] = b.high;
    this.low[i] = b.low;
    this.close[i] = b.close;
    this.volume[i] = b.volume;
    return i;
  }
}

function grow(a: Float64Array): Float64Array {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

/**
 * A broker that fills orders against bars as a feed delivers them with the backtest's own order
 * flow and models: an order that arrives after bar N can fill on bar N + 1 + latency at the
 * earliest, market orders at the fill-price model's price plus slippage, limits only where
 * touched, stops when triggered, at most the liquidity model's share of a bar (partial fills),
 * and time in force day / gtc / ioc / fok. Behind the same TradingBroker interface as a real
 * broker; the kernel's order gate is how it hears about fills and ends, to report them.
 */
export class PaperBroker implements TradingBroker, OrderGate {
  readonly name = 'paper';
  private readonly bars: BarBook[];
  private readonly ledger: Ledger;
  private readonly flow: OrderFlow;
  private readonly orders = new Map<string, Order>();
  private readonly wires = new Map<Order, BrokerOrder>();
  private readonly listeners = new Set<(u: BrokerUpdate) => void>();
  private now = 0;

  constructor(private readonly opts: PaperBrokerOptions) {
    this.bars = opts.symbols.map(() => new BarBook());
    const lots = Float64Array.from(opts.lotSizes);
    this.ledger = new Ledger(opts.cash, opts.symbols, lots);
    // Orders arrive in units (nothing to size) and a paper account has no margin limit.
    this.flow = new OrderFlow(opts.symbols, this.ledger, new SimulatedBroker(this.bars, opts.lotSizes, opts.models), fixedUnits(1), lots, Infinity, null);
    this.flow.gate = this;
  }

  async submit(req: BrokerOrderRequest): Promise<BrokerOrder> {
    const existing = this.orders.get(req.clientOrderId);
    if (existing) return { ...this.wires.get(existing)! };
    const s = this.symbolIndex(req.symbol);
    if (!(req.qty > 0)) throw new SextantError('BROKER_REJECTED', `order ${req.clientOrderId}: qty must be positive`, { field: 'qty' });
    if ((req.type === 'limit' || req.type === 'stop-limit') && !(req.limitPrice! > 0)) throw new SextantError('BROKER_REJECTED', `order ${req.clientOrderId}: a ${req.type} order needs a limit price`, { field: 'limitPrice' });
    if ((req.type === 'stop' || req.type === 'stop-limit') && !(req.stopPrice! > 0)) throw new SextantError('BROKER_REJECTED', `order ${req.clientOrderId}: a ${req.type} order needs a stop price`, { field: 'stopPrice' });
    const order = this.flow.place({
      symbol: s,
      side: req.side === 'buy' ? 1 : -1,
      qty: req.qty,
      type: req.type,
      limit: req.limitPrice ?? NaN,
      stop: req.stopPrice ?? NaN,
      reduceOnly: false,
      eligibleBar: this.bars[s].length + this.opts.latencyBars,
      target: null,
      confidence: 1,
      sizingValue: NaN,
      takeProfit: NaN,
      stopLoss: NaN,
      isStopLoss: false,
      tag: req.clientOrderId,
      tif: req.tif,
    });
    const wire: BrokerOrder = {
      brokerOrderId: `paper-${order.id}`,
      clientOrderId: req.clientOrderId,
      symbol: req.symbol,
      side: req.side,
      qty: req.qty,
      filledQty: 0,
      filledAvgPrice: null,
      type: req.type,
      tif: req.tif,
      limitPrice: req.limitPrice ?? null,
      stopPrice: req.stopPrice ?? null,
      status: 'accepted',
      submittedAt: this.now,
      updatedAt: this.now,
    };
    this.orders.set(req.clientOrderId, order);
    this.wires.set(order, wire);
    this.emit({ event: 'accepted', order: wire });
    return { ...wire };
  }

  async cancel(clientOrderId: string): Promise<void> {
    const o = this.orders.get(clientOrderId);
    if (o) this.flow.cancel(o, 'cancelled on request');
  }

  async getOrder(clientOrderId: string): Promise<BrokerOrder | null> {
    const o = this.orders.get(clientOrderId);
    return o ? { ...this.wires.get(o)! } : null;
  }

  async listOrders(which: 'open' | 'all'): Promise<BrokerOrder[]> {
    return [...this.wires].filter(([o]) => which === 'all' || o.status === 'working').map(([, w]) => ({ ...w }));
  }

  async positions(): Promise<BrokerPosition[]> {
    const { ledger } = this;
    return this.opts.symbols.flatMap((symbol, s) => (ledger.position[s] === 0 ? [] : [{ symbol, qty: ledger.position[s], avgEntryPrice: ledger.avgPrice[s], price: ledger.mark[s] }]));
  }

  async account(): Promise<BrokerAccount> {
    const equity = this.ledger.equity();
    return { status: 'ACTIVE', cash: this.ledger.cash, equity, buyingPower: Math.max(0, this.ledger.cash), currency: 'USD', blocked: false };
  }

  /** The feed's clock: the close of the latest bar. A paper market is open whenever bars arrive. */
  async clock(): Promise<MarketClock> {
    return { now: this.now, isOpen: true, nextOpen: this.now, nextClose: Infinity };
  }

  onUpdate(listener: (u: BrokerUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  /** A bar arrived: working orders of its symbol try to fill on it, then positions are marked at its close. */
  onBar(bar: FeedBar): void {
    const s = this.symbolIndex(bar.symbol);
    const i = this.bars[s].push(bar);
    this.now = bar.time;
    this.flow.time = bar.time;
    this.flow.point = i;
    this.flow.match(s, i);
    this.ledger.mark[s] = bar.close;
  }

  // ---- the order gate: what the flow tells the broker before it acts ----

  admit(): 'working' {
    return 'working';
  }

  fill(order: Order, qty: number, price: number, fee: number): void {
    const w = this.wires.get(order)!;
    w.filledAvgPrice = ((w.filledAvgPrice ?? 0) * w.filledQty + price * qty) / (w.filledQty + qty);
    w.filledQty += qty;
    const done = order.remaining - qty < 1e-9 * Math.max(1, qty);
    w.status = done ? 'filled' : 'partially-filled';
    w.updatedAt = this.now;
    this.emit({ event: done ? 'fill' : 'partial-fill', order: w, fill: { qty, price, fee, time: this.now } });
  }

  end(order: Order, status: 'cancelled' | 'rejected' | 'expired', reason: string): void {
    const w = this.wires.get(order)!;
    w.status = status === 'expired' ? 'expired' : status === 'rejected' ? 'rejected' : 'canceled';
    w.updatedAt = this.now;
    this.emit({ event: w.status === 'expired' ? 'expired' : w.status === 'rejected' ? 'rejected' : 'canceled', order: w, reason });
  }

  private emit(u: BrokerUpdate): void {
    const copy = { ...u, order: { ...u.order } };
    for (const l of this.listeners) l(copy);
  }

  private symbolIndex(symbol: string): number {
    const s = this.opts.symbols.indexOf(symbol);
    if (s < 0) throw new SextantError('BROKER_REJECTED', `the paper broker does not trade ${symbol} (symbols: ${this.opts.symbols.join(', ')})`, { field: 'symbol', value: symbol });
    return s;
  }
}
