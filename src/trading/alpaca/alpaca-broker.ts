import { SextantError, isSextantError } from '../../core/errors.js';
import type {
  BrokerAccount,
  BrokerOrder,
  BrokerOrderRequest,
  BrokerPosition,
  BrokerUpdate,
  MarketClock,
  TradingBroker,
} from '../broker.js';
import type { AlpacaConfig } from './config.js';
import { FillTracker } from './fill-tracker.js';
import { AlpacaHttp, type HttpOptions, realSleep } from './http.js';
import { type AlpacaLog, silentLog } from './log.js';
import { orderBody, sameOrder } from './order-request.js';
import { parseAccount, parseClock, parseOrder, parseOrders, parsePositions } from './schemas.js';
import { TradeStream } from './trade-stream.js';
import { toRfc3339 } from './wire-values.js';

export interface AlpacaBrokerOptions {
  config: AlpacaConfig;
  http?: Omit<HttpOptions, 'log'>;
  /** trade_updates reconnect back-off: first wait and cap. Defaults 500 ms and 30 s. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /** trade_updates ping interval. Default 15 s. */
  pingMs?: number;
  log?: AlpacaLog;
}

/** Alpaca's page size limit on GET /v2/orders. */
const ORDERS_PAGE = 500;

const isDuplicateClientId = (e: SextantError): boolean =>
  e.details.status === 422 && /client_order_id/i.test(String(e.details.alpacaMessage ?? ''));

/**
 * TradingBroker over Alpaca's REST v2 and trade_updates stream. Updates come from the stream,
 * which starts with the first `onUpdate` listener; after every (re)connection the open orders
 * are re-read over REST so a fill made while the stream was down is still passed on, once.
 */
export class AlpacaBroker implements TradingBroker {
  readonly name = 'alpaca';
  private readonly http: AlpacaHttp;
  private readonly log: AlpacaLog;
  private readonly tracker = new FillTracker();
  private readonly listeners = new Set<(u: BrokerUpdate) => void>();
  private stream: TradeStream | null = null;
  private streamStarted: Promise<void> | null = null;
  private resyncing = false;
  private resyncAgain = false;
  private closed = false;

  constructor(private readonly opts: AlpacaBrokerOptions) {
    this.log = opts.log ?? silentLog;
    this.http = new AlpacaHttp(opts.config.baseUrl, opts.config.credentials, { ...opts.http, log: this.log });
  }

  async submit(req: BrokerOrderRequest): Promise<BrokerOrder> {
    const body = orderBody(req);
    this.tracker.follow(req.clientOrderId);
    let order: BrokerOrder;
    try {
      order = await this.http.request({
        method: 'POST',
        path: '/v2/orders',
        body,
        parse: parseOrder,
        // A POST that timed out may have landed: look before sending it again.
        recover: () => this.getOrder(req.clientOrderId),
      });
    } catch (e) {
      if (!(isSextantError(e) && e.code === 'BROKER_REJECTED' && isDuplicateClientId(e))) {
        // A refusal is final; after a timeout or outage the order may exist, so keep following it.
        if (isSextantError(e) && (e.code === 'BROKER_REJECTED' || e.code === 'BROKER_AUTH_FAILED')) this.tracker.forget(req.clientOrderId);
        throw e;
      }
      const existing = await this.getOrder(req.clientOrderId);
      if (!existing) throw e;
      order = existing;
    }
    if (!sameOrder(req, order)) {
      throw new SextantError('BROKER_REJECTED', `client order id ${req.clientOrderId} already belongs to another order at Alpaca`, {
        clientOrderId: req.clientOrderId,
        brokerOrderId: order.brokerOrderId,
      });
    }
    return order;
  }

  async cancel(clientOrderId: string): Promise<void> {
    const order = await this.getOrder(clientOrderId);
    if (!order) {
      throw new SextantError('BROKER_NOT_FOUND', `Alpaca has no order with client order id ${clientOrderId}`, { clientOrderId });
    }
    if (order.status === 'filled' || order.status === 'canceled' || order.status === 'expired' || order.status === 'rejected') return;
    try {
      await this.http.request({ method: 'DELETE', path: `/v2/orders/${encodeURIComponent(order.brokerOrderId)}`, parse: () => undefined });
    } catch (e) {
      // 422: the order is no longer cancelable (it filled meanwhile); the stream tells the outcome.
      if (!(isSextantError(e) && e.code === 'BROKER_REJECTED' && e.details.status === 422)) throw e;
      this.log.info({ clientOrderId, alpacaMessage: e.details.alpacaMessage }, 'alpaca: cancel came too late');
    }
  }

