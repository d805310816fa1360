import { type BarColumns, lowerBound } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Sizing } from '../strategy/sizing.js';
import type { OrderRequest, SignalKind, SignalNote, Strategy } from '../strategy/strategy.js';
import type { Broker } from './broker.js';
import { EngineContext } from './context.js';
import { type DecisionRecord, DecisionLog } from './decision-log.js';
import type { EngineCounters, EngineEvent, FillRecord } from './events.js';
import { Ledger } from './ledger.js';
import { OrderFlow } from './order-flow.js';
import { mergeTimeline } from './timeline.js';
import type { TradeRecord } from './trade.js';

export interface EngineOptions {
  symbols: readonly string[];
  /** Bars of each symbol, close-stamped, in time order. */
  bars: readonly BarColumns[];
  /** Causal feature columns by name, one per symbol, aligned with `bars` (computed or looked up when the strategy declares them). */
  features: (name: string) => readonly Float64Array[];
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
  /** Acted and abstained decisions of signals that named a lean (model-driven strategies). */
  decisions: DecisionRecord[];
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
  readonly flow: OrderFlow;
  readonly rng: Rng;
  readonly decisions = new DecisionLog();
  /** Columns by handle, then symbol. */
  readonly columns: (readonly Float64Array[])[] = [];
  /** The event being handled. */
  sym = 0;
  bar = 0;
  time = 0;
  point = 0;
  private readonly targetDir: Int8Array;
  private readonly sizingColumns: readonly Float64Array[] | null;
  private readonly lots: Float64Array;
  private readonly listener: EngineOptions['onEvent'] | null;
  private readonly ctx: EngineContext;
  private readonly value = { equity: 0, gross: 0 };

  constructor(readonly opts: EngineOptions) {
    const n = opts.symbols.length;
    this.lots = Float64Array.from(opts.lotSizes);
    this.ledger = new Ledger(opts.initialCash, opts.symbols, this.lots);
    this.targetDir = new Int8Array(n);
    this.rng = new Rng(opts.seed);
    this.listener = opts.onEvent ?? null;
    this.sizingColumns = opts.sizing.feature ? opts.features(opts.sizing.feature) : null;
    this.ctx = new EngineContext(this);
    this.flow = new OrderFlow(opts.symbols, this.ledger, opts.broker, opts.sizing, this.lots, opts.maxLeverage, this.listener);
    opts.strategy.init({
      symbols: opts.symbols,
      params: opts.params,
      feature: (name) => {
        this.columns.push(opts.features(name));
        return this.columns.length - 1;
      },
    });
  }

  run(): EngineResult {
    const tl = mergeTimeline(this.opts.bars);
    const { events, symbol, bar, point } = tl;
    const equity = new Float64Array(tl.times.length);
    const exposure = new Float64Array(tl.times.length);
    this.ctx.switchTo(0);
    for (let e = 0; e < events; e++) {
      const p = point === null ? e : point[e];
      this.step(symbol === null ? 0 : symbol[e], bar === null ? e : bar[e], p);
      if (point === null || e + 1 === events || point[e + 1] !== p) this.record(p, equity, exposure);
    }
    if (this.opts.closeAtEnd && tl.times.length > 0) this.closeAtEnd(tl.times.length - 1, equity, exposure);
    return this.result(tl.times, equity, exposure);
  }

  /**
   * One bar through the kernel: the broker matches the symbol's working orders against it, the
   * position is marked at its close, and the strategy sees it. `point` is the equity point
   * (distinct close time) it belongs to. Paper and live trading call this as bars arrive.
   */
  step(s: number, i: number, point: number): void {
    const flow = this.flow;
    const ledger = this.ledger;
    this.sym = s;
    this.bar = i;
    this.point = point;
    this.time = this.opts.bars[s].time[i];
    if (flow.working[s].length > 0) {
      flow.time = this.time;
      flow.point = point;
      flow.match(s, i);
    }
    ledger.mark[s] = this.opts.bars[s].close[i];
    if (this.opts.broker.chargesCarry && ledger.position[s] < 0) this.chargeCarry(s, i);
    if (this.listener) this.listener({ kind: 'bar', symbol: s, bar: i }, ledger);
    this.ctx.moveTo(s, i, this.time);
    this.opts.strategy.onBar(this.ctx);
  }

  /** Writes equity and gross exposure / equity at a point (after its last bar). */
  record(point: number, equity: Float64Array, exposure: Float64Array): void {
    const value = this.value;
    this.ledger.revalue(value);
    equity[point] = value.equity;
    exposure[point] = value.gross === 0 ? 0 : value.equity > 0 ? value.gross / value.equity : Infinity;
  }

  private closeAtEnd(last: number, equity: Float64Array, exposure: Float64Array): void {
    this.flow.point = last;
    this.flow.closeAll(this.opts.bars);
    equity[last] = this.ledger.equity();
    exposure[last] = 0;
  }

