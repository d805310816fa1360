import { SextantError } from '../core/errors.js';
import type { BarColumns } from '../core/bar-series.js';
import type { BarContext, FeatureHandle, OrderRequest, SignalKind, SignalNote } from '../strategy/strategy.js';
import type { Engine } from './engine.js';

/**
 * The strategy's view of the kernel: one object, updated in place for every bar (no
 * allocation per bar). Reads are bounded by the current bar: a lookback must be ≥ 0, so the
 * future cannot be asked for, and features were computed by causal kernels.
 */
export class EngineContext implements BarContext {
  /** Written by the kernel before each bar (plain fields, read in the strategy's hot loop). */
  symbol = '';
  symbolIndex = -1;
  time = 0;
  barIndex = 0;
  /** Per feature handle, the column of the current symbol. */
  private current: Float64Array[] = [];
  private bars: BarColumns;

  constructor(private readonly engine: Engine) {
    this.bars = engine.opts.bars[0];
  }

  /** Points the context at bar `bar` of symbol `s`. */
  moveTo(s: number, bar: number, time: number): void {
    if (s !== this.symbolIndex) this.switchTo(s);
    this.barIndex = bar;
    this.time = time;
  }

  /** Called once the strategy has declared its features, and whenever the symbol changes. */
  switchTo(s: number): void {
    this.symbolIndex = s;
    this.symbol = this.engine.opts.symbols[s];
    this.bars = this.engine.opts.bars[s];
    this.current = this.engine.columns.map((perSymbol) => perSymbol[s]);
  }

  get cash(): number {
    return this.engine.ledger.cash;
  }
  get equity(): number {
    return this.engine.ledger.equity();
  }

  /** Kept tiny so it inlines into strategies' hot loops; the rare cases go to `outside`. */
  private read(col: Float64Array, lookback: number): number {
    const j = this.barIndex - lookback;
    return lookback >= 0 && j >= 0 ? col[j] : this.outside(lookback);
  }

  /** Before the first bar: NaN. A negative lookback asks for the future: refused. */
  private outside(lookback: number): number {
    if (!(lookback >= 0)) {
      throw new SextantError('STRATEGY_LOOKAHEAD', `lookback ${lookback} asks for a bar after the current one; lookbacks count back from 0 (this bar)`, { lookback });
    }
    return NaN;
  }

  open(lookback = 0): number {
    return this.read(this.bars.open, lookback);
  }
  high(lookback = 0): number {
    return this.read(this.bars.high, lookback);
  }
  low(lookback = 0): number {
    return this.read(this.bars.low, lookback);
  }
  close(lookback = 0): number {
    return this.read(this.bars.close, lookback);
  }
  volume(lookback = 0): number {
    return this.read(this.bars.volume, lookback);
  }
  value(handle: FeatureHandle, lookback = 0): number {
    return this.read(this.current[handle], lookback);
  }

  position(symbol?: string): number {
    return this.engine.ledger.position[this.engine.symbolIndex(symbol)];
  }
  random(): number {
    return this.engine.rng.next();
  }
  order(request: OrderRequest): number {
    return this.engine.submit(request);
  }
  buy(qty: number, opts: Omit<OrderRequest, 'side' | 'qty'> = {}): number {
    return this.engine.submit({ ...opts, side: 'buy', qty });
  }
  sell(qty: number, opts: Omit<OrderRequest, 'side' | 'qty'> = {}): number {
    return this.engine.submit({ ...opts, side: 'sell', qty });
  }
  cancel(orderId: number): void {
    this.engine.cancel(orderId);
  }
  closePosition(symbol?: string): void {
    this.engine.closePosition(symbol);
  }
  signal(kind: SignalKind, confidence = 1, symbol?: string, note?: SignalNote): void {
    this.engine.signal(kind, confidence, symbol, note);
  }
}
