import { SextantError } from '../core/errors.js';
import type { BarContext, FeatureHandle, OrderRequest, SignalKind } from '../strategy/strategy.js';
import type { Engine } from './engine.js';

/**
 * The strategy's view of the kernel: one object, updated in place for every bar (no
 * allocation per bar). Reads are bounded by the current bar: a lookback must be ≥ 0, so the
 * future cannot be asked for, and features were computed by causal kernels.
 */
export class EngineContext implements BarContext {
  constructor(private readonly engine: Engine) {}

  get symbol(): string {
    return this.engine.opts.symbols[this.engine.sym];
  }
  get symbolIndex(): number {
    return this.engine.sym;
  }
  get time(): number {
    return this.engine.time;
  }
  get barIndex(): number {
    return this.engine.bar;
  }
  get cash(): number {
    return this.engine.ledger.cash;
  }
  get equity(): number {
    return this.engine.ledger.equity();
  }

  private index(lookback: number): number {
    if (!(lookback >= 0)) {
      throw new SextantError('STRATEGY_LOOKAHEAD', `lookback ${lookback} asks for a bar after the current one; lookbacks count back from 0 (this bar)`, { lookback });
    }
    return this.engine.bar - lookback;
  }

  private read(col: Float64Array, lookback: number): number {
    const j = this.index(lookback);
    return j >= 0 ? col[j] : NaN;
  }

  open(lookback = 0): number {
    return this.read(this.engine.opts.bars[this.engine.sym].open, lookback);
  }
  high(lookback = 0): number {
    return this.read(this.engine.opts.bars[this.engine.sym].high, lookback);
  }
  low(lookback = 0): number {
    return this.read(this.engine.opts.bars[this.engine.sym].low, lookback);
  }
  close(lookback = 0): number {
    return this.read(this.engine.opts.bars[this.engine.sym].close, lookback);
  }
  volume(lookback = 0): number {
    return this.read(this.engine.opts.bars[this.engine.sym].volume, lookback);
  }
  value(handle: FeatureHandle, lookback = 0): number {
    return this.read(this.engine.columns[handle][this.engine.sym], lookback);
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
  signal(kind: SignalKind, confidence = 1, symbol?: string): void {
    this.engine.signal(kind, confidence, symbol);
  }
}
