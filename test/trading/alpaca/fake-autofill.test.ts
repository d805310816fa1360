import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../../src/trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import type { BrokerOrderRequest, BrokerUpdate } from '../../../src/trading/broker.js';
import { FakeAlpaca } from './fake-alpaca.js';
import { dec, splitQty } from './fake-book.js';
import { waitFor } from './helpers.js';

const open: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];

afterAll(async () => {
  for (const x of open.reverse()) await ('close' in x ? x.close() : x.stop());
});

/** The symbol of the marker orders `settle` sends. */
const MARK = 'ZZZ';

async function setup() {
  const fake = await FakeAlpaca.start();
  const broker = new AlpacaBroker({
    config: alpacaConfigFromEnv(fake.env()),
    http: { timeoutMs: 1_000, backoffMs: 5, maxBackoffMs: 20 },
    reconnectMs: 10,
    maxReconnectMs: 50,
  });
  open.push(fake, broker);
  const updates: BrokerUpdate[] = [];
  broker.onUpdate((u) => updates.push(u));
  await broker.ready();
  fake.setPrice(MARK, 1);
  /**
   * Sends a market order on MARK and waits for its fill. Fills are timers of one delay, which
   * run in the order they were set: once the marker fills, every fill the fake had decided on
   * before has happened. That is how "did not fill" is asserted without waiting a fixed time.
   */
  const settle = async (): Promise<void> => {
    const r = mkt({ symbol: MARK, qty: 1 });
    await broker.submit(r);
    await waitFor(() => events(updates, r.clientOrderId).includes('fill'), 'the marker order to fill');
  };
  const position = async (symbol: string) => (await broker.positions()).find((p) => p.symbol === symbol);
  return { fake, broker, updates, settle, position };
}

let n = 0;
const mkt = (over: Partial<BrokerOrderRequest> = {}): BrokerOrderRequest => ({
  clientOrderId: `af-${++n}`,
  symbol: 'AAPL',
  side: 'buy',
  qty: 10,
  type: 'market',
  tif: 'day',
  ...over,
});
const lmt = (limitPrice: number, over: Partial<BrokerOrderRequest> = {}) => mkt({ type: 'limit', tif: 'gtc', limitPrice, ...over });

const events = (us: BrokerUpdate[], cid: string) => us.filter((u) => u.order.clientOrderId === cid).map((u) => u.event);
const fills = (us: BrokerUpdate[], cid: string) =>
  us.filter((u) => u.order.clientOrderId === cid && u.fill).map((u) => [u.event, u.fill!.qty, u.fill!.price, u.order.filledQty]);
const filled = (us: BrokerUpdate[], cid: string) => () => events(us, cid).includes('fill');

/** A decimal text as an integer count of 1e-12, to add quantities without rounding. */
function picoUnits(text: string): bigint {
  const [int, frac = ''] = text.split('.');
  if (frac.length > 12) throw new Error(`more than 12 decimals: ${text}`);
  return BigInt(int) * 10n ** 12n + BigInt(frac.padEnd(12, '0'));
}

