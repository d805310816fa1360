import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { type FakeBar, FakeBars, wireBar } from './fake-bars.js';
import { FakeBook, type FakeOrder, type Reply, apiError, splitQty } from './fake-book.js';

/**
 * A local fake of Alpaca speaking the documented protocol, for tests: the trading REST API v2
 * (orders with string decimals and real statuses, positions, account, clock), the market-data
 * bars API with paging, the trade_updates WebSocket (binary frames) and the market-data
 * WebSocket (text frames). State is in memory; the test drives fills and failures, or lets the
 * fake fill orders itself against the last price (`autoFill`).
 */

export interface FakeAlpacaOptions {
  keyId?: string;
  secretKey?: string;
  cash?: number;
  /** The fake's clock (orders, rate-limit resets). Default Date.now. */
  now?: () => number;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  time: number;
}

export interface AutoFillOptions {
  /** Wait from an order becoming executable to its fill. Default 0: a later turn of the event loop. */
  delayMs?: number;
  /** Executions per fill, of equal size (the last takes the remainder). Default 1. */
  parts?: number;
  /** The price of a symbol the fake has no last price for yet (no setPrice, bar or fill). */
  price?: (symbol: string) => number;
}

interface Failure {
  status: number;
  body: unknown;
  left: number;
}

interface TradeClient {
  ws: WebSocket;
  authed: boolean;
  listening: boolean;
}

interface DataClient {
  ws: WebSocket;
  authed: boolean;
  symbols: Set<string>;
}

const DATA_PATHS = new Set(['/v2/iex', '/v2/sip', '/v1beta3/crypto/us']);

export class FakeAlpaca {
  readonly keyId: string;
  readonly secretKey: string;
  readonly book: FakeBook;
  readonly bars = new FakeBars();
  readonly requests: RequestRecord[] = [];
  /** Messages the trade_updates stream sent, whether or not anyone was listening. */
  readonly tradeEvents: Array<Record<string, unknown>> = [];
  /** client_order_id of every POST /v2/orders that reached the order book (created or refused), in arrival order. */
  readonly postedClientIds: string[] = [];
  clockState = { isOpen: true, nextOpen: Date.UTC(2030, 0, 2, 14, 30), nextClose: Date.UTC(2030, 0, 2, 21) };
  private readonly now: () => number;
  private readonly failures = new Map<string, Failure>();
  private readonly delays = new Map<string, { ms: number; left: number }>();
  private rateLimit: { left: number; resetSeconds: number } | null = null;
  private readonly tradeClients = new Set<TradeClient>();
  private readonly dataClients = new Set<DataClient>();
  private holdStreams = false;
  private auto: { delayMs: number; parts: number; price?: (symbol: string) => number } | null = null;
  /** Orders waiting for their fill time, with the timer that fills them. */
  private readonly autoTimers = new Map<FakeOrder, NodeJS.Timeout>();
  private server!: Server;
  private wss!: WebSocketServer;
  url = '';

  private constructor(opts: FakeAlpacaOptions) {
    this.keyId = opts.keyId ?? 'PKFAKEKEYID0123456789';
    this.secretKey = opts.secretKey ?? 'fakeSecretKey/0123456789abcdefghijklmnopqrstu';
    this.now = opts.now ?? Date.now;
    this.book = new FakeBook(opts.cash ?? 100_000, this.now);
  }

