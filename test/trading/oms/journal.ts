import type { JournalEvent } from '../../../src/store/trading-store.js';
import type { OrderState } from '../../../src/trading/oms/order-state.js';

/** Builds a session journal event by event, with seq, tick and wall time counting up. */
export class JournalBuilder {
  readonly events: JournalEvent[] = [];

  constructor(readonly session = 's1') {}

  private push(kind: string, orderId: string | null, data: Record<string, unknown>, actor = 'runner'): JournalEvent {
    const seq = this.events.length + 1;
    const e: JournalEvent = { session: this.session, seq, at: 1_000 + seq, tick: seq, kind, orderId, actor, data };
    this.events.push(e);
    return e;
  }

  start(cash: number): this {
    this.push('session', null, { cash });
    return this;
  }

  order(id: string, symbol: string, side: 'buy' | 'sell', qty: number, extra: Record<string, unknown> = {}): this {
    this.push('order', id, {
      strategy: 'sma-cross', origin: 'strategy', symbol, side, qty, target: false, type: 'market', tif: 'gtc',
      limitPrice: null, stopPrice: null, stopLoss: null, takeProfit: null, signal: null, time: 0, price: 0, kernelId: null, ...extra,
    });
    return this;
  }

  state(id: string, to: OrderState | string, extra: Record<string, unknown> = {}, actor = 'runner'): this {
    this.push('state', id, { to, ...extra }, actor);
    return this;
  }

  /** Moves an order through several states in turn. */
  states(id: string, ...to: OrderState[]): this {
    for (const s of to) this.state(id, s);
    return this;
  }

  fill(id: string, qty: number, price: number, fee: number, remaining: number): this {
    this.push('fill', id, { qty, price, fee, time: 0, remaining });
    return this;
  }

  carry(symbol: string, fee: number): this {
    this.push('carry', `carry:${symbol}`, { fee });
    return this;
  }

  /** A command a person wrote; returns its seq (what `input: command:SEQ` names). */
  command(actor: string, data: Record<string, unknown>): number {
    return this.push('command', null, data, actor).seq;
  }

  get length(): number {
    return this.events.length;
  }
}
