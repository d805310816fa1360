import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../../src/trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import type { HttpOptions } from '../../../src/trading/alpaca/http.js';
import type { BrokerOrderRequest } from '../../../src/trading/broker.js';
import { FakeAlpaca } from './fake-alpaca.js';
import { capturingLog, errorText, recordingSleep, rejection } from './helpers.js';

/** Every error and log line of this file, scanned for the keys at the end. */
const seen: string[] = [];
const fakes: FakeAlpaca[] = [];
const logs: Array<{ lines: string[] }> = [];
const brokers: AlpacaBroker[] = [];

async function setup(http: Omit<HttpOptions, 'log'> = {}, fakeOpts: Parameters<typeof FakeAlpaca.start>[0] = {}) {
  const fake = await FakeAlpaca.start(fakeOpts);
  fakes.push(fake);
  const log = capturingLog();
  logs.push(log);
  const sleep = recordingSleep();
  const broker = new AlpacaBroker({
    config: alpacaConfigFromEnv(fake.env()),
    http: { timeoutMs: 400, maxAttempts: 3, backoffMs: 5, maxBackoffMs: 20, sleep, ...http },
    log,
  });
  brokers.push(broker);
  return { fake, broker, log, sleep };
}

/** The rejection of `p`, recorded for the key scan. */
async function failure(p: Promise<unknown>) {
  const e = await rejection(p);
  seen.push(errorText(e));
  return e;
}

let n = 0;
const req = (over: Partial<BrokerOrderRequest> = {}): BrokerOrderRequest => ({
  clientOrderId: `sx-${++n}-${Date.now()}`,
  symbol: 'AAPL',
  side: 'buy',
  qty: 10,
  type: 'limit',
  tif: 'day',
  limitPrice: 187.25,
  ...over,
});

beforeEach(() => {
  n += 100;
});

afterAll(async () => {
  for (const b of brokers) await b.close();
  for (const f of fakes) await f.stop();
});

