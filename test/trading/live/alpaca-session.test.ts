import { afterAll, describe, expect, test } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { JournalEvent } from '../../../src/store/trading-store.js';
import { AlpacaBroker } from '../../../src/trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import { JournalBook } from '../../../src/trading/oms/journal-book.js';
import { runPaperSession } from '../../../src/trading/session/paper-runner.js';
import { FakeAlpaca } from '../alpaca/fake-alpaca.js';
import { exitJson, GOOG_CSV, goodStore, killChildrenAfterAll, readDailyCsv, readSession, seeded, signal, smaArgs, spawnSextant, waitUntil } from '../session/session-helpers.js';

/**
 * Sessions routed to Alpaca (the local fake server, filling orders by itself like a market):
 * every order the strategy makes is sent once under its client order id, the fills the broker
 * reports are the only ones in the journal, and the journal's positions and cash are the
 * broker's. Then the same through `sextant paper --broker alpaca`, killed with SIGKILL at
 * random points and restarted: after each restart the journal is re-run, open orders are looked
 * up at the broker, and in the end nothing was sent twice, no fill was lost or doubled, and the
 * account and the journal agree.
 */

killChildrenAfterAll();

const CASH = 10_000;
const goog = readDailyCsv(GOOG_CSV);

/** What the fake's orders say, per client order id: filled quantity and notional. */
function fakeFills(fake: FakeAlpaca): Map<string, { qty: number; notional: number }> {
  const out = new Map<string, { qty: number; notional: number }>();
  for (const o of fake.book.orders) out.set(o.clientOrderId, { qty: o.filledQty, notional: o.filledNotional * (o.side === 'buy' ? 1 : -1) });
  return out;
}

/** The journal agrees with the broker: the same orders, the same fills, so the same cash and position. */
function expectJournalIsBroker(events: readonly JournalEvent[], fake: FakeAlpaca, session: string): JournalBook {
  // Created once each (a fill reported twice would show below as more filled than at the broker).
  const created = events.filter((e) => e.kind === 'order').map((e) => e.orderId);
  expect(new Set(created).size).toBe(created.length);
  const book = new JournalBook(events);
  const atBroker = fakeFills(fake);
  const mine = [...atBroker.keys()].filter((id) => id.startsWith(`${session}-`));
  // Every order at the broker is one the journal created; every journaled order the broker never got was closed as such.
  for (const id of mine) expect(book.orders.has(id), id).toBe(true);
  for (const o of book.orders.values()) {
    if (o.state === 'denied') continue;
    const b = atBroker.get(o.clientOrderId);
    if (!b) {
      expect(o.state, `${o.clientOrderId} never reached the broker`).toBe('canceled');
      expect(o.filledQty).toBe(0);
      continue;
    }
    expect(o.filledQty, `filled ${o.clientOrderId}`).toBeCloseTo(b.qty, 9);
  }
  const notional = mine.reduce((sum, id) => sum + atBroker.get(id)!.notional, 0);
  expect(book.cash).toBeCloseTo(CASH - notional, 6);
  expect(book.positions.get('GOOG')?.qty ?? 0).toBeCloseTo(fake.book.positions.get('GOOG')?.qty ?? 0, 9);
  return book;
}