  static async start(opts: FakeAlpacaOptions = {}): Promise<FakeAlpaca> {
    const f = new FakeAlpaca(opts);
    f.server = createServer((req, res) => void f.onRequest(req, res));
    f.wss = new WebSocketServer({ noServer: true });
    f.server.on('upgrade', (req, socket, head) => {
      if (f.holdStreams) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      f.wss.handleUpgrade(req, socket, head, (ws) => f.onSocket(ws, new URL(req.url ?? '/', 'http://x').pathname));
    });
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  /** The environment AlpacaBroker / AlpacaBarsFeed read their settings from. */
  env(): Record<string, string> {
    return { APCA_API_KEY_ID: this.keyId, APCA_API_SECRET_KEY: this.secretKey, APCA_API_BASE_URL: this.url, APCA_API_DATA_URL: this.url };
  }

  async stop(): Promise<void> {
    this.autoFill(null);
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls -------------------------------------------------------------------

  order(clientOrderId: string): FakeOrder {
    const o = this.book.byClientId(clientOrderId);
    if (!o) throw new Error(`fake: no order ${clientOrderId}`);
    return o;
  }

  /** Executes `qty` of an order at `price`: partial_fill, or fill when nothing is left. */
  fill(clientOrderId: string, qty: number, price: number): void {
    this.broadcastTrade(this.book.fill(this.order(clientOrderId), qty, price));
  }

  expire(clientOrderId: string): void {
    this.broadcastTrade(this.book.finish(this.order(clientOrderId), 'expired'));
  }

  reject(clientOrderId: string): void {
    this.broadcastTrade(this.book.finish(this.order(clientOrderId), 'rejected'));
  }

  setPrice(symbol: string, price: number): void {
    this.book.lastPrice.set(symbol, price);
    this.priceMoved(symbol);
  }

  /**
   * From now on the fake fills open orders by itself, like a market, at the symbol's last price
   * (the latest of setPrice and bar closes; `price` when it has none). An order is looked at when
   * it is created, when its symbol's price moves, and when this is called: a market order
   * executes at once, a limit at or through its limit, a stop once the price reaches its stop.
   * The fill comes `delayMs` later (never inside the POST), if the order is still open and
   * still executable then, as `parts` executions on trade_updates. `null` turns it off.
   */
  autoFill(opts: AutoFillOptions | null): void {
    for (const t of this.autoTimers.values()) clearTimeout(t);
    this.autoTimers.clear();
    this.auto = null;
    if (!opts) return;
    const delayMs = opts.delayMs ?? 0;
    const parts = opts.parts ?? 1;
    if (!(delayMs >= 0 && Number.isFinite(delayMs))) throw new Error(`fake: autoFill delayMs must be a finite number >= 0, got ${delayMs}`);
    if (!(Number.isInteger(parts) && parts >= 1)) throw new Error(`fake: autoFill parts must be an integer >= 1, got ${parts}`);
    this.auto = { delayMs, parts, price: opts.price };
    for (const o of this.book.orders) this.autoCheck(o);
  }

  /** Orders that will be looked at again when their fill time comes. */
  autoFillPending(): number {
    return this.autoTimers.size;
  }

  /** Orders the fake created (POSTs that made a new order); compare with `postedClientIds`. */
  orderCount(): number {
    return this.book.orders.length;
  }

  /** The next `count` requests to `path` ("POST /v2/orders" or just "/v2/orders") get `status`. */
  failNext(path: string, status: number, count = 1, body: unknown = { code: status * 100_000, message: 'internal server error' }): void {
    this.failures.set(path, { status, body, left: count });
  }

  /** The next `count` requests (any path) get a 429 whose X-RateLimit-Reset is `resetSeconds` ahead. */
  rateLimitNext(count: number, resetSeconds: number): void {
    this.rateLimit = { left: count, resetSeconds };
  }

  /** The next `count` requests to `path` are carried out, but answered only after `ms`. */
  delayNext(path: string, ms: number, count = 1): void {
    this.delays.set(path, { ms, left: count });
  }

  /** Closes every WebSocket abruptly; with `hold`, refuses new ones until `allowStreams()`. */
  dropStreams(opts: { hold?: boolean } = {}): void {
    this.holdStreams = !!opts.hold;
    for (const c of this.wss.clients) c.terminate();
  }

  allowStreams(): void {
    this.holdStreams = false;
  }

  /** Authorised trade_updates listeners and subscribed market-data clients. */
  streamClients(): { trade: number; data: number } {
    let trade = 0;
    let data = 0;
    for (const c of this.tradeClients) if (c.listening && c.ws.readyState === WebSocket.OPEN) trade++;
    for (const c of this.dataClients) if (c.symbols.size > 0 && c.ws.readyState === WebSocket.OPEN) data++;
    return { trade, data };
  }

  /** Historical bars (open-stamped) for a symbol and timeframe ("1Min", "5Min", "1Day"...). */
  addBars(symbol: string, timeframe: string, bars: readonly FakeBar[]): void {
    this.bars.add(symbol, timeframe, bars);
    if (bars.length === 0) return;
    const newest = bars.reduce((a, b) => (b.t > a.t ? b : a));
    if (this.book.quoteBar(symbol, newest.t, newest.c)) this.priceMoved(symbol);
  }

  /** A live minute bar: stored in the 1Min history and sent to the subscribed market-data clients. */
  pushBar(symbol: string, bar: FakeBar): void {
    this.bars.add(symbol, '1Min', [bar]);
    const msg = JSON.stringify([{ T: 'b', S: symbol, ...wireBar(bar) }]);
    for (const c of this.dataClients) {
      if (c.authed && (c.symbols.has(symbol) || c.symbols.has('*')) && c.ws.readyState === WebSocket.OPEN) c.ws.send(msg);
    }
    if (this.book.quoteBar(symbol, bar.t, bar.c)) this.priceMoved(symbol);
  }

  /** Requests made to `path` (pathname) so far, optionally of one method. */
  calls(path: string, method?: string): RequestRecord[] {
    return this.requests.filter((r) => r.path === path && (!method || r.method === method));
  }

  // ---- auto-fill -----------------------------------------------------------------------------

  private priceMoved(symbol: string): void {
    for (const o of this.book.orders) if (o.symbol === symbol) this.autoCheck(o);
  }

  /** The last price, else the test's; undefined (the order waits) when neither gives a usable one. */
  private autoPrice(symbol: string): number | undefined {
    const p = this.book.lastPrice.get(symbol) ?? this.auto?.price?.(symbol);
    return p !== undefined && Number.isFinite(p) && p > 0 ? p : undefined;
  }

  /** Schedules the fill of an open order that executes at the last price. */
  private autoCheck(o: FakeOrder): void {
    if (!this.auto || this.autoTimers.has(o) || !this.book.isOpen(o)) return;
    const price = this.autoPrice(o.symbol);
    if (price === undefined) return;
    this.book.trigger(o, price);
    if (this.book.marketable(o, price)) this.autoTimers.set(o, setTimeout(() => this.autoRun(o), this.auto.delayMs));
  }

  private autoRun(o: FakeOrder): void {
    this.autoTimers.delete(o);
    const price = this.autoPrice(o.symbol);
    // Cancelled meanwhile, or the price moved away: no fill (a later price move looks again).
    if (!this.auto || !this.book.isOpen(o) || price === undefined || !this.book.marketable(o, price)) return;
    const left = o.qty - o.filledQty;
    const whole = !o.symbol.includes('/') && Number.isInteger(left); // crypto pairs (BTC/USD) trade fractions
    for (const q of splitQty(left, this.auto.parts, whole)) this.broadcastTrade(this.book.fill(o, q, price));
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: u.pathname, query: u.searchParams, time: this.now() });
    const raw = await readBody(req);
    const send = (r: Reply, headers: Record<string, string> = {}): void => {
      if (res.destroyed) return;
      const text = r.body === undefined ? '' : JSON.stringify(r.body);
      res.writeHead(r.status, { ...(text ? { 'Content-Type': 'application/json; charset=UTF-8' } : {}), ...headers });
      res.end(text);
    };
    const keyId = req.headers['apca-api-key-id'];
    const secret = req.headers['apca-api-secret-key'];
    if (keyId !== this.keyId || secret !== this.secretKey) return send(apiError(401, 40110000, 'request is not authorized'));
    if (this.rateLimit && this.rateLimit.left > 0) {
      this.rateLimit.left--;
      const reset = this.now() / 1000 + this.rateLimit.resetSeconds;
      return send(apiError(429, 42910000, 'rate limit exceeded'), {
        'X-RateLimit-Limit': '200',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(reset),
      });
    }
    const failure = this.take(this.failures, `${method} ${u.pathname}`) ?? this.take(this.failures, u.pathname);
    if (failure) return send({ status: failure.status, body: failure.body });
    let reply: Reply;
    try {
      reply = this.route(method, u, raw);
    } catch (e) {
      reply = apiError(500, 50010000, (e as Error).message);
    }
    const delay = this.take(this.delays, `${method} ${u.pathname}`) ?? this.take(this.delays, u.pathname);
    if (delay) await new Promise((r) => setTimeout(r, delay.ms));
    send(reply);
  }