  /** What a run produced, over the points recorded so far. */
  result(times: Float64Array, equity: Float64Array, exposure: Float64Array): EngineResult {
    const flow = this.flow;
    const ledger = this.ledger;
    let unfilled = 0;
    for (const list of flow.working) for (const o of list) if (o.status === 'working') unfilled++;
    const openPositions: Record<string, number> = {};
    this.opts.symbols.forEach((sym, s) => {
      if (ledger.position[s] !== 0) openPositions[sym] = ledger.position[s];
    });
    const symbols = this.opts.symbols;
    let fills: FillRecord[] | null = null;
    return {
      times,
      equity,
      exposure,
      trades: ledger.closedTrades.records(symbols),
      // Built on first use: most runs (sweep trials, baselines) never read their fills.
      get fills() {
        return (fills ??= flow.fills.records(symbols));
      },
      decisions: this.decisions.records(symbols),
      openPositions,
      counters: flow.counters,
      unfilledAtEnd: unfilled,
      ledger,
    };
  }

  // ---- commands from the strategy -------------------------------------------------------

  symbolIndex(symbol: string | undefined): number {
    if (symbol === undefined) return this.sym;
    const s = this.opts.symbols.indexOf(symbol);
    if (s < 0) throw new SextantError('ORDER_INVALID', `symbol ${symbol} is not traded by this run (symbols: ${this.opts.symbols.join(', ')})`, { symbol });
    return s;
  }

  /** An order from outside the strategy (a person, in paper and live trading): new signals do not replace it. */
  submitExternal(req: OrderRequest): number {
    return this.submit(req, true);
  }

  submit(req: OrderRequest, external = false): number {
    const type = req.type ?? 'market';
    const bad = (why: string) => new SextantError('ORDER_INVALID', `order ${JSON.stringify(req)}: ${why}`, { order: req });
    if (!(req.qty > 0) || !Number.isFinite(req.qty)) throw bad('qty must be a positive number of units');
    if ((type === 'limit' || type === 'stop-limit') && !(req.limit! > 0)) throw bad(`a ${type} order needs a positive limit price`);
    if ((type === 'stop' || type === 'stop-limit') && !(req.stop! > 0)) throw bad(`a ${type} order needs a positive stop price`);
    const s = this.symbolIndex(req.symbol);
    return this.flow.place({
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
      tif: req.tif,
      external,
    }).id;
  }

  cancel(orderId: number): void {
    for (const list of this.flow.working) {
      const o = list.find((x) => x.id === orderId && x.status === 'working');
      if (o) return this.flow.cancel(o, 'cancelled by the strategy');
    }
  }

  closePosition(symbol: string | undefined, tag = 'close', reason = 'replaced by close'): void {
    const s = this.symbolIndex(symbol);
    for (const o of [...this.flow.working[s]]) this.flow.cancel(o, reason);
    this.targetDir[s] = 0;
    const pos = this.ledger.position[s];
    if (pos !== 0) this.submit({ side: pos > 0 ? 'sell' : 'buy', qty: Math.abs(pos), symbol: this.opts.symbols[s], tag });
  }

  signal(kind: SignalKind, confidence: number, symbol: string | undefined, note: SignalNote | undefined): void {
    this.flow.counters.signals++;
    const s = this.symbolIndex(symbol);
    if (note?.lean !== undefined) this.decisions.push(s, this.barOf(s), this.time, kind !== 'ABSTAIN', note.lean, note.horizon ?? 1, confidence);
    if (kind === 'ABSTAIN') {
      this.flow.counters.abstentions++;
      return;
    }
    const dir: -1 | 0 | 1 = kind === 'BUY' ? 1 : this.opts.allowShort ? -1 : 0;
    if (dir === this.targetDir[s]) return;
    this.targetDir[s] = dir;
    const working = this.flow.working[s];
    // A person's orders (paper and live trading) are theirs: a new signal replaces only the strategy's own.
    if (working.length > 0) for (const o of [...working]) if (!o.external) this.flow.cancel(o, 'replaced by a new signal');
    const bar = this.barOf(s);
    const eligible = this.nextFillableBar(s) + this.opts.latencyBars;
    const order = this.flow.place({
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
      reason: note?.reasons,
    });
    // A target the risk checks denied was not taken: the strategy may ask for it again.
    if (order.status === 'denied') this.targetDir[s] = Math.sign(this.ledger.position[s]) as -1 | 0 | 1;
  }

  /**
   * The first bar of symbol `s` an order decided now may fill on: one that opens at or after
   * this moment. For the symbol being handled that is the next bar. For another symbol whose
   * latest bar closed earlier, its next bar is already under way (it opened before the
   * decision), so the one after it.
   */
  nextFillableBar(s: number): number {
    const k = this.barOf(s);
    if (s === this.sym) return k + 1;
    return k >= 0 && this.opts.bars[s].time[k] === this.time ? k + 1 : k + 2;
  }

  /** The latest bar index of a symbol at the current event (-1 before its first bar). */
  barOf(s: number): number {
    if (s === this.sym) return this.bar;
    // Close times are whole milliseconds: the first bar closing after now is the first at ≥ now + 1.
    return lowerBound(this.opts.bars[s].time, this.time + 1) - 1;
  }

  private chargeCarry(s: number, i: number): void {
    const fee = this.opts.broker.carry(s, i, this.ledger.position[s]);
    if (fee === 0) return;
    this.ledger.charge(s, fee);
    if (this.listener) this.listener({ kind: 'carry', symbol: s, fee }, this.ledger);
  }

}
