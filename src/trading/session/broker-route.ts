import { isSextantError } from '../../core/errors.js';
import type { Engine } from '../../engine/engine.js';
import type { Order } from '../../engine/order.js';
import type { OrderVenue } from '../../engine/order-venue.js';
import type { JournalEvent } from '../../store/trading-store.js';
import type { BrokerOrderRequest, BrokerUpdate, TradingBroker } from '../broker.js';
import type { FillChange, StateChange } from '../oms/journal-book.js';
import { type Repair, sameAmount } from './reconcile.js';
import type { SessionGate } from './session-gate.js';
import type { SessionJournal } from './session-journal.js';

/** What came back from the broker, waiting for the runner to apply it between bars. */
type Arrival = { kind: 'update'; update: BrokerUpdate } | { kind: 'refused'; clientOrderId: string; message: string };

/** A quantity already applied, to within rounding. */
const covered = (applied: number, total: number) => total <= applied + 1e-9 * Math.max(1, applied);

/**
 * The order path from a session to a real broker. The kernel's orders are sent as they enter
 * the book (sized at the last price), cancels are asked for, and what the broker reports —
 * acceptance, fills, cancels, expiries, refusals — waits in a queue until the runner applies it
 * between bars: journaled (input `broker`) before it reaches the ledger, so a re-run after a
 * restart applies it again at the same tick without asking the broker. After the re-run,
 * `settle` asks the broker about every order still open in the journal, by client order id, and
 * applies what happened while the session was down.
 */