  private take<T extends { left: number }>(m: Map<string, T>, key: string): T | undefined {
    const f = m.get(key);
    if (!f || f.left <= 0) return undefined;
    f.left--;
    return f;
  }

  private route(method: string, u: URL, raw: string): Reply {
    const p = u.pathname;
    const q = u.searchParams;
    if (method === 'GET' && (p === '/v2/stocks/bars' || p === '/v1beta3/crypto/us/bars')) return this.bars.query(q);
    if (p === '/v2/orders' && method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return apiError(400, 40010000, 'request body format is invalid');
      }
      if (typeof body.client_order_id === 'string') this.postedClientIds.push(body.client_order_id);
      const r = this.book.create(body);
      if (r.order) {
        this.broadcastTrade({ event: 'new', order: this.book.wire(r.order), timestamp: new Date(this.now()).toISOString() });
        this.autoCheck(r.order);
      }
      return r;
    }
    if (p === '/v2/orders' && method === 'GET') return this.listOrders(q);
    if (p === '/v2/orders:by_client_order_id' && method === 'GET') {
      const o = this.book.byClientId(q.get('client_order_id') ?? '');
      return o ? { status: 200, body: this.book.wire(o) } : apiError(404, 40410000, 'order not found');
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(p);
    if (byId) {
      const o = this.book.byId(decodeURIComponent(byId[1]));
      if (!o) return apiError(404, 40410000, 'order not found');
      if (method === 'GET') return { status: 200, body: this.book.wire(o) };
      if (method === 'DELETE') {
        if (!this.book.isOpen(o)) return apiError(422, 42210000, `order is already in "${o.status}" state`);
        this.broadcastTrade(this.book.finish(o, 'canceled'));
        return { status: 204 };
      }
    }
    if (p === '/v2/positions' && method === 'GET') {
      return { status: 200, body: [...this.book.positions].map(([s, pos]) => this.book.wirePosition(s, pos)) };
    }
    if (p === '/v2/account' && method === 'GET') return { status: 200, body: this.book.wireAccount() };
    if (p === '/v2/clock' && method === 'GET') {
      const c = this.clockState;
      return {
        status: 200,
        body: {
          timestamp: new Date(this.now()).toISOString().replace('Z', '-00:00'),
          is_open: c.isOpen,
          next_open: new Date(c.nextOpen - 5 * 3_600_000).toISOString().replace('.000Z', '-05:00'),
          next_close: new Date(c.nextClose - 5 * 3_600_000).toISOString().replace('.000Z', '-05:00'),
        },
      };
    }
    return apiError(404, 40410000, 'endpoint not found');
  }

