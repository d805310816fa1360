import { afterAll, describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../../src/trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import type { BrokerOrderRequest, BrokerUpdate } from '../../../src/trading/broker.js';
import { FakeAlpaca } from './fake-alpaca.js';
import { capturingLog, errorText, rejection, waitFor } from './helpers.js';

const open: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];

afterAll(async () => {
  for (const x of open.reverse()) await ('close' in x ? x.close() : x.stop());
});

async function setup() {
  const fake = await FakeAlpaca.start();
  const log = capturingLog();
  const broker = new AlpacaBroker({
    config: alpacaConfigFromEnv(fake.env()),
    http: { timeoutMs: 1_000, backoffMs: 5, maxBackoffMs: 20 },
    reconnectMs: 10,
    maxReconnectMs: 50,
    log,
  });
  open.push(fake, broker);
  const updates: BrokerUpdate[] = [];
  broker.onUpdate((u) => updates.push(u));
  await broker.ready();
  return { fake, broker, updates, log };
}

let n = 0;
const req = (over: Partial<BrokerOrderRequest> = {}): BrokerOrderRequest => ({
  clientOrderId: `st-${++n}`,
  symbol: 'MSFT',
  side: 'buy',
  qty: 10,
  type: 'limit',
  tif: 'gtc',
  limitPrice: 420,
  ...over,
});

const fills = (us: BrokerUpdate[], cid: string) =>
  us.filter((u) => u.order.clientOrderId === cid && u.fill).map((u) => [u.event, u.fill!.qty, u.fill!.price, u.order.filledQty]);
const events = (us: BrokerUpdate[], cid: string) => us.filter((u) => u.order.clientOrderId === cid).map((u) => u.event);

