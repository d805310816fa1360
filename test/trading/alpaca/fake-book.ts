import { randomUUID } from 'node:crypto';

/**
 * The trading state of the fake Alpaca server: orders, positions, cash, with Alpaca's wire
 * shapes (string decimals, RFC 3339 times, real status values). No HTTP here.
 */

export type WireStatus = 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'rejected' | 'pending_cancel' | 'accepted';

export interface FakeOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  filledQty: number;
  /** Σ qty·price of the fills, for the average. */
  filledNotional: number;
  type: string;
  tif: string;
  limitPrice: number | null;
  stopPrice: number | null;
  /** A stop or stop-limit whose stop the price has reached (it then executes as market or limit). */
  triggered: boolean;
  status: WireStatus;
  createdAt: number;
  updatedAt: number;
  filledAt: number | null;
  canceledAt: number | null;
  expiredAt: number | null;
  failedAt: number | null;
}

export interface FakePosition {
  qty: number;
  avgEntryPrice: number;
}

/** A fake's answer: an HTTP status and a JSON body. */
export interface Reply {
  status: number;
  body?: unknown;
}

const OPEN: ReadonlySet<WireStatus> = new Set(['new', 'partially_filled', 'accepted', 'pending_cancel']);
const DECIMAL = /^\d+(\.\d+)?$/;

/** Decimal text as Alpaca writes it: no exponent, no float noise (131.355, not 131.35499999). */
export const dec = (n: number): string => {
  const s = String(Number(n.toPrecision(12)));
  // Below 1e-6 String() switches to exponents (a small crypto part): write the digits out.
  return s.includes('e') ? Number(s).toFixed(20).replace(/\.?0+$/, '') : s;
};
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString().replace('Z', '123Z'));

/**
 * `qty` as at most `parts` equal executions, the last taking the remainder, in whole units or
 * (`whole` false, for crypto) in steps of 1e-9, Alpaca's finest; the decimal texts of the parts
 * then add up to `qty` exactly. Fewer parts when there are fewer units than parts.
 */
export function splitQty(qty: number, parts: number, whole: boolean): number[] {
  const scale = whole ? 1 : 1e9;
  const units = Math.round(qty * scale);
  const n = Math.max(1, Math.min(parts, units));
  const each = Math.floor(units / n);
  const out: number[] = [];
  for (let i = 0; i < n - 1; i++) out.push(each / scale);
  // The exact remainder (not units/scale): quantities finer than 1e-9 still add up.
  out.push(qty - (each * (n - 1)) / scale);
  return out;
}

export const apiError = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

export class FakeBook {
  readonly orders: FakeOrder[] = [];
  readonly positions = new Map<string, FakePosition>();
  readonly lastPrice = new Map<string, number>();
  /** Open time of the newest bar seen per symbol, so older history does not move the last price. */
  private readonly lastBarTime = new Map<string, number>();
  cash: number;

  constructor(
    cash: number,
    private readonly now: () => number,
  ) {
    this.cash = cash;
  }

  isOpen(o: FakeOrder): boolean {
    return OPEN.has(o.status);
  }

  byClientId(cid: string): FakeOrder | undefined {
    return this.orders.find((o) => o.clientOrderId === cid);
  }

  byId(id: string): FakeOrder | undefined {
    return this.orders.find((o) => o.id === id);
  }

  price(symbol: string): number {
    return this.lastPrice.get(symbol) ?? 100;
  }

  /** A bar's close becomes the last price unless a newer bar was seen; returns whether it did. */
  quoteBar(symbol: string, t: number, close: number): boolean {
    if (t < (this.lastBarTime.get(symbol) ?? -Infinity)) return false;
    this.lastBarTime.set(symbol, t);
    this.lastPrice.set(symbol, close);
    return true;
  }

  /** Marks a stop or stop-limit triggered once `price` reaches its stop (up for a buy, down for a sell). */
  trigger(o: FakeOrder, price: number): void {
    if (o.stopPrice === null || o.triggered) return;
    o.triggered = o.side === 'buy' ? price >= o.stopPrice : price <= o.stopPrice;
  }

  /** Whether an order executes at `price`: a market order always, a limit at or through its limit, a stop once triggered. */
  marketable(o: FakeOrder, price: number): boolean {
    if (o.stopPrice !== null && !o.triggered) return false;
    if (o.limitPrice === null) return true;
    return o.side === 'buy' ? price <= o.limitPrice : price >= o.limitPrice;
  }