describe('FakeAlpaca.autoFill through AlpacaBroker', () => {
  it('fills a market order at the last price, in equal parts, with the position and cash to match', async () => {
    const { fake, broker, updates, position } = await setup();
    fake.setPrice('AAPL', 187.25);
    fake.autoFill({ parts: 3 });
    const r = mkt({ qty: 10 });
    const placed = await broker.submit(r);
    // The POST answers with the order as created: the fill comes after, never inside the request.
    expect(placed).toMatchObject({ status: 'new', filledQty: 0 });
    await waitFor(filled(updates, r.clientOrderId), 'the fill');
    expect(events(updates, r.clientOrderId)).toEqual(['new', 'partial-fill', 'partial-fill', 'fill']);
    expect(fills(updates, r.clientOrderId)).toEqual([
      ['partial-fill', 3, 187.25, 3],
      ['partial-fill', 3, 187.25, 6],
      ['fill', 4, 187.25, 10],
    ]);
    expect(await broker.getOrder(r.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 10, filledAvgPrice: 187.25 });
    expect(await position('AAPL')).toEqual({ symbol: 'AAPL', qty: 10, avgEntryPrice: 187.25, price: 187.25 });
    expect((await broker.account()).cash).toBe(100_000 - 1_872.5);
    expect(fake.orderCount()).toBe(1);
    expect(fake.autoFillPending()).toBe(0);
  });

  it('takes the price from setPrice or the newest bar, else from opts.price; with none, the order waits', async () => {
    const { fake, broker, updates, settle } = await setup();
    const t0 = Date.UTC(2030, 0, 2, 15, 0);
    fake.autoFill({ price: (s) => (s === 'MSFT' ? 420 : Number.NaN) });
    const priceOfNextFill = async (symbol: string): Promise<number> => {
      const r = mkt({ symbol, qty: 1 });
      await broker.submit(r);
      await waitFor(filled(updates, r.clientOrderId), `the ${symbol} fill`);
      return fills(updates, r.clientOrderId)[0][2] as number;
    };
    expect(await priceOfNextFill('MSFT')).toBe(420); // no price known: the test's
    fake.addBars('MSFT', '1Min', [{ t: t0, o: 420, h: 422, l: 419, c: 421, v: 100 }]);
    expect(await priceOfNextFill('MSFT')).toBe(421); // a bar's close
    fake.pushBar('MSFT', { t: t0 + 60_000, o: 421, h: 423, l: 420, c: 422.5, v: 100 });
    expect(await priceOfNextFill('MSFT')).toBe(422.5); // a newer live bar
    fake.addBars('MSFT', '1Min', [{ t: t0 - 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }]);
    expect(await priceOfNextFill('MSFT')).toBe(422.5); // older history does not move the price
    fake.setPrice('MSFT', 419.9);
    expect(await priceOfNextFill('MSFT')).toBe(419.9);

    const waiting = mkt({ symbol: 'NVDA', qty: 2 }); // opts.price gives NaN for it: no usable price
    await broker.submit(waiting);
    await settle();
    expect(events(updates, waiting.clientOrderId)).toEqual(['new']);
    fake.setPrice('NVDA', 130);
    await waitFor(filled(updates, waiting.clientOrderId), 'the NVDA fill once priced');
    expect(fills(updates, waiting.clientOrderId)).toEqual([['fill', 2, 130, 2]]);
  });

  it('fills a limit order only when the price is at or through the limit, at the price', async () => {
    const { fake, broker, updates, settle, position } = await setup();
    const t0 = Date.UTC(2030, 0, 2, 15, 0);
    fake.setPrice('AAPL', 100);
    fake.autoFill({});
    const low = lmt(99, { qty: 5 });
    const high = lmt(105, { qty: 5 }); // marketable when sent: fills at the better price
    await broker.submit(low);
    await broker.submit(high);
    await waitFor(filled(updates, high.clientOrderId), 'the marketable limit');
    expect(fills(updates, high.clientOrderId)).toEqual([['fill', 5, 100, 5]]);
    await settle();
    expect(events(updates, low.clientOrderId)).toEqual(['new']);

    fake.setPrice('AAPL', 99.5); // closer, not there
    await settle();
    expect(events(updates, low.clientOrderId)).toEqual(['new']);
    fake.pushBar('AAPL', { t: t0, o: 99.5, h: 99.6, l: 98.9, c: 99, v: 10 }); // at the limit
    await waitFor(filled(updates, low.clientOrderId), 'the limit at 99');
    expect(fills(updates, low.clientOrderId)).toEqual([['fill', 5, 99, 5]]);

    const sell = lmt(101, { side: 'sell', qty: 5 });
    await broker.submit(sell);
    fake.pushBar('AAPL', { t: t0 + 60_000, o: 99, h: 100.9, l: 99, c: 100.5, v: 10 });
    await settle();
    expect(events(updates, sell.clientOrderId)).toEqual(['new']);
    fake.setPrice('AAPL', 102); // through the limit
    await waitFor(filled(updates, sell.clientOrderId), 'the sell limit');
    expect(fills(updates, sell.clientOrderId)).toEqual([['fill', 5, 102, 5]]);
    // Bought 5 @ 100 and 5 @ 99 (average 99.5), sold 5: the average stays.
    expect(await position('AAPL')).toEqual({ symbol: 'AAPL', qty: 5, avgEntryPrice: 99.5, price: 102 });
  });

  it('fills stop orders once the price reaches the stop; a stop-limit then waits for its limit', async () => {
    const { fake, broker, updates, settle, position } = await setup();
    fake.setPrice('SPY', 500);
    fake.autoFill({});
    const stop = mkt({ symbol: 'SPY', side: 'sell', qty: 4, type: 'stop', tif: 'gtc', stopPrice: 495 });
    const stopLimit = mkt({ symbol: 'SPY', qty: 2, type: 'stop-limit', tif: 'gtc', stopPrice: 505, limitPrice: 506 });
    const untriggered = mkt({ symbol: 'SPY', qty: 1, type: 'stop-limit', tif: 'gtc', stopPrice: 510, limitPrice: 512 });
    for (const r of [stop, stopLimit, untriggered]) await broker.submit(r);
    fake.setPrice('SPY', 496);
    await settle();
    for (const r of [stop, stopLimit, untriggered]) expect(events(updates, r.clientOrderId)).toEqual(['new']);

    fake.pushBar('SPY', { t: Date.UTC(2030, 0, 2, 15, 0), o: 496, h: 496, l: 493, c: 494, v: 10 });
    await waitFor(filled(updates, stop.clientOrderId), 'the sell stop');
    expect(fills(updates, stop.clientOrderId)).toEqual([['fill', 4, 494, 4]]);

    fake.setPrice('SPY', 507); // stop reached, limit not: triggered, waits
    await settle();
    expect(events(updates, stopLimit.clientOrderId)).toEqual(['new']);
    fake.setPrice('SPY', 504); // below the stop again, within the limit: once triggered it stays so
    await waitFor(filled(updates, stopLimit.clientOrderId), 'the stop-limit');
    expect(fills(updates, stopLimit.clientOrderId)).toEqual([['fill', 2, 504, 2]]);
    await settle(); // the other one is within its limit but was never triggered
    expect(events(updates, untriggered.clientOrderId)).toEqual(['new']);
    fake.setPrice('SPY', 511);
    await waitFor(filled(updates, untriggered.clientOrderId), 'the second stop-limit');
    expect(fills(updates, untriggered.clientOrderId)).toEqual([['fill', 1, 511, 1]]);
    // Short 4 @ 494, bought back 3: the entry price of the rest stays.
    expect(await position('SPY')).toEqual({ symbol: 'SPY', qty: -1, avgEntryPrice: 494, price: 511 });
  });

  it('does not fill an order cancelled before its fill time', async () => {
    const { fake, broker, updates, position } = await setup();
    fake.setPrice('AAPL', 50);
    // Long enough that the cancel (two local requests) comes first.
    fake.autoFill({ delayMs: 1_000 });
    const r = mkt({ qty: 4 });
    await broker.submit(r);
    expect(fake.autoFillPending()).toBe(1);
    await broker.cancel(r.clientOrderId);
    await waitFor(() => fake.autoFillPending() === 0, 'the fill time to pass');
    await waitFor(() => events(updates, r.clientOrderId).includes('canceled'), 'the cancel');
    expect(events(updates, r.clientOrderId)).toEqual(['new', 'canceled']);
    expect(fake.order(r.clientOrderId)).toMatchObject({ status: 'canceled', filledQty: 0 });
    expect(await position('AAPL')).toBeUndefined();

    // A limit cancelled while it waits for the price does not fill when the price comes.
    fake.autoFill({});
    const l = lmt(40, { qty: 4 });
    await broker.submit(l);
    await broker.cancel(l.clientOrderId);
    fake.setPrice('AAPL', 39);
    expect(fake.autoFillPending()).toBe(0);
    expect(fake.order(l.clientOrderId)).toMatchObject({ status: 'canceled', filledQty: 0 });
  });

  it('splits into parts that add up to the quantity exactly, whole for stocks, in 1e-9 steps for crypto', async () => {
    const { fake, broker, updates, position } = await setup();
    fake.setPrice('AAPL', 10);
    fake.setPrice('BTC/USD', 60_000);
    fake.setPrice('ETH/USD', 3_000);
    const cases: Array<{ symbol: string; qty: number; parts: number; want: number[] }> = [
      { symbol: 'AAPL', qty: 10, parts: 3, want: [3, 3, 4] },
      { symbol: 'AAPL', qty: 2, parts: 5, want: [1, 1] }, // fewer shares than parts
      { symbol: 'AAPL', qty: 7, parts: 1, want: [7] },
      { symbol: 'BTC/USD', qty: 0.001, parts: 3, want: [0.000333333, 0.000333333, 0.000333334] },
      { symbol: 'ETH/USD', qty: 1, parts: 3, want: [0.333333333, 0.333333333, 0.333333334] },
    ];
    const held = new Map<string, number>();
    for (const c of cases) {
      fake.autoFill({ parts: c.parts });
      const r = mkt({ symbol: c.symbol, qty: c.qty });
      await broker.submit(r);
      await waitFor(filled(updates, r.clientOrderId), `the ${c.symbol} fill`);
      expect(fills(updates, r.clientOrderId).map((f) => f[1]), `${c.qty} in ${c.parts}`).toEqual(c.want);
      const wireQtys = fake.tradeEvents
        .filter((e) => (e.order as { client_order_id: string }).client_order_id === r.clientOrderId && e.qty !== undefined)
        .map((e) => e.qty as string);
      expect(wireQtys.reduce((a, q) => a + picoUnits(q), 0n)).toBe(picoUnits(dec(c.qty)));
      expect((await broker.getOrder(r.clientOrderId))?.filledQty).toBe(c.qty);
      held.set(c.symbol, (held.get(c.symbol) ?? 0) + c.qty);
    }
    for (const [symbol, qty] of held) expect((await position(symbol))?.qty, symbol).toBe(qty);
  });

  it('creates one order for a repeated submit and fills it once, also when the fill beats the POST answer', async () => {
    const { fake, broker, updates, position } = await setup();
    fake.setPrice('AAPL', 20);
    fake.autoFill({ parts: 2 });
    const r = mkt({ qty: 6 });
    fake.delayNext('POST /v2/orders', 200); // the order is made at once; its answer comes late
    await broker.submit(r);
    await broker.submit(r); // a retry of the same order: Alpaca refuses the id, the broker finds the first
    await waitFor(filled(updates, r.clientOrderId), 'the fill');
    expect(fake.orderCount()).toBe(1);
    expect(fake.postedClientIds).toEqual([r.clientOrderId, r.clientOrderId]);
    expect(fills(updates, r.clientOrderId)).toEqual([
      ['partial-fill', 3, 20, 3],
      ['fill', 3, 20, 6],
    ]);
    expect(await position('AAPL')).toMatchObject({ qty: 6, avgEntryPrice: 20 });
  });

  it('is off after autoFill(null); turned on, it fills the open orders that can execute', async () => {
    const { fake, broker, updates } = await setup();
    fake.setPrice('AAPL', 30);
    fake.autoFill({});
    fake.autoFill(null);
    const r = mkt({ qty: 3 });
    await broker.submit(r);
    fake.setPrice('AAPL', 31);
    expect(fake.autoFillPending()).toBe(0);
    expect((await broker.getOrder(r.clientOrderId))?.status).toBe('new');
    fake.autoFill({});
    await waitFor(filled(updates, r.clientOrderId), 'the fill once on');
    expect(fills(updates, r.clientOrderId)).toEqual([['fill', 3, 31, 3]]);
    expect(() => fake.autoFill({ parts: 0 })).toThrow(/parts/);
    expect(() => fake.autoFill({ delayMs: -1 })).toThrow(/delayMs/);
  });
});