describe('AlpacaBroker over the trade_updates stream', () => {
  it('passes partial fills and the final fill with this execution’s quantity and price', async () => {
    const { fake, broker, updates } = await setup();
    const r = req();
    await broker.submit(r);
    fake.fill(r.clientOrderId, 4, 419.5);
    fake.fill(r.clientOrderId, 3, 419.75);
    fake.fill(r.clientOrderId, 3, 420);
    await waitFor(() => events(updates, r.clientOrderId).includes('fill'), 'the fill');
    expect(events(updates, r.clientOrderId)).toEqual(['new', 'partial-fill', 'partial-fill', 'fill']);
    expect(fills(updates, r.clientOrderId)).toEqual([
      ['partial-fill', 4, 419.5, 4],
      ['partial-fill', 3, 419.75, 7],
      ['fill', 3, 420, 10],
    ]);
    const last = updates[updates.length - 1];
    expect(last.order).toMatchObject({ status: 'filled', filledQty: 10, filledAvgPrice: Number(((4 * 419.5 + 3 * 419.75 + 3 * 420) / 10).toPrecision(12)) });
    expect(last.fill!.time).toBe(fake.order(r.clientOrderId).filledAt);
  });

  it('passes cancels, expiries and rejections once', async () => {
    const { fake, broker, updates } = await setup();
    const [a, b, c] = [req(), req(), req()];
    for (const r of [a, b, c]) await broker.submit(r);
    await broker.cancel(a.clientOrderId);
    fake.expire(b.clientOrderId);
    fake.reject(c.clientOrderId);
    await waitFor(() => updates.filter((u) => ['canceled', 'expired', 'rejected'].includes(u.event)).length === 3, 'three final events');
    expect(events(updates, a.clientOrderId)).toEqual(['new', 'canceled']);
    expect(events(updates, b.clientOrderId)).toEqual(['new', 'expired']);
    expect(events(updates, c.clientOrderId)).toEqual(['new', 'rejected']);
    // A cancel that loses the race with a fill is not an error: the stream says what happened.
    const d = req();
    const placed = await broker.submit(d);
    fake.failNext(`DELETE /v2/orders/${placed.brokerOrderId}`, 422, 1, { code: 42210000, message: 'order is already in "filled" state' });
    await broker.cancel(d.clientOrderId);
    fake.fill(d.clientOrderId, 10, 421);
    await waitFor(() => events(updates, d.clientOrderId).includes('fill'), 'the fill that won');
    expect(events(updates, d.clientOrderId)).toEqual(['new', 'fill']);
  });

  it('recovers the fills made while the stream was down, exactly once', async () => {
    const { fake, broker, updates, log } = await setup();
    const [a, b, c] = [req({ qty: 10 }), req({ qty: 5 }), req({ qty: 8 })];
    for (const r of [a, b, c]) await broker.submit(r);
    const refused = req({ qty: 10_000 });
    expect((await rejection(broker.submit(refused))).message).toContain('insufficient buying power');
    fake.fill(a.clientOrderId, 2, 50);
    await waitFor(() => fills(updates, a.clientOrderId).length === 1, 'the first fill');

    fake.dropStreams({ hold: true });
    await waitFor(() => fake.streamClients().trade === 0, 'the stream to drop');
    fake.fill(a.clientOrderId, 3, 51);
    fake.fill(a.clientOrderId, 1, 52); // two executions missed: they come back as one at their VWAP
    fake.fill(b.clientOrderId, 5, 60); // filled completely while nobody listened
    fake.fill(c.clientOrderId, 2, 70);
    await broker.cancel(c.clientOrderId); // partly filled, then cancelled, while down
    const missed = fake.tradeEvents.length;
    fake.allowStreams();

    await waitFor(() => events(updates, c.clientOrderId).includes('canceled') && events(updates, b.clientOrderId).includes('fill'), 'the re-sync');
    expect(fills(updates, a.clientOrderId)).toEqual([
      ['partial-fill', 2, 50, 2],
      ['partial-fill', 4, 51.25, 6],
    ]);
    expect(fills(updates, b.clientOrderId)).toEqual([['fill', 5, 60, 5]]);
    expect(fills(updates, c.clientOrderId)).toEqual([['partial-fill', 2, 70, 2]]);
    expect(events(updates, c.clientOrderId)).toEqual(['new', 'partial-fill', 'canceled']);
    expect(missed).toBeGreaterThan(0);
    // Only orders that exist are looked up: the refused one is no longer followed.
    expect(fake.calls('/v2/orders:by_client_order_id').filter((c) => c.query.get('client_order_id') === refused.clientOrderId)).toEqual([]);
    expect(log.lines.some((l) => l.includes('reconnecting'))).toBe(true);

    // Back on the stream: the rest of a fills normally.
    fake.fill(a.clientOrderId, 4, 53);
    await waitFor(() => events(updates, a.clientOrderId).includes('fill'), 'the last fill');
    expect(fills(updates, a.clientOrderId).at(-1)).toEqual(['fill', 4, 53, 10]);

    // Another drop with nothing new: the re-sync finds nothing to pass on.
    const before = updates.length;
    const resyncs = fake.calls('/v2/orders', 'GET').length;
    fake.dropStreams();
    await waitFor(() => fake.calls('/v2/orders', 'GET').length > resyncs, 'the second re-sync');
    await new Promise((r) => setTimeout(r, 100));
    expect(updates.length).toBe(before);
    // Every executed share was passed on exactly once.
    const total = (cid: string) => fills(updates, cid).reduce((s, f) => s + (f[1] as number), 0);
    expect([total(a.clientOrderId), total(b.clientOrderId), total(c.clientOrderId)]).toEqual([10, 5, 2]);
  });

  it('after a restart, an order followed from its reconciled state yields only its later fills', async () => {
    const { fake, broker } = await setup();
    const r = req({ qty: 6 });
    await broker.submit(r);
    fake.fill(r.clientOrderId, 2, 30);
    await broker.close(); // the process stops; 2 of 6 are filled and known to the OMS
    const log = capturingLog();
    const restarted = new AlpacaBroker({ config: alpacaConfigFromEnv(fake.env()), reconnectMs: 10, log });
    open.push(restarted);
    const existing = await restarted.getOrder(r.clientOrderId);
    restarted.follow(existing!);
    fake.fill(r.clientOrderId, 4, 31); // before the new process listens: found by the first re-sync
    const updates: BrokerUpdate[] = [];
    restarted.onUpdate((u) => updates.push(u));
    await restarted.ready();
    await waitFor(() => updates.some((u) => u.event === 'fill'), 'the fill');
    expect(fills(updates, r.clientOrderId)).toEqual([['fill', 4, 31, 6]]);
  });

  it('refused stream keys → BROKER_AUTH_FAILED without the keys in it', async () => {
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const log = capturingLog();
    const broker = new AlpacaBroker({ config: alpacaConfigFromEnv({ ...fake.env(), APCA_API_KEY_ID: 'PKWRONGWRONG' }), reconnectMs: 10, log });
    open.push(broker);
    const e = await rejection(broker.ready());
    expect((e as { code?: string }).code).toBe('BROKER_AUTH_FAILED');
    for (const text of [errorText(e), ...log.lines]) {
      expect(text).not.toContain('PKWRONGWRONG');
      expect(text).not.toContain(fake.secretKey);
    }
  });
});