  equity(): number {
    let e = this.cash;
    for (const [s, p] of this.positions) e += p.qty * this.price(s);
    return e;
  }

  /** POST /v2/orders: validation as Alpaca does it, then a new order. */
  create(body: Record<string, unknown>): Reply & { order?: FakeOrder } {
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : typeof body[k] === 'number' ? String(body[k]) : undefined);
    const symbol = str('symbol');
    const qtyText = str('qty');
    const side = str('side');
    const type = str('type') ?? 'market';
    const tif = str('time_in_force');
    const cid = str('client_order_id') ?? randomUUID();
    const limit = str('limit_price');
    const stop = str('stop_price');
    if (!symbol) return apiError(422, 40010001, 'symbol is required');
    if (!qtyText || !DECIMAL.test(qtyText) || Number(qtyText) <= 0) return apiError(422, 40010001, 'qty must be > 0');
    if (side !== 'buy' && side !== 'sell') return apiError(422, 40010001, 'invalid side');
    if (!['market', 'limit', 'stop', 'stop_limit'].includes(type)) return apiError(422, 40010001, 'invalid order type');
    if (!tif || !['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'].includes(tif)) return apiError(422, 40010001, 'invalid time_in_force');
    if ((type === 'limit' || type === 'stop_limit') && (!limit || !DECIMAL.test(limit))) return apiError(422, 40010001, 'limit_price is required');
    if ((type === 'stop' || type === 'stop_limit') && (!stop || !DECIMAL.test(stop))) return apiError(422, 40010001, 'stop_price is required');
    if (cid.length > 128) return apiError(422, 40010001, 'client_order_id must be no more than 128 characters');
    if (this.byClientId(cid)) return apiError(422, 40010001, 'client_order_id must be unique');
    const qty = Number(qtyText);
    if (side === 'buy' && qty * (limit ? Number(limit) : this.price(symbol)) > this.buyingPower()) {
      return apiError(403, 40310000, 'insufficient buying power');
    }
    const t = this.now();
    const order: FakeOrder = {
      id: randomUUID(),
      clientOrderId: cid,
      symbol,
      side,
      qty,
      filledQty: 0,
      filledNotional: 0,
      type,
      tif,
      limitPrice: limit ? Number(limit) : null,
      stopPrice: stop ? Number(stop) : null,
      triggered: false,
      status: 'new',
      createdAt: t,
      updatedAt: t,
      filledAt: null,
      canceledAt: null,
      expiredAt: null,
      failedAt: null,
    };
    this.orders.push(order);
    return { status: 200, body: this.wire(order), order };
  }

  buyingPower(): number {
    let reserved = 0;
    for (const o of this.orders) {
      if (this.isOpen(o) && o.side === 'buy') reserved += (o.qty - o.filledQty) * (o.limitPrice ?? this.price(o.symbol));
    }
    return this.cash - reserved;
  }

  /** One execution; returns the trade_updates payload. Throws on a misuse by the test. */
  fill(o: FakeOrder, qty: number, price: number): Record<string, unknown> {
    if (!this.isOpen(o)) throw new Error(`fake: order ${o.clientOrderId} is ${o.status}, cannot fill`);
    if (qty <= 0 || o.filledQty + qty > o.qty + 1e-9) throw new Error(`fake: fill of ${qty} exceeds the ${o.qty - o.filledQty} left`);
    const t = this.now();
    o.filledQty += qty;
    o.filledNotional += qty * price;
    o.status = o.filledQty >= o.qty - 1e-9 ? 'filled' : 'partially_filled';
    o.updatedAt = t;
    if (o.status === 'filled') o.filledAt = t;
    const signed = o.side === 'buy' ? qty : -qty;
    this.cash -= signed * price;
    this.lastPrice.set(o.symbol, price);
    const pos = this.positions.get(o.symbol) ?? { qty: 0, avgEntryPrice: 0 };
    const next = pos.qty + signed;
    if (Math.abs(next) < 1e-12) this.positions.delete(o.symbol);
    else {
      // Adding to a position averages the entry; reducing keeps it; crossing zero restarts it.
      const avg = Math.sign(pos.qty) === Math.sign(signed) || pos.qty === 0
        ? (pos.qty * pos.avgEntryPrice + signed * price) / next
        : Math.sign(next) === Math.sign(pos.qty) ? pos.avgEntryPrice : price;
      this.positions.set(o.symbol, { qty: next, avgEntryPrice: avg });
    }
    return {
      event: o.status === 'filled' ? 'fill' : 'partial_fill',
      execution_id: randomUUID(),
      order: this.wire(o),
      timestamp: iso(t),
      price: dec(price),
      qty: dec(qty),
      position_qty: dec(this.positions.get(o.symbol)?.qty ?? 0),
    };
  }

  /** Ends an open order (canceled, expired, rejected); returns the trade_updates payload. */
  finish(o: FakeOrder, status: 'canceled' | 'expired' | 'rejected'): Record<string, unknown> {
    if (!this.isOpen(o)) throw new Error(`fake: order ${o.clientOrderId} is ${o.status} already`);
    const t = this.now();
    o.status = status;
    o.updatedAt = t;
    if (status === 'canceled') o.canceledAt = t;
    if (status === 'expired') o.expiredAt = t;
    if (status === 'rejected') o.failedAt = t;
    return { event: status, order: this.wire(o), timestamp: iso(t) };
  }

  /** The order object of the REST API and the stream, fields and formats as Alpaca's. */
  wire(o: FakeOrder): Record<string, unknown> {
    return {
      id: o.id,
      client_order_id: o.clientOrderId,
      created_at: iso(o.createdAt),
      updated_at: iso(o.updatedAt),
      submitted_at: iso(o.createdAt),
      filled_at: iso(o.filledAt),
      expired_at: iso(o.expiredAt),
      canceled_at: iso(o.canceledAt),
      failed_at: iso(o.failedAt),
      replaced_at: null,
      replaced_by: null,
      replaces: null,
      asset_id: '904837e3-3b76-47ec-b432-046db621571b',
      symbol: o.symbol,
      asset_class: 'us_equity',
      notional: null,
      qty: dec(o.qty),
      filled_qty: dec(o.filledQty),
      filled_avg_price: o.filledQty > 0 ? dec(o.filledNotional / o.filledQty) : null,
      order_class: '',
      order_type: o.type,
      type: o.type,
      side: o.side,
      position_intent: o.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
      time_in_force: o.tif,
      limit_price: o.limitPrice === null ? null : dec(o.limitPrice),
      stop_price: o.stopPrice === null ? null : dec(o.stopPrice),
      status: o.status,
      extended_hours: false,
      legs: null,
      trail_percent: null,
      trail_price: null,
      hwm: null,
      subtag: null,
      source: null,
      expires_at: null,
    };
  }

  wirePosition(symbol: string, p: FakePosition): Record<string, unknown> {
    const price = this.price(symbol);
    return {
      asset_id: '904837e3-3b76-47ec-b432-046db621571b',
      symbol,
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      asset_marginable: true,
      qty: dec(p.qty),
      qty_available: dec(p.qty),
      avg_entry_price: dec(p.avgEntryPrice),
      side: p.qty >= 0 ? 'long' : 'short',
      market_value: dec(p.qty * price),
      cost_basis: dec(p.qty * p.avgEntryPrice),
      unrealized_pl: dec(p.qty * (price - p.avgEntryPrice)),
      unrealized_plpc: dec((price - p.avgEntryPrice) / p.avgEntryPrice),
      unrealized_intraday_pl: '0',
      unrealized_intraday_plpc: '0',
      current_price: dec(price),
      lastday_price: dec(price),
      change_today: '0',
    };
  }

  wireAccount(): Record<string, unknown> {
    let long = 0;
    let short = 0;
    for (const [s, p] of this.positions) {
      const v = p.qty * this.price(s);
      if (v >= 0) long += v;
      else short += v;
    }
    const equity = this.equity();
    return {
      id: 'e6fe16f3-64a4-4921-8928-cadf02f92f98',
      account_number: 'PA3FAKE00001',
      status: 'ACTIVE',
      crypto_status: 'ACTIVE',
      currency: 'USD',
      buying_power: dec(this.buyingPower()),
      regt_buying_power: dec(this.buyingPower()),
      daytrading_buying_power: '0',
      non_marginable_buying_power: dec(this.buyingPower()),
      cash: dec(this.cash),
      portfolio_value: dec(equity),
      equity: dec(equity),
      last_equity: dec(equity),
      long_market_value: dec(long),
      short_market_value: dec(short),
      initial_margin: '0',
      maintenance_margin: '0',
      multiplier: '1',
      pattern_day_trader: false,
      trading_blocked: false,
      transfers_blocked: false,
      account_blocked: false,
      trade_suspended_by_user: false,
      shorting_enabled: true,
      created_at: '2024-01-02T15:04:05.123456Z',
    };
  }
}