describe('AlpacaBroker over REST', () => {
  it('submits, reads, lists and cancels, with string decimals parsed exactly', async () => {
    const { fake, broker } = await setup();
    const r = req({ qty: 10, limitPrice: 187.25 });
    const placed = await broker.submit(r);
    expect(placed).toMatchObject({ clientOrderId: r.clientOrderId, symbol: 'AAPL', side: 'buy', qty: 10, filledQty: 0, filledAvgPrice: null, type: 'limit', tif: 'day', limitPrice: 187.25, stopPrice: null, status: 'new' });
    const wire = fake.book.wire(fake.order(r.clientOrderId));
    expect([wire.qty, wire.limit_price]).toEqual(['10', '187.25']); // what was sent and stored: decimal strings

    fake.fill(r.clientOrderId, 4, 187.2);
    fake.fill(r.clientOrderId, 2, 187.25);
    const got = await broker.getOrder(r.clientOrderId);
    const w = fake.book.wire(fake.order(r.clientOrderId));
    expect(w.filled_avg_price).toBe('187.216666667');
    expect(got).toMatchObject({ brokerOrderId: placed.brokerOrderId, filledQty: 6, filledAvgPrice: 187.216666667, status: 'partially-filled' });

    const open = await broker.listOrders('open');
    expect(open.map((o) => o.clientOrderId)).toEqual([r.clientOrderId]);
    const [pos] = await broker.positions();
    expect(pos).toEqual({ symbol: 'AAPL', qty: 6, avgEntryPrice: 187.216666667, price: 187.25 });
    const acct = await broker.account();
    expect(acct).toMatchObject({ status: 'ACTIVE', cash: 98_876.7, currency: 'USD', blocked: false });
    expect(acct.equity).toBeCloseTo(98_876.7 + 6 * 187.25, 6);
    expect(acct.buyingPower).toBeCloseTo(98_876.7 - 4 * 187.25, 6); // the 4 still open are reserved

    await broker.cancel(r.clientOrderId);
    expect(fake.order(r.clientOrderId).status).toBe('canceled');
    expect(await broker.listOrders('open')).toEqual([]);
    const all = await broker.listOrders('all');
    expect(all.map((o) => [o.clientOrderId, o.status])).toEqual([[r.clientOrderId, 'canceled']]);
    await broker.cancel(r.clientOrderId); // already final: nothing to do, no error
    expect(fake.calls(`/v2/orders/${placed.brokerOrderId}`, 'DELETE')).toHaveLength(1);
  });

  it('sends market, stop and stop-limit orders with their prices; sells read back as shorts', async () => {
    const { fake, broker } = await setup();
    const m = await broker.submit(req({ type: 'market', limitPrice: undefined, side: 'sell', qty: 3, tif: 'gtc' }));
    expect(fake.book.wire(fake.order(m.clientOrderId))).toMatchObject({ type: 'market', side: 'sell', time_in_force: 'gtc', limit_price: null, qty: '3' });
    fake.fill(m.clientOrderId, 3, 99.5);
    expect(await broker.positions()).toEqual([{ symbol: 'AAPL', qty: -3, avgEntryPrice: 99.5, price: 99.5 }]);
    const sl = await broker.submit(req({ type: 'stop-limit', stopPrice: 101.5, limitPrice: 102, qty: 0.5 }));
    expect(sl).toMatchObject({ type: 'stop-limit', stopPrice: 101.5, limitPrice: 102, qty: 0.5 });
    expect(fake.book.wire(fake.order(sl.clientOrderId))).toMatchObject({ type: 'stop_limit', stop_price: '101.5', limit_price: '102', qty: '0.5' });
    const e = await failure(broker.submit(req({ type: 'stop', stopPrice: undefined })));
    expect(e.code).toBe('ORDER_INVALID');
    expect(e.message).toContain("'stopPrice'");
  });

  it('lists more orders than one page holds, orders sharing a timestamp at the page edge included', async () => {
    let k = 0;
    const t0 = Date.UTC(2030, 0, 2, 15);
    // Orders 498 to 503 share one millisecond, across the 500-order page edge.
    const clock = () => t0 + (k >= 498 && k <= 503 ? 498 : k);
    const { fake, broker } = await setup({}, { now: clock });
    for (k = 0; k < 1_201; k++) fake.book.create({ symbol: 'F', qty: '1', side: 'sell', type: 'market', time_in_force: 'day', client_order_id: `bulk-${k}` });
    const all = await broker.listOrders('all');
    expect(all.map((o) => o.clientOrderId)).toEqual(Array.from({ length: 1_201 }, (_, i) => `bulk-${i}`));
    expect(fake.calls('/v2/orders', 'GET')).toHaveLength(3); // 500, 500 (2 seen again), 204 (1 seen again)
  });

  it('reads the market clock with its offsets', async () => {
    const now = Date.UTC(2030, 0, 2, 15, 0, 0, 250);
    const { fake, broker } = await setup({}, { now: () => now });
    expect(await broker.clock()).toEqual({ now, isOpen: true, nextOpen: fake.clockState.nextOpen, nextClose: fake.clockState.nextClose });
  });

  it('a repeated client order id makes one order', async () => {
    const { fake, broker } = await setup();
    const r = req();
    const a = await broker.submit(r);
    const b = await broker.submit(r);
    expect(b.brokerOrderId).toBe(a.brokerOrderId);
    expect(fake.book.orders).toHaveLength(1);
    expect(fake.calls('/v2/orders', 'POST')).toHaveLength(2); // the second was refused with 422 and resolved
    const other = await failure(broker.submit({ ...r, qty: 11 }));
    expect(other.code).toBe('BROKER_REJECTED');
    expect(other.message).toContain('another order');
  });

  it('403 insufficient buying power → BROKER_REJECTED with Alpaca’s message', async () => {
    const { fake, broker } = await setup();
    const e = await failure(broker.submit(req({ qty: 1_000, limitPrice: 1_000 })));
    expect(e.code).toBe('BROKER_REJECTED');
    expect(e.message).toContain('insufficient buying power');
    expect(e.details).toMatchObject({ status: 403, alpacaCode: 40310000, alpacaMessage: 'insufficient buying power' });
    expect(fake.book.orders).toHaveLength(0);
    expect(fake.calls('/v2/orders', 'POST')).toHaveLength(1); // a 4xx is final: not retried
  });

  it('404: an unknown order is null, cancelling it is BROKER_NOT_FOUND', async () => {
    const { fake, broker } = await setup();
    expect(await broker.getOrder('no-such-order')).toBeNull();
    const e = await failure(broker.cancel('no-such-order'));
    expect(e.code).toBe('BROKER_NOT_FOUND');
    fake.failNext('/v2/account', 404, 1, { code: 40410000, message: 'account not found' });
    const e2 = await failure(broker.account());
    expect(e2.code).toBe('BROKER_NOT_FOUND');
    expect(e2.message).toContain('account not found');
  });

  it('500 then success is retried with back-off', async () => {
    const { fake, broker, sleep } = await setup();
    fake.failNext('/v2/account', 500, 2);
    expect((await broker.account()).status).toBe('ACTIVE');
    expect(fake.calls('/v2/account')).toHaveLength(3);
    expect(sleep.waits).toEqual([5, 10]);
  });

  it('500 forever → BROKER_UNAVAILABLE after the last try', async () => {
    const { fake, broker } = await setup({ maxAttempts: 4 });
    fake.failNext('/v2/positions', 503, 100, { code: 50300000, message: 'service unavailable' });
    const e = await failure(broker.positions());
    expect(e.code).toBe('BROKER_UNAVAILABLE');
    expect(e.details).toMatchObject({ attempts: 4, lastStatus: 503 });
    expect(e.message).toContain('service unavailable');
    expect(fake.calls('/v2/positions')).toHaveLength(4);
  });

  it('an order POST that failed with 500 is looked up before it is sent again', async () => {
    const { fake, broker } = await setup();
    fake.failNext('POST /v2/orders', 500, 1);
    const r = req();
    const o = await broker.submit(r);
    expect(o.clientOrderId).toBe(r.clientOrderId);
    expect(fake.book.orders).toHaveLength(1);
    expect(fake.calls('/v2/orders:by_client_order_id')).toHaveLength(1); // looked: not there
    expect(fake.calls('/v2/orders', 'POST')).toHaveLength(2);
  });

  it('an order POST that timed out but was created is not sent again', async () => {
    const { fake, broker, log } = await setup({ timeoutMs: 300 });
    fake.delayNext('POST /v2/orders', 1_500);
    const r = req();
    const o = await broker.submit(r);
    expect(o.clientOrderId).toBe(r.clientOrderId);
    expect(fake.book.orders).toHaveLength(1);
    expect(fake.calls('/v2/orders', 'POST')).toHaveLength(1);
    expect(fake.calls('/v2/orders:by_client_order_id')).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('"failure":"timeout"'))).toBe(true);
  });

  it('a request that keeps timing out → BROKER_TIMEOUT', async () => {
    const { fake, broker } = await setup({ timeoutMs: 100, maxAttempts: 2 });
    fake.delayNext('/v2/clock', 400, 2);
    const e = await failure(broker.clock());
    expect(e.code).toBe('BROKER_TIMEOUT');
    expect(fake.calls('/v2/clock')).toHaveLength(2);
  });

  it('429 waits as long as X-RateLimit-Reset says, capped', async () => {
    const now = Date.UTC(2030, 0, 2, 15, 0, 0, 0) + 0.5;
    const { fake, broker, sleep } = await setup({ now: () => now, maxRateLimitWaitMs: 1_000 }, { now: () => now });
    fake.rateLimitNext(2, 0.125);
    expect((await broker.account()).status).toBe('ACTIVE');
    expect(fake.calls('/v2/account')).toHaveLength(3);
    expect(sleep.waits).toHaveLength(2);
    for (const w of sleep.waits) expect(w === 125 || w === 126).toBe(true); // ceil of 125 ms ± float noise
    const capped = await setup({ now: () => now, maxRateLimitWaitMs: 30 }, { now: () => now });
    capped.fake.rateLimitNext(1, 3_600);
    await capped.broker.account();
    expect(capped.sleep.waits).toEqual([30]);
  });

  it('429 on an order POST is retried without a look-up (it never took effect)', async () => {
    const { fake, broker } = await setup();
    fake.rateLimitNext(1, 0.01);
    await broker.submit(req());
    expect(fake.calls('/v2/orders', 'POST')).toHaveLength(2);
    expect(fake.calls('/v2/orders:by_client_order_id')).toHaveLength(0);
    expect(fake.book.orders).toHaveLength(1);
  });

  it('refused keys → BROKER_AUTH_FAILED; an unreachable host → BROKER_UNAVAILABLE', async () => {
    const fake = await FakeAlpaca.start();
    fakes.push(fake);
    const log = capturingLog();
    logs.push(log);
    const wrong = new AlpacaBroker({ config: alpacaConfigFromEnv({ ...fake.env(), APCA_API_SECRET_KEY: 'wrong-secret-XYZ' }), log });
    brokers.push(wrong);
    const e = await failure(wrong.account());
    expect(e.code).toBe('BROKER_AUTH_FAILED');
    expect(errorText(e)).not.toContain('wrong-secret-XYZ');
    const dead = await FakeAlpaca.start();
    const env = dead.env();
    await dead.stop();
    const gone = new AlpacaBroker({ config: alpacaConfigFromEnv(env), http: { maxAttempts: 2, backoffMs: 1 }, log });
    brokers.push(gone);
    const e2 = await failure(gone.clock());
    expect(e2.code).toBe('BROKER_UNAVAILABLE');
    expect(e2.details).toMatchObject({ lastFailure: 'network' });
  });

  it('a malformed response → BROKER_PAYLOAD_INVALID naming the field', async () => {
    const { fake, broker } = await setup();
    fake.failNext('/v2/account', 200, 1, { status: 'ACTIVE', cash: 'plenty', equity: '1', buying_power: '1' });
    const e = await failure(broker.account());
    expect(e.code).toBe('BROKER_PAYLOAD_INVALID');
    expect(e.details?.field).toBe('cash');
  });

  it('the API keys appear in no error and no log line of the cases above', () => {
    const lines = logs.flatMap((l) => l.lines);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeGreaterThan(10);
    for (const f of fakes) {
      for (const text of [...seen, ...lines]) {
        expect(text).not.toContain(f.keyId);
        expect(text).not.toContain(f.secretKey);
      }
    }
  });
});