describe('splitQty', () => {
  /** Expected from the definition: n = min(parts, units) parts of floor(units / n), the rest in the last. */
  const check = (qtyText: string, parts: number, whole: boolean) => {
    const qty = Number(qtyText);
    const out = splitQty(qty, parts, whole);
    const units = whole ? BigInt(qtyText) : picoUnits(qtyText) / 1000n;
    const n = Number(units < BigInt(parts) ? units : BigInt(parts));
    expect(out.length).toBe(n);
    const each = out[0];
    for (const q of out) expect(q).toBeGreaterThan(0);
    for (const q of out.slice(0, -1)) expect(q).toBe(each);
    if (whole) for (const q of out) expect(Number.isInteger(q)).toBe(true);
    const eachUnits = units / BigInt(n);
    expect(picoUnits(dec(each))).toBe(eachUnits * (whole ? 10n ** 12n : 1000n));
    expect(out.reduce((a, q) => a + picoUnits(dec(q)), 0n)).toBe(picoUnits(qtyText));
  };

  it('gives min(parts, units) equal parts whose decimals add up to the quantity (whole units)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 12 }), (q, parts) => check(String(q), parts, true)),
      { numRuns: 500 },
    );
  });

  it('does the same in steps of 1e-9 for fractional quantities up to 1000', () => {
    const text = (k: number) => {
      const s = String(k).padStart(10, '0');
      return `${s.slice(0, -9).replace(/^0+(?=\d)/, '')}.${s.slice(-9)}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 12 }), (k, parts) => check(text(k), parts, false)),
      { numRuns: 500 },
    );
  });

  it('keeps digits finer than 1e-9 in the last part', () => {
    expect(splitQty(0.1234567891, 3, false).map(dec)).toEqual(['0.041152263', '0.041152263', '0.0411522631']);
  });
});
