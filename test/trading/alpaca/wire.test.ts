import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERVALS } from '../../../src/core/interval.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import { parseAccount, parseClock, parseOrder, parsePositions, parseTradeUpdate } from '../../../src/trading/alpaca/schemas.js';
import { alpacaTimeframe, barCloseTime } from '../../../src/trading/alpaca/timeframe.js';
import { parseRfc3339, toDecimalString } from '../../../src/trading/alpaca/wire-values.js';
import { errorText, rejection } from './helpers.js';

/** An order object as Alpaca's documentation shows one (all decimals are strings). */
const ORDER = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
  client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
  created_at: '2021-03-16T18:38:01.942282Z',
  updated_at: '2021-03-16T18:38:01.942282Z',
  submitted_at: '2021-03-16T18:38:01.937734Z',
  filled_at: null,
  asset_class: 'us_equity',
  symbol: 'AAPL',
  qty: '0.01',
  filled_qty: '0',
  filled_avg_price: null,
  order_class: '',
  order_type: 'market',
  type: 'market',
  side: 'buy',
  time_in_force: 'day',
  limit_price: null,
  stop_price: null,
  status: 'accepted',
  extended_hours: false,
  legs: null,
  some_future_field: { anything: true },
};

describe('wire values', () => {
  it('reads RFC 3339 times with micro/nanoseconds and offsets as epoch ms', () => {
    expect(parseRfc3339('2021-03-16T18:38:01.942282Z')).toBe(Date.UTC(2021, 2, 16, 18, 38, 1, 942));
    expect(parseRfc3339('2021-02-22T15:51:00.123456789Z')).toBe(Date.UTC(2021, 1, 22, 15, 51, 0, 123));
    expect(parseRfc3339('2024-01-02T09:30:00-05:00')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseRfc3339('2024-07-01T09:30:00.5+02:00')).toBe(Date.UTC(2024, 6, 1, 7, 30, 0, 500));
    expect(parseRfc3339('2024-01-02')).toBeNaN();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (t) => parseRfc3339(new Date(t).toISOString()) === t),
    );
  });

  it('writes numbers as plain decimals that read back to the same number', () => {
    expect(toDecimalString(1e-7)).toBe('0.0000001');
    expect(toDecimalString(187.25)).toBe('187.25');
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (x) => {
        const s = toDecimalString(x);
        return /^\d+(\.\d+)?$/.test(s) && Math.abs(Number(s) - x) <= 1e-12 * Math.max(1, x);
      }),
    );
  });

  it('names Alpaca timeframes and turns open stamps into close stamps', () => {
    const names = Object.fromEntries(INTERVALS.map((iv) => [iv, alpacaTimeframe(iv)]));
    expect(names).toEqual({
      '1m': '1Min', '2m': '2Min', '3m': '3Min', '5m': '5Min', '10m': '10Min', '15m': '15Min', '30m': '30Min',
      '1h': '1Hour', '2h': '2Hour', '4h': '4Hour', '6h': '6Hour', '8h': '8Hour', '12h': '12Hour',
      '1d': '1Day', '1w': '1Week', '1mo': '1Month',
    });
    expect(barCloseTime(Date.UTC(2024, 0, 2, 14, 30), '1m')).toBe(Date.UTC(2024, 0, 2, 14, 31));
    expect(barCloseTime(Date.UTC(2024, 0, 2, 14, 0), '1h')).toBe(Date.UTC(2024, 0, 2, 15, 0));
    // Stock daily bars open at midnight New York time (05:00Z in winter, 04:00Z in summer).
    expect(barCloseTime(Date.UTC(2024, 0, 2, 5), '1d')).toBe(Date.UTC(2024, 0, 3));
    expect(barCloseTime(Date.UTC(2024, 6, 2, 4), '1d')).toBe(Date.UTC(2024, 6, 3));
    expect(barCloseTime(Date.UTC(2024, 0, 2), '1d')).toBe(Date.UTC(2024, 0, 3));
    // Weekly bars open on Monday, monthly on the 1st.
    expect(barCloseTime(Date.UTC(2024, 0, 8, 5), '1w')).toBe(Date.UTC(2024, 0, 15));
    expect(barCloseTime(Date.UTC(2024, 1, 1, 5), '1mo')).toBe(Date.UTC(2024, 2, 1));
  });
});