describe('a session routed to Alpaca (the fake server)', () => {
  const fakes: FakeAlpaca[] = [];
  /** One account per test: positions at the broker are the session's alone. */
  async function market(): Promise<FakeAlpaca> {
    const fake = await FakeAlpaca.start({ cash: 1_000_000 });
    fake.autoFill({ delayMs: 0, parts: 2 });
    fakes.push(fake);
    return fake;
  }
  afterAll(async () => {
    for (const f of fakes) await f.stop();
  });

  test('in process: orders go out once each, fills come back from the stream, journal = broker', async () => {
    const fake = await market();
    const db = goodStore(['maxDrawdownPct=off', 'dailyLossPct=off'], 'routed-alpaca.db');
    const store = await SqliteStore.open(db);
    const broker = new AlpacaBroker({ config: alpacaConfigFromEnv(fake.env()) });
    try {
      await broker.ready();
      const from = goog.at.get('2012-01-03')!;
      const out = await runPaperSession(store, {
        session: 'inproc',
        config: { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['GOOG'], interval: '1d', from: Date.UTC(2012, 0, 3), cash: CASH, sizing: 'fixed', sizingValue: 3, randomSeeds: 2 },
        // A few ms of wall time per daily bar, so the broker's answers come back between bars.
        speed: 30_000_000,
        approval: false,
        approvalTtlSec: 60,
        stop: new AbortController().signal,
        broker,
        // The market the fake fills at is the replayed one: each bar's close.
        onTick: (tick) => fake.setPrice('GOOG', goog.close[from + tick]),
      });
      expect(out.finished).toBe(true);
      expect(out.problems).toEqual([]);
      expect(out.differences).toEqual([]);
      expect(out.repairs).toEqual([]);
      const events = store.trading().journal('inproc');
      const book = expectJournalIsBroker(events, fake, 'inproc');
      const filled = [...book.orders.values()].filter((o) => o.state === 'filled');
      expect(filled.length).toBeGreaterThan(10);
      // Fills are the broker's (actor broker) and come in the fake's two parts per order.
      const fills = events.filter((e) => e.kind === 'fill');
      expect(fills.every((f) => f.actor === 'broker')).toBe(true);
      expect(fills.length).toBe(2 * filled.length);
      // Each order is sent once: one POST per client order id.
      const posted = fake.postedClientIds.filter((id) => id.startsWith('inproc-'));
      expect(new Set(posted).size).toBe(posted.length);
      expect(posted.length).toBe([...book.orders.values()].filter((o) => o.state !== 'denied').length);
      // The session's ledger is the journal's.
      expect(out.engine.ledger.cash).toBeCloseTo(book.cash, 6);
    } finally {
      await broker.close();
      await store.close();
    }
  });

  test('a restart asks the broker about open orders: one filled while the session was down, one that never reached it', async () => {
    const fake = await market();
    fake.autoFill(null);
    fake.setPrice('GOOG', 600);
    const db = goodStore(['maxDrawdownPct=off', 'dailyLossPct=off'], 'routed-settle.db');
    const config = { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['GOOG'], interval: '1d', from: Date.UTC(2012, 0, 3), cash: CASH, sizing: 'fixed' as const, sizingValue: 3, randomSeeds: 2 };
    /** Runs the session until it places an order after tick `after` (or to the end); one attempt per request, so a failed POST stays failed. */
    async function runUntilOrder(after: number) {
      const store = await SqliteStore.open(db);
      const broker = new AlpacaBroker({ config: alpacaConfigFromEnv(fake.env()), http: { maxAttempts: 1 } });
      const stop = new AbortController();
      let at = -1;
      try {
        await broker.ready();
        const out = await runPaperSession(store, {
          session: 'settle', config, speed: 'max', approval: false, approvalTtlSec: 60, stop: stop.signal, broker,
          onTick: (tick, _ns, orders) => {
            if (tick > after && orders > 0 && at < 0) {
              at = tick;
              stop.abort();
            }
          },
        });
        return { out, at, events: store.trading().journal('settle') };
      } finally {
        await broker.close();
        await store.close();
      }
    }

    // 1. The first order goes out; the session stops before anything fills it.
    const first = await runUntilOrder(-1);
    expect(first.out.finished).toBe(false);
    const sent = first.events.find((e) => e.kind === 'order')!.orderId!;
    expect(fake.order(sent).status).toBe('new');
    // While it is down, the broker fills the order.
    const qty = fake.order(sent).qty;
    fake.fill(sent, qty, 612.5);

    // 2. The restart finds the fill at the broker and applies it; the next order's POST fails and is not retried.
    fake.failNext('POST /v2/orders', 500, 1);
    const second = await runUntilOrder(first.at);
    expect(second.out.differences).toEqual([]);
    expect(second.out.repairs).toEqual([{ what: `order ${sent} filled while the session was down`, journal: 0, broker: qty }]);
    const repaired = second.events.filter((e) => e.orderId === sent && e.kind === 'fill');
    expect(repaired).toEqual([expect.objectContaining({ actor: 'broker', data: expect.objectContaining({ qty, price: 612.5, input: 'broker', remaining: 0 }) })]);
    expect(second.out.book.positions.get('GOOG')!.qty).toBe(qty * (fake.order(sent).side === 'buy' ? 1 : -1));
    const lost = second.events.filter((e) => e.kind === 'order').at(-1)!.orderId!;
    expect(lost).not.toBe(sent);
    expect(second.out.problems).toEqual([expect.stringContaining(`submit ${lost}`)]);
    expect(fake.book.byClientId(lost)).toBeUndefined();

    // 3. The next restart cancels the order the broker never got (its moment has passed), then runs to the end with fills.
    fake.autoFill({ delayMs: 0 });
    const third = await runUntilOrder(Infinity);
    expect(third.out.finished).toBe(true);
    expect(third.out.differences).toEqual([]);
    expect(third.out.repairs[0]).toEqual({ what: `order ${lost} never reached the broker (cancelled)`, journal: expect.any(Number), broker: 0 });
    expect(third.out.book.orders.get(lost)!.state).toBe('canceled');
    await waitUntil('the fake to finish its fills', () => fake.autoFillPending() === 0);
    expectJournalIsBroker(readSession(db, 'settle').events, fake, 'settle');
  });

  test('sextant paper --broker alpaca, killed with SIGKILL at random points and restarted: nothing sent twice, nothing lost', async () => {
    const fake = await market();
    const db = goodStore(['maxDrawdownPct=off', 'dailyLossPct=off'], 'routed-crash.db');
    fake.setPrice('GOOG', 600);
    const args = ['paper', ...smaArgs(5, 20, ['--from', '2011-01-01', '--cash', String(CASH), '--sizing', 'fixed', '--size', '3']), '--broker', 'alpaca', '--session', 'crash', '--speed', '20000000', '--json'];
    const random = seeded(7);
    const kills = 4;
    const cursors: number[] = [];
    for (let k = 0; k < kills; k++) {
      const child = spawnSextant(db, args, fake.env());
      // Let it get some way in (a random number of journaled events past the last run's), then kill it without warning.
      const before = readSession(db, 'crash').events.length;
      const target = before + 5 + Math.floor(random() * 40);
      await waitUntil('the session to journal more', () => readSession(db, 'crash').events.length >= target || child.proc.exitCode !== null, 60_000);
      signal(child, 'SIGKILL');
      const exit = await child.done;
      expect(exit.signal, exit.stderr).toBe('SIGKILL');
      cursors.push(readSession(db, 'crash').record!.cursorTick);
    }
    // Every kill landed in the middle of the replay, each further on than the one before.
    const total = goog.date.length - goog.at.get('2011-01-03')!;
    for (let k = 0; k < kills; k++) expect(cursors[k]).toBeGreaterThan(k === 0 ? 0 : cursors[k - 1]);
    expect(cursors[kills - 1]).toBeLessThan(total);
    const last = await spawnSextant(db, args, fake.env()).done;
    expect(last.code, last.stderr).toBe(0);
    const out = exitJson(last);
    expect(out.finished).toBe(true);
    expect(out.resumed).toBe(true);
    expect(out.differences).toEqual([]);
    // The fake fills asynchronously: orders journaled but not yet filled when a kill came are settled at the broker by client id.
    await waitUntil('the fake to finish its fills', () => fake.autoFillPending() === 0);
    const events = readSession(db, 'crash').events;
    const book = expectJournalIsBroker(events, fake, 'crash');
    expect([...book.orders.values()].filter((o) => o.state === 'filled').length).toBeGreaterThan(10);
    const posted = fake.postedClientIds.filter((id) => id.startsWith('crash-'));
    expect(fake.book.orders.filter((o) => o.clientOrderId.startsWith('crash-')).length).toBe(new Set(posted).size);
  }, 240_000);
});
