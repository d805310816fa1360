import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import type { BrokerAccount, BrokerOrder, BrokerPosition, MarketClock } from '../broker.js';
import { ALPACA_ORDER_STATUSES, ALPACA_ORDER_TYPES, ALPACA_TIFS, mapStatus, mapTif, mapType } from './order-map.js';
import { decimal, isoTime } from './wire-values.js';

/**
 * Parsers for Alpaca's wire objects. Each turns string decimals into numbers and RFC 3339 times
 * into epoch ms, ignores fields it does not use, and refuses a malformed payload with
 * BROKER_PAYLOAD_INVALID naming the first bad field.
 */

const orderWire = z.object({
  id: z.string(),
  client_order_id: z.string(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  // Notional orders have no qty until they fill.
  qty: decimal.nullish(),
  filled_qty: decimal,
  filled_avg_price: decimal.nullish(),
  type: z.enum(ALPACA_ORDER_TYPES),
  time_in_force: z.enum(ALPACA_TIFS),
  limit_price: decimal.nullish(),
  stop_price: decimal.nullish(),
  status: z.enum(ALPACA_ORDER_STATUSES),
  created_at: isoTime,
  submitted_at: isoTime.nullish(),
  updated_at: isoTime.nullish(),
});

const toOrder = (o: z.infer<typeof orderWire>): BrokerOrder => {
  const qty = o.qty ?? o.filled_qty;
  return {
    brokerOrderId: o.id,
    clientOrderId: o.client_order_id,
    symbol: o.symbol,
    side: o.side,
    qty,
    filledQty: o.filled_qty,
    // Alpaca may report "0" before the first fill.
    filledAvgPrice: o.filled_qty > 0 && o.filled_avg_price != null ? o.filled_avg_price : null,
    type: mapType(o.type),
    tif: mapTif(o.time_in_force),
    limitPrice: o.limit_price ?? null,
    stopPrice: o.stop_price ?? null,
    status: mapStatus(o.status, qty, o.filled_qty),
    submittedAt: o.submitted_at ?? o.created_at,
    updatedAt: o.updated_at ?? o.submitted_at ?? o.created_at,
  };
};

const orderSchema = orderWire.transform(toOrder);

const positionSchema = z
  .object({
    symbol: z.string(),
    qty: decimal,
    side: z.enum(['long', 'short']).optional(),
    avg_entry_price: decimal,
    current_price: decimal.nullish(),
  })
  .transform((p): BrokerPosition => ({
    symbol: p.symbol,
    // Alpaca signs short quantities; `side` settles it when it does not.
    qty: p.side === 'short' ? -Math.abs(p.qty) : p.side === 'long' ? Math.abs(p.qty) : p.qty,
    avgEntryPrice: p.avg_entry_price,
    price: p.current_price ?? p.avg_entry_price,
  }));

const accountSchema = z
  .object({
    status: z.string(),
    cash: decimal,
    equity: decimal,
    buying_power: decimal,
    currency: z.string().nullish(),
    trading_blocked: z.boolean().nullish(),
    account_blocked: z.boolean().nullish(),
    trade_suspended_by_user: z.boolean().nullish(),
  })
  .transform((a): BrokerAccount => ({
    status: a.status,
    cash: a.cash,
    equity: a.equity,
    buyingPower: a.buying_power,
    currency: a.currency ?? 'USD',
    blocked: !!(a.trading_blocked || a.account_blocked || a.trade_suspended_by_user),
  }));

const clockSchema = z
  .object({ timestamp: isoTime, is_open: z.boolean(), next_open: isoTime, next_close: isoTime })
  .transform((c): MarketClock => ({ now: c.timestamp, isOpen: c.is_open, nextOpen: c.next_open, nextClose: c.next_close }));

/** A bar as Alpaca sends it: `t` is the bar's OPEN time. */
export interface WireBar {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const barSchema = z
  .object({ t: isoTime, o: decimal, h: decimal, l: decimal, c: decimal, v: decimal })
  .transform((b): WireBar => ({ openTime: b.t, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v }));

const barsPageSchema = z.object({
  bars: z.record(z.string(), z.array(barSchema)).nullish(),
  next_page_token: z.string().nullish(),
});

/** One trade_updates event: the order after it and, for fills, this execution. */
export interface WireTradeUpdate {
  event: string;
  order: BrokerOrder;
  time: number | null;
  price: number | null;
  qty: number | null;
}

const tradeUpdateSchema = z
  .object({
    event: z.string(),
    order: orderSchema,
    timestamp: isoTime.nullish(),
    price: decimal.nullish(),
    qty: decimal.nullish(),
  })
  .transform((u): WireTradeUpdate => ({
    event: u.event,
    order: u.order,
    time: u.timestamp ?? null,
    price: u.price ?? null,
    qty: u.qty ?? null,
  }));

/** A message of the trading stream: `{stream, data}`. */
const streamMessageSchema = z.object({ stream: z.string(), data: z.unknown() });

/** A market-data stream message is an array of these; `T` says which kind. */
const dataMessageSchema = z.looseObject({ T: z.string() });
const dataBarSchema = z
  .object({ S: z.string(), t: isoTime, o: decimal, h: decimal, l: decimal, c: decimal, v: decimal })
  .transform((b) => ({ symbol: b.S, bar: { openTime: b.t, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v } as WireBar }));

/** Alpaca's error body: `{"code": 40310000, "message": "insufficient buying power"}`. */
const errorBodySchema = z.object({ code: z.number().optional(), message: z.string().optional() });

function parser<S extends z.ZodType>(schema: S, what: string): (value: unknown) => z.output<S> {
  return (value) => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new SextantError('BROKER_PAYLOAD_INVALID', `Alpaca sent a malformed ${what}: field '${field}': ${issue.message}`, {
      what,
      field,
      issues: r.error.issues.slice(0, 5).map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  };
}

export const parseOrder = parser(orderSchema, 'order');
export const parseOrders = parser(z.array(orderSchema), 'order list');
export const parsePositions = parser(z.array(positionSchema), 'position list');
export const parseAccount = parser(accountSchema, 'account');
export const parseClock = parser(clockSchema, 'clock');
export const parseBarsPage = parser(barsPageSchema, 'bars page');
export const parseTradeUpdate = parser(tradeUpdateSchema, 'trade update');
export const parseStreamMessage = parser(streamMessageSchema, 'stream message');
export const parseDataMessages = parser(z.array(dataMessageSchema), 'market-data message');
export const parseDataBar = parser(dataBarSchema, 'market-data bar');

/** Alpaca's error body, or an empty object when the body is something else. */
export function parseErrorBody(value: unknown): { code?: number; message?: string } {
  const r = errorBodySchema.safeParse(value);
  return r.success ? r.data : {};
}