  async getOrder(clientOrderId: string): Promise<BrokerOrder | null> {
    try {
      return await this.http.request({
        method: 'GET',
        path: '/v2/orders:by_client_order_id',
        query: { client_order_id: clientOrderId },
        parse: parseOrder,
      });
    } catch (e) {
      if (isSextantError(e) && e.code === 'BROKER_NOT_FOUND') return null;
      throw e;
    }
  }

  /** All orders, oldest first, paging by submission time. */
  async listOrders(which: 'open' | 'all'): Promise<BrokerOrder[]> {
    const seen = new Set<string>();
    const out: BrokerOrder[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.http.request({
        method: 'GET',
        path: '/v2/orders',
        query: { status: which, limit: ORDERS_PAGE, direction: 'asc', after },
        parse: parseOrders,
      });
      let added = 0;
      for (const o of page) {
        if (seen.has(o.brokerOrderId)) continue;
        seen.add(o.brokerOrderId);
        out.push(o);
        added++;
      }
      if (page.length < ORDERS_PAGE || added === 0) return out;
      // `after` is exclusive: step back 1 ms so orders sharing the last timestamp are not skipped.
      after = toRfc3339(page[page.length - 1].submittedAt - 1);
    }
  }

  positions(): Promise<BrokerPosition[]> {
    return this.http.request({ method: 'GET', path: '/v2/positions', parse: parsePositions });
  }

  account(): Promise<BrokerAccount> {
    return this.http.request({ method: 'GET', path: '/v2/account', parse: parseAccount });
  }

  clock(): Promise<MarketClock> {
    return this.http.request({ method: 'GET', path: '/v2/clock', parse: parseClock });
  }

  onUpdate(listener: (u: BrokerUpdate) => void): () => void {
    this.listeners.add(listener);
    void this.ready().catch((e: Error) => this.log.error({ error: e.message }, 'alpaca: trade_updates stream did not start'));
    return () => this.listeners.delete(listener);
  }

  /** Starts the trade_updates stream if needed; resolves once it listens (rejects if the keys are refused). */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new SextantError('BROKER_UNAVAILABLE', 'the Alpaca broker is closed', {}));
    if (!this.streamStarted) {
      this.stream = new TradeStream(
        this.opts.config.streamUrl,
        this.opts.config.credentials,
        { update: (u) => this.emit(this.tracker.fromEvent(u)), resync: () => void this.resync() },
        { backoffMs: this.opts.reconnectMs, maxBackoffMs: this.opts.maxReconnectMs, pingMs: this.opts.pingMs, log: this.log },
      );
      this.streamStarted = this.stream.start();
    }
    return this.streamStarted;
  }

  /** Follow an order from its present state (one reconciled after a restart), so only later changes become updates. */
  follow(order: BrokerOrder): void {
    this.tracker.baseline(order);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.stream?.stop();
  }

  /**
   * Re-reads the open orders and every followed order not yet final, and passes on what changed.
   * Retried with back-off until it succeeds, since a fill missed here is found nowhere else;
   * calls during a run are folded into one more run.
   */
  private async resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return;
    }
    this.resyncing = true;
    let failures = 0;
    try {
      do {
        this.resyncAgain = false;
        try {
          await this.resyncOnce();
          failures = 0;
        } catch (e) {
          const waitMs = Math.min(this.opts.maxReconnectMs ?? 30_000, (this.opts.reconnectMs ?? 500) * 2 ** failures++);
          this.log.warn({ error: (e as Error).message, waitMs }, 'alpaca: order re-sync failed; trying again');
          this.resyncAgain = true;
          await (this.opts.http?.sleep ?? realSleep)(waitMs);
        }
      } while (this.resyncAgain && !this.closed);
    } finally {
      this.resyncing = false;
    }
  }

  private async resyncOnce(): Promise<void> {
    const open = await this.listOrders('open');
    const openIds = new Set(open.map((o) => o.clientOrderId));
    const followed = this.tracker.openIds().filter((id) => !openIds.has(id));
    for (const o of open) this.emit(this.tracker.fromSnapshot(o));
    for (const id of followed) {
      if (this.closed) return;
      // null: a submit still on its way (or refused); nothing to pass on yet.
      const o = await this.getOrder(id);
      if (o) this.emit(this.tracker.fromSnapshot(o));
    }
  }

  private emit(updates: BrokerUpdate[]): void {
    for (const u of updates) {
      for (const l of this.listeners) {
        try {
          l(u);
        } catch (e) {
          this.log.error({ error: (e as Error).message, event: u.event, clientOrderId: u.order.clientOrderId }, 'alpaca: an update listener threw');
        }
      }
    }
  }
}