describe('schemas', () => {
  it('parses the documented order object, string decimals exactly, extra fields ignored', () => {
    const o = parseOrder({ ...ORDER, status: 'partially_filled', filled_qty: '0.004', filled_avg_price: '123.4567', limit_price: '123.46', type: 'limit' });
    expect(o).toEqual({
      brokerOrderId: ORDER.id,
      clientOrderId: ORDER.client_order_id,
      symbol: 'AAPL',
      side: 'buy',
      qty: 0.01,
      filledQty: 0.004,
      filledAvgPrice: 123.4567,
      type: 'limit',
      tif: 'day',
      limitPrice: 123.46,
      stopPrice: null,
      status: 'partially-filled',
      submittedAt: Date.UTC(2021, 2, 16, 18, 38, 1, 937),
      updatedAt: Date.UTC(2021, 2, 16, 18, 38, 1, 942),
    });
  });

  it('maps every Alpaca status onto the broker statuses', () => {
    const status = (s: string, filled = '0') => parseOrder({ ...ORDER, qty: '10', status: s, filled_qty: filled, filled_avg_price: filled === '0' ? null : '5' }).status;
    expect(status('pending_new')).toBe('new');
    expect(status('new')).toBe('new');
    expect(status('accepted')).toBe('accepted');
    expect(status('partially_filled', '3')).toBe('partially-filled');
    expect(status('filled', '10')).toBe('filled');
    expect(status('done_for_day')).toBe('accepted');
    expect(status('done_for_day', '3')).toBe('partially-filled');
    expect(status('calculated', '10')).toBe('filled');
    expect(status('pending_cancel')).toBe('cancel-pending');
    expect(status('canceled')).toBe('canceled');
    expect(status('replaced')).toBe('canceled');
    expect(status('expired')).toBe('expired');
    expect(status('rejected')).toBe('rejected');
    expect(status('suspended')).toBe('accepted');
    expect(status('stopped', '3')).toBe('partially-filled');
  });

  it('refuses a malformed payload naming the field', async () => {
    const bad = [
      [() => parseOrder({ ...ORDER, qty: '1e3x' }), 'qty'],
      [() => parseOrder({ ...ORDER, status: 'exploded' }), 'status'],
      [() => parseOrder({ ...ORDER, created_at: 'yesterday' }), 'created_at'],
      [() => parseOrder({ ...ORDER, id: undefined }), 'id'],
      [() => parseAccount({ status: 'ACTIVE', cash: 'lots', equity: '1', buying_power: '1' }), 'cash'],
      [() => parsePositions([{ symbol: 'X', qty: '1', avg_entry_price: null }]), '0.avg_entry_price'],
      [() => parseTradeUpdate({ event: 'fill', order: { ...ORDER, filled_qty: 'seven' } }), 'order.filled_qty'],
    ] as const;
    for (const [f, field] of bad) {
      const e = await rejection(Promise.resolve().then((): unknown => f()));
      expect(e.code).toBe('BROKER_PAYLOAD_INVALID');
      expect(e.details?.field).toBe(field);
      expect(e.message).toContain(`'${field}'`);
    }
  });

  it('signs short positions and reads clock offsets', () => {
    const [p] = parsePositions([{ symbol: 'TSLA', qty: '5', side: 'short', avg_entry_price: '200.5', current_price: '199.25' }]);
    expect(p).toEqual({ symbol: 'TSLA', qty: -5, avgEntryPrice: 200.5, price: 199.25 });
    const c = parseClock({ timestamp: '2024-01-02T10:00:00.123456-05:00', is_open: true, next_open: '2024-01-03T09:30:00-05:00', next_close: '2024-01-02T16:00:00-05:00' });
    expect(c).toEqual({ now: Date.UTC(2024, 0, 2, 15, 0, 0, 123), isOpen: true, nextOpen: Date.UTC(2024, 0, 3, 14, 30), nextClose: Date.UTC(2024, 0, 2, 21) });
  });
});

describe('config', () => {
  it('names the missing variables and never echoes a key', async () => {
    const e = await rejection(Promise.resolve().then(() => alpacaConfigFromEnv({ APCA_API_KEY_ID: 'PKSECRETKEYID' })));
    expect(e.code).toBe('BROKER_CREDENTIALS_MISSING');
    expect(e.message).toContain('APCA_API_SECRET_KEY');
    expect(e.message).not.toContain('APCA_API_KEY_ID');
    expect(errorText(e)).not.toContain('PKSECRETKEYID');
    const none = await rejection(Promise.resolve().then(() => alpacaConfigFromEnv({})));
    expect(none.message).toContain('APCA_API_KEY_ID and APCA_API_SECRET_KEY');
  });

  it('derives the stream URLs and redacts the keys when printed', () => {
    const c = alpacaConfigFromEnv({ APCA_API_KEY_ID: 'PKID123', APCA_API_SECRET_KEY: 'sekrit/456' });
    expect(c.baseUrl).toBe('https://paper-api.alpaca.markets');
    expect(c.streamUrl).toBe('wss://paper-api.alpaca.markets/stream');
    expect(c.dataUrl).toBe('https://data.alpaca.markets');
    expect(c.dataStreamUrl).toBe('wss://stream.data.alpaca.markets');
    const local = alpacaConfigFromEnv({ APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_API_BASE_URL: 'http://127.0.0.1:9/', APCA_API_DATA_URL: 'http://127.0.0.1:8' });
    expect([local.baseUrl, local.streamUrl, local.dataStreamUrl]).toEqual(['http://127.0.0.1:9', 'ws://127.0.0.1:9/stream', 'ws://127.0.0.1:8']);
    for (const shown of [JSON.stringify(c), inspect(c, { depth: 5 }), String(Object.values(c))]) {
      expect(shown).not.toContain('PKID123');
      expect(shown).not.toContain('sekrit/456');
    }
    expect(c.credentials.headers()).toEqual({ 'APCA-API-KEY-ID': 'PKID123', 'APCA-API-SECRET-KEY': 'sekrit/456' });
  });
});