  private listOrders(q: URLSearchParams): Reply {
    const status = q.get('status') ?? 'open';
    const limit = Math.min(500, Number(q.get('limit') ?? 50));
    const after = q.has('after') ? Date.parse(q.get('after')!) : -Infinity;
    const until = q.has('until') ? Date.parse(q.get('until')!) : Infinity;
    const asc = q.get('direction') === 'asc';
    let list = this.book.orders.filter((o) => {
      const open = this.book.isOpen(o);
      const wanted = status === 'all' || (status === 'open' ? open : !open);
      return wanted && o.createdAt > after && o.createdAt < until;
    });
    list = [...list].sort((a, b) => (asc ? a.createdAt - b.createdAt : b.createdAt - a.createdAt)).slice(0, limit);
    return { status: 200, body: list.map((o) => this.book.wire(o)) };
  }

  // ---- WebSockets ----------------------------------------------------------------------------

  private onSocket(ws: WebSocket, path: string): void {
    if (path === '/stream') this.onTradeSocket(ws);
    else if (DATA_PATHS.has(path)) this.onDataSocket(ws);
    else ws.close(1008, 'unknown stream');
  }

  private onTradeSocket(ws: WebSocket): void {
    const c: TradeClient = { ws, authed: false, listening: false };
    this.tradeClients.add(c);
    ws.on('close', () => this.tradeClients.delete(c));
    const send = (m: unknown): void => ws.send(Buffer.from(JSON.stringify(m)), { binary: true });
    ws.on('message', (data) => {
      let m: { action?: string; data?: Record<string, unknown>; key?: string; secret?: string };
      try {
        m = JSON.parse(data.toString());
      } catch {
        return send({ stream: 'listening', data: { error: 'invalid syntax' } });
      }
      if (m.action === 'authenticate' || m.action === 'auth') {
        const key = m.data?.key_id ?? m.key;
        const secret = m.data?.secret_key ?? m.secret;
        c.authed = key === this.keyId && secret === this.secretKey;
        send({ stream: 'authorization', data: { action: 'authenticate', status: c.authed ? 'authorized' : 'unauthorized' } });
        if (!c.authed) ws.close();
        return;
      }
      if (m.action === 'listen') {
        if (!c.authed) return send({ stream: 'listening', data: { error: 'access key verification failed' } });
        const streams = (m.data?.streams as string[] | undefined) ?? [];
        c.listening = streams.includes('trade_updates');
        send({ stream: 'listening', data: { streams: c.listening ? ['trade_updates'] : [] } });
      }
    });
  }

