import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  barDateOfClose,
  bookOf,
  type Child,
  cliJson,
  exitJson,
  GOOG_CSV,
  goodStore,
  killChildrenAfterAll,
  lastClose,
  ok,
  readDailyCsv,
  readSession,
  setLimits,
  signal,
  smaArgs,
  spawnSextant,
  waitUntil,
} from './session-helpers.js';

/**
 * Issue 6, deliverable 6: `sextant orders submit / list / cancel` against a running paper
 * session. The session runs hold-cash (its strategy never trades), so its equity is the starting
 * 10,000 until the first manual fill and every order in it is a person's.
 */

killChildrenAfterAll();

const goog = readDailyCsv(GOOG_CSV);
const S = 'desk';
/** Two calendar days per second: about one bar per `sextant` command. */
const SLOW = '172800';
const EQUITY = 10_000;

let db: string;
let child: Child;

beforeAll(async () => {
  db = goodStore();
  child = spawnSextant(db, ['paper', '--strategy', 'hold-cash', '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5', '--from', '2006-06-01', '--session', S, '--speed', SLOW, '--json']);
  await waitUntil('the session to start', () => (readSession(db, S).record?.cursorTick ?? 0) > 1);
});

afterAll(async () => {
  signal(child, 'SIGTERM');
  await child.done;
});

const submit = (args: string[]) => cliJson(db, ['orders', 'submit', '--session', S, '--symbol', 'GOOG', ...args]);