export class BrokerRoute implements OrderVenue {
  private readonly arrivals: Arrival[] = [];
  /** Submits on their way, so a cancel waits for the order to exist at the broker. */
  private readonly sending = new Map<Order, Promise<unknown>>();
  private readonly cancelling = new Set<Order>();
  private unsubscribe: (() => void) | null = null;
  /** Updates about orders this session did not place (something else trades the account). */
  foreign = 0;
  /** Calls to the broker that failed without an answer about the order (it is followed until one comes). */
  readonly problems: string[] = [];
  /** Called when something arrives, so a runner waiting for a bar can apply it. */
  onArrival: (() => void) | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly gate: SessionGate,
    private readonly journal: SessionJournal,
    readonly broker: TradingBroker,
  ) {}

  /** Starts listening to the broker's order updates (after `settle`, so orders it followed do not repeat their past). */
  listen(): void {
    this.unsubscribe ??= this.broker.onUpdate((update) => this.arrive({ kind: 'update', update }));
  }

  send(order: Order): void {
    // A re-run: the order was sent (or not) the first time round; `settle` finds out which.
    if (this.journal.catchingUp) return;
    const id = this.gate.clientIdOf.get(order)!;
    const req = this.requestOf(order, id);
    const sent = this.broker.submit(req).then(
      (ack) => this.arrive({ kind: 'update', update: { event: 'accepted', order: ack } }),
      (e: unknown) => {
        if (isSextantError(e) && (e.code === 'BROKER_REJECTED' || e.code === 'BROKER_AUTH_FAILED')) this.arrive({ kind: 'refused', clientOrderId: id, message: `${e.code}: ${e.message}` });
        // A timeout or an outage: the order may exist; the broker client follows it and its updates will say.
        else this.problems.push(`submit ${id}: ${(e as Error).message}`);
      },
    );
    this.sending.set(order, sent);
    void sent.finally(() => this.sending.delete(order));
  }

  cancel(order: Order, reason: string): void {
    if (this.cancelling.has(order)) return;
    this.cancelling.add(order);
    const id = this.gate.clientIdOf.get(order)!;
    const input = this.gate.input;
    this.journal.write([{ kind: 'state', orderId: id, actor: 'runner', data: { to: 'cancel-pending', reason, ...(input ? { input } : {}) } }]);
    if (this.journal.catchingUp) return;
    void (this.sending.get(order) ?? Promise.resolve())
      .then(() => this.broker.cancel(id))
      .catch((e: Error) => this.problems.push(`cancel ${id}: ${e.message}`));
  }

  /** Applies everything that has arrived, in arrival order. Returns how many. */
  drain(): number {
    let n = 0;
    for (; n < this.arrivals.length; n++) this.apply(this.arrivals[n]);
    this.arrivals.length = 0;
    return n;
  }

  /** Resolves when no submit is on its way (the end of a replay waits for the broker's answers). */
  async idle(): Promise<void> {
    while (this.sending.size > 0) await Promise.allSettled([...this.sending.values()]);
  }

  /** Orders still working at the broker, as far as the session knows. */
  openOrders(): number {
    let n = 0;
    for (const o of this.gate.byClientId.values()) if (o.status === 'working') n++;
    return n;
  }

  /** During a re-run: applies again a broker event journaled at this tick. */
  replay(e: JournalEvent): void {
    const order = e.orderId === null ? undefined : this.gate.byClientId.get(e.orderId);
    if (!order) {
      this.journal.differences.push({ orderId: e.orderId, tick: e.tick, journal: `${e.kind} from the broker`, rerun: 'no such order' });
      return;
    }
    if (e.kind === 'fill') {
      const f = e.data as unknown as FillChange;
      return this.asBroker(() => this.fill(order, f.qty, f.price, f.fee, f.time));
    }
    const c = e.data as unknown as StateChange & { brokerOrderId?: string };
    // Written as journaled (the book, folded from the whole journal, already has it accepted).
    if (c.to === 'accepted') return this.journal.write([{ kind: 'state', orderId: e.orderId, actor: e.actor, data: e.data }]);
    const end = c.to === 'expired' ? 'expired' : c.to === 'rejected' ? 'rejected' : 'cancelled';
    this.asBroker(() => this.engine.flow.finish(order, end, c.reason ?? ''));
  }

  /**
   * After a restart's re-run: every order the session still has working is looked up at the
   * broker by its client order id. What happened meanwhile (fills, a cancel, an expiry) is
   * applied and journaled as a repair; an order the broker never received (the session stopped
   * between journaling and sending it) is cancelled, since its moment has passed. Open orders
   * are then followed from their present state.
   */
  async settle(): Promise<Repair[]> {
    const repairs: Repair[] = [];
    for (const [id, order] of this.gate.byClientId) {
      if (order.status !== 'working') continue;
      const at = await this.broker.getOrder(id);
      if (!at) {
        this.asBroker(() => this.engine.flow.finish(order, 'cancelled', 'never reached the broker: the session stopped between journaling and sending it'));
        repairs.push({ what: `order ${id} never reached the broker (cancelled)`, journal: order.remaining, broker: 0 });
        continue;
      }
      this.broker.follow?.(at);
      this.accepted(id, at.brokerOrderId);
      const missing = at.filledQty - order.filled;
      if (missing > 1e-9 * Math.max(1, at.filledQty) && at.filledAvgPrice !== null) {
        const known = this.journal.book.orders.get(id)!;
        // What the broker filled beyond the journal, at the price that makes the averages agree.
        const price = (at.filledAvgPrice * at.filledQty - known.avgFillPrice * known.filledQty) / missing;
        this.asBroker(() => this.fill(order, missing, price, 0, at.updatedAt));
        repairs.push({ what: `order ${id} filled while the session was down`, journal: at.filledQty - missing, broker: at.filledQty });
      }
      const end = at.status === 'canceled' ? 'cancelled' : at.status === 'expired' || at.status === 'rejected' ? at.status : null;
      if (end && order.status === 'working') {
        this.asBroker(() => this.engine.flow.finish(order, end, `${at.status} at the broker while the session was down`));
        repairs.push({ what: `order ${id} ${at.status} while the session was down`, journal: 0, broker: 1 });
      }
    }
    return repairs;
  }

  /** The session's positions against the broker's, symbol by symbol (the broker's are the truth; the difference is reported). */
  async positionDifferences(): Promise<Repair[]> {
    const held = new Map((await this.broker.positions()).map((p) => [p.symbol, p.qty]));
    const { ledger, opts } = this.engine;
    return opts.symbols.flatMap((symbol, s) => {
      const broker = held.get(symbol) ?? 0;
      return sameAmount(broker, ledger.position[s]) ? [] : [{ what: `position ${symbol}`, journal: ledger.position[s], broker }];
    });
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private arrive(a: Arrival): void {
    this.arrivals.push(a);
    this.onArrival?.();
  }

  private apply(a: Arrival): void {
    if (a.kind === 'refused') {
      const order = this.gate.byClientId.get(a.clientOrderId);
      if (order) this.asBroker(() => this.engine.flow.finish(order, 'rejected', a.message));
      return;
    }
    const { event, order: at, fill } = a.update;
    const order = this.gate.byClientId.get(at.clientOrderId);
    if (!order) {
      this.foreign++;
      return;
    }
    if (event === 'new' || event === 'accepted' || event === 'replaced') return this.accepted(at.clientOrderId, at.brokerOrderId);
    if ((event === 'fill' || event === 'partial-fill') && fill) {
      // The broker's running total says how much is new: a fill reported twice (a re-sync after a reconnect) adds nothing.
      if (order.status !== 'working' || covered(order.filled, at.filledQty)) return;
      const fresh = at.filledQty - order.filled;
      const qty = Math.abs(fresh - fill.qty) <= 1e-9 * Math.max(1, fill.qty) ? fill.qty : fresh;
      return this.asBroker(() => this.fill(order, qty, fill.price, fill.fee, fill.time));
    }
    if (event === 'canceled' || event === 'expired' || event === 'rejected') {
      this.asBroker(() => this.engine.flow.finish(order, event === 'canceled' ? 'cancelled' : event, a.update.reason ?? `${event} by the broker`));
    }
  }

  /** The broker acknowledged an order the journal still has as submitted. */
  private accepted(id: string, brokerOrderId: string | null): void {
    if (this.journal.book.orders.get(id)?.state !== 'submitted') return;
    this.journal.write([{ kind: 'state', orderId: id, actor: 'broker', data: { to: 'accepted', ...(brokerOrderId ? { brokerOrderId } : {}), input: 'broker' } }]);
  }

  private fill(order: Order, qty: number, price: number, fee: number, time: number): void {
    const flow = this.engine.flow;
    flow.time = time;
    flow.applyFill(order, qty, price, fee, this.engine.barOf(order.symbol));
  }

  private asBroker(apply: () => void): void {
    const before = this.gate.input;
    this.gate.input = 'broker';
    try {
      apply();
    } finally {
      this.gate.input = before;
    }
  }

  private requestOf(o: Order, clientOrderId: string): BrokerOrderRequest {
    return {
      clientOrderId,
      symbol: this.engine.opts.symbols[o.symbol],
      side: o.side === 1 ? 'buy' : 'sell',
      qty: o.remaining,
      type: o.type,
      tif: o.tif,
      ...(Number.isNaN(o.limit) ? {} : { limitPrice: o.limit }),
      ...(Number.isNaN(o.stop) ? {} : { stopPrice: o.stop }),
    };
  }
}