  private broadcastTrade(data: Record<string, unknown>): void {
    this.tradeEvents.push(data);
    const frame = Buffer.from(JSON.stringify({ stream: 'trade_updates', data }));
    for (const c of this.tradeClients) if (c.listening && c.ws.readyState === WebSocket.OPEN) c.ws.send(frame, { binary: true });
  }

  private onDataSocket(ws: WebSocket): void {
    const c: DataClient = { ws, authed: false, symbols: new Set() };
    this.dataClients.add(c);
    ws.on('close', () => this.dataClients.delete(c));
    const send = (m: unknown[]): void => ws.send(JSON.stringify(m));
    send([{ T: 'success', msg: 'connected' }]);
    ws.on('message', (data) => {
      let m: { action?: string; key?: string; secret?: string; bars?: string[] };
      try {
        m = JSON.parse(data.toString());
      } catch {
        return send([{ T: 'error', code: 400, msg: 'invalid syntax' }]);
      }
      if (m.action === 'auth') {
        if (m.key === this.keyId && m.secret === this.secretKey) {
          c.authed = true;
          send([{ T: 'success', msg: 'authenticated' }]);
        } else {
          send([{ T: 'error', code: 402, msg: 'auth failed' }]);
          ws.close();
        }
        return;
      }
      if (!c.authed) return send([{ T: 'error', code: 401, msg: 'not authenticated' }]);
      if (m.action === 'subscribe') {
        for (const s of m.bars ?? []) c.symbols.add(s);
        send([{ T: 'subscription', trades: [], quotes: [], bars: [...c.symbols], updatedBars: [], dailyBars: [], statuses: [], lulds: [], corrections: [], cancelErrors: [] }]);
      }
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