describe('orders submit / list / cancel in a running session', () => {
  // Risk = qty × |price − stop-loss| ≤ 5 % of equity; a limit order's price is its limit.
  const DISTANCE = 101;
  const maxQty = Math.floor((0.05 * EQUITY) / DISTANCE);
  let limit: number;

  test(`a stop-loss that puts more than 5 % of equity at risk is denied RISK_ORDER_RISK (qty ${maxQty + 1}), the largest qty under it passes (${maxQty})`, async () => {
    expect(maxQty).toBe(4);
    limit = Number((lastClose(db, S, goog) * 0.97).toFixed(2));
    const stop = (limit - DISTANCE).toFixed(2);
    const over = submit(['--side', 'buy', '--qty', String(maxQty + 1), '--type', 'limit', '--limit-price', String(limit), '--stop-loss', stop, '--client-order-id', 'risk-over']);
    expect(over.status).toBe(0);
    expect(over.json).toMatchObject({ state: 'denied', code: 'RISK_ORDER_RISK', filled_qty: 0 });
    expect(over.json.reason).toContain('505.00');
    const under = submit(['--side', 'buy', '--qty', String(maxQty), '--type', 'limit', '--limit-price', String(limit), '--stop-loss', stop, '--client-order-id', 'risk-under', '--wait', '0']);
    expect(under.status).toBe(0);
    const o = await waitUntil('the order to be accepted', () => bookOf(db, S).orders.get('risk-under'));
    expect(o.code).toBeNull();
    expect(o.passed).toContain('order-risk');
    expect(['accepted', 'filled']).toContain(o.state);
  });

  test('orders cancel: a working limit order ends canceled; cancelling it again is refused', async () => {
    // 3 % under the market it has (almost surely) not filled yet.
    expect(bookOf(db, S).orders.get('risk-under')!.state).toBe('accepted');
    const r = ok(db, ['orders', 'cancel', 'risk-under', '--session', S, '--reason', 'changed my mind', '--actor', 'carol']);
    expect(r).toMatchObject({ client_order_id: 'risk-under', state: 'canceled', filled_qty: 0, reason: 'changed my mind' });
    const again = cliJson(db, ['orders', 'cancel', 'risk-under', '--session', S]);
    expect(again.status).toBe(1);
    expect(again.json.error.code).toBe('ORDER_TRANSITION_INVALID');
  });

  test('a limit price far from the last price is denied RISK_PRICE_BAND', () => {
    const r = submit(['--side', 'buy', '--qty', '1', '--type', 'limit', '--limit-price', (lastClose(db, S, goog) * 0.5).toFixed(2), '--client-order-id', 'fat-finger']);
    expect(r.json).toMatchObject({ state: 'denied', code: 'RISK_PRICE_BAND' });
  });

  test('a market order fills in full at the next bar’s open', () => {
    const r = submit(['--side', 'buy', '--qty', '3', '--client-order-id', 'mkt-1']);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ state: 'filled', filled_qty: 3, origin: 'manual', duplicate: false });
    const bar = goog.at.get(barDateOfClose(r.json.created_at))!;
    expect(r.json.avg_fill_price).toBeCloseTo(goog.open[bar + 1], 9);
    const positions = ok(db, ['positions', '--session', S]);
    expect(positions.positions).toMatchObject([{ symbol: 'GOOG', qty: 3 }]);
    expect(positions.cash).toBeCloseTo(EQUITY - 3 * goog.open[bar + 1], 6);
  });

  test('the same --client-order-id twice makes one order (the second says duplicate)', () => {
    const first = submit(['--side', 'sell', '--qty', '1', '--client-order-id', 'dup-1']);
    const second = submit(['--side', 'sell', '--qty', '1', '--client-order-id', 'dup-1']);
    expect(first.json).toMatchObject({ state: 'filled', duplicate: false });
    expect(second.json).toMatchObject({ client_order_id: 'dup-1', state: 'filled', duplicate: true });
    const events = readSession(db, S).events.filter((e) => e.orderId === 'dup-1' || e.data.clientOrderId === 'dup-1');
    expect(events.filter((e) => e.kind === 'command')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'order')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'fill')).toHaveLength(1);
    expect(ok(db, ['positions', '--session', S]).positions).toMatchObject([{ symbol: 'GOOG', qty: 2 }]);
  });

  test('a symbol the session does not trade is ORDER_INVALID (exit 1); an unknown session is SESSION_NOT_FOUND', () => {
    const before = readSession(db, S).events.length;
    const other = submit(['--side', 'buy', '--qty', '1', '--symbol', 'AAPL']);
    expect(other.status).toBe(1);
    expect(other.json.error.code).toBe('ORDER_INVALID');
    expect(other.json.error.message).toContain('GOOG');
    expect(readSession(db, S).events.length).toBe(before);
    const none = cliJson(db, ['orders', 'submit', '--session', 'nope', '--symbol', 'GOOG', '--side', 'buy', '--qty', '1']);
    expect(none.status).toBe(1);
    expect(none.json.error.code).toBe('SESSION_NOT_FOUND');
    expect(none.json.error.message).toContain(S);
  });

  test('orders list --state denied lists exactly the denied orders', () => {
    const denied = ok<any[]>(db, ['orders', 'list', '--session', S, '--state', 'denied']);
    expect(denied.map((o) => [o.client_order_id, o.code]).sort()).toEqual([
      ['fat-finger', 'RISK_PRICE_BAND'],
      ['risk-over', 'RISK_ORDER_RISK'],
    ]);
    const all = ok<any[]>(db, ['orders', 'list', '--session', S]);
    expect(all.map((o) => o.client_order_id).sort()).toEqual(['dup-1', 'fat-finger', 'mkt-1', 'risk-over', 'risk-under']);
  });

  test('an order submitted while the session is stopped is taken when it resumes', async () => {
    signal(child, 'SIGTERM');
    expect(exitJson(await child.done).finished).toBe(false);
    const queued = submit(['--side', 'buy', '--qty', '1', '--client-order-id', 'while-stopped', '--wait', '0']);
    expect(queued.json).toMatchObject({ state: 'queued', running: false });
    const since = Date.now();
    child = spawnSextant(db, ['paper', '--strategy', 'hold-cash', '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5', '--from', '2006-06-01', '--session', S, '--speed', SLOW, '--json']);
    // Give the resumed runner a few bars; a market order fills on the first bar after it is taken.
    await waitUntil('the resumed session to run a few bars', () => (readSession(db, S).record!.heartbeatAt ?? 0) > since + 3000, 15_000);
    expect(bookOf(db, S).orders.get('while-stopped')?.state).toBe('filled');
  });
});

describe('a person’s order in a session whose strategy trades', () => {
  test('a strategy signal does not cancel a working manual order', async () => {
    setLimits(db, ['priceBandPct=off']);
    const T = 'with-sma';
    const sma = spawnSextant(db, ['paper', ...smaArgs(5, 20, ['--from', '2006-01-01']), '--session', T, '--speed', '3600000', '--json']);
    try {
      await waitUntil('the first strategy order', () => readSession(db, T).events.some((e) => e.kind === 'order'));
      ok(db, ['orders', 'submit', '--session', T, '--symbol', 'GOOG', '--side', 'buy', '--qty', '1', '--type', 'limit', '--limit-price', (lastClose(db, T, goog) * 0.6).toFixed(2), '--client-order-id', 'resting', '--wait', '0']);
      const placed = await waitUntil('the manual order to work', () => readSession(db, T).events.find((e) => e.orderId === 'resting' && e.data.to === 'accepted'));
      await waitUntil('the next strategy order', () => readSession(db, T).events.some((e) => e.kind === 'order' && e.data.origin === 'strategy' && e.seq > placed.seq));
      expect(bookOf(db, T).orders.get('resting')!.state).toBe('accepted');
    } finally {
      signal(sma, 'SIGTERM');
      await sma.done;
    }
  });
});
