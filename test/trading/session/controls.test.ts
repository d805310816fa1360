import { beforeAll, describe, expect, test } from 'vitest';
import type { JournalEvent } from '../../../src/store/trading-store.js';
import {
  bookOf,
  exitJson,
  foldFills,
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
 * Issue 6, deliverable 4, end to end: the kill switch (with flatten), the trading states and the
 * circuit breaker acting on a running paper session, as the journal records them.
 */

killChildrenAfterAll();

const goog = readDailyCsv(GOOG_CSV);
/** ~30 trading days per second of wall time: slow enough to act on, fast enough to see several signals. */
const SPEED = '3600000';
const RANGE = ['--from', '2006-01-01', '--to', '2010-12-31'];
/** The session moves on by ~15 bars while a `sextant` command starts: no price band, since a limit "25 % away" is priced from a close a few bars old. */
const LOOSE = ['maxDrawdownPct=off', 'dailyLossPct=off', 'priceBandPct=off'];

const position = (db: string, session: string) => foldFills(readSession(db, session).events, 10_000).positions.GOOG ?? 0;
const controlEvents = (events: readonly JournalEvent[]) => events.filter((e) => e.kind === 'control');
/** Strategy orders (the session's own, numbered by the kernel) created at or after a tick. */
const strategyOrders = (events: readonly JournalEvent[], session: string, fromTick: number) =>
  events.filter((e) => e.kind === 'order' && e.data.origin === 'strategy' && e.orderId!.startsWith(`${session}-`) && e.tick >= fromTick);
const finalState = (events: readonly JournalEvent[], id: string) => {
  const s = events.filter((e) => e.orderId === id && e.kind === 'state');
  return s.length === 0 ? null : (s[s.length - 1].data as { to: string; code?: string; reason?: string });
};

/**
 * A strategy order that the control must have stopped: denied with `code`. A signal for the
 * direction the position already has (after an earlier denial) is sized at zero and trades
 * nothing: it may pass as "reducing" and end cancelled as sized to nothing. Either way nothing fills.
 */
function expectStopped(events: readonly JournalEvent[], o: JournalEvent, code: string): void {
  const end = finalState(events, o.orderId!);
  const what = `${o.orderId} ${new Date(o.data.time as number).toISOString()} qty ${o.data.qty}`;
  expect(events.filter((e) => e.kind === 'fill' && e.orderId === o.orderId), what).toEqual([]);
  if (o.data.qty === 0 && end?.to === 'canceled') expect(end.reason, what).toBe('sized to nothing at the fill');
  else expect(end, what).toMatchObject({ to: 'denied', code });
}

/** A manual limit order 25 % below the market (it rests): what the controls must cancel. */
function resting(db: string, session: string, id: string) {
  const price = (lastClose(db, session, goog) * 0.75).toFixed(2);
  ok(db, ['orders', 'submit', '--session', session, '--symbol', 'GOOG', '--side', 'buy', '--qty', '1', '--type', 'limit', '--limit-price', price, '--client-order-id', id, '--wait', '0']);
}

const manual = (db: string, session: string, side: string, qty: number, id: string) => ok(db, ['orders', 'submit', '--session', session, '--symbol', 'GOOG', '--side', side, '--qty', String(qty), '--client-order-id', id]);

/** Waits until the runner has applied a control change (its `control` event), after event `afterSeq`. */
const applied = (db: string, session: string, afterSeq: number, what: (e: JournalEvent) => boolean) =>
  waitUntil('the runner to apply the change', () => controlEvents(readSession(db, session).events).find((e) => e.seq > afterSeq && what(e)));

describe('kill switch, trading states', () => {
  let db: string;
  beforeAll(() => {
    db = goodStore(LOOSE);
  });

  // A person's orders in a session whose strategy never trades (hold-cash): what the controls do to
  // open orders and positions, without strategy signals in between (a signal cancels the symbol's
  // working orders, a person's included: see orders.test.ts).
  test('kill switch: open orders cancelled, position flattened, new orders denied; HALTED and REDUCING likewise', async () => {
    const S = 'hc';
    const child = spawnSextant(db, ['paper', '--strategy', 'hold-cash', '--symbol', 'GOOG', '--interval', '1d', '--random-seeds', '5', ...RANGE, '--session', S, '--speed', SPEED, '--json']);
    await waitUntil('the session to start', () => (readSession(db, S).record?.cursorTick ?? 0) > 2);
    expect(manual(db, S, 'buy', 10, 'm-buy')).toMatchObject({ state: 'filled', filled_qty: 10 });
    resting(db, S, 'rest-1');
    await waitUntil('the limit order to work', () => bookOf(db, S).orders.get('rest-1')?.state === 'accepted');

    ok(db, ['controls', 'kill-switch', 'on', '--flatten', '--actor', 'risk-desk', '--reason', 'test']);
    const on = await applied(db, S, 0, (e) => e.data.killGlobal === true);
    await waitUntil('the flatten order to fill', () => [...bookOf(db, S).orders.values()].some((o) => o.origin === 'flatten' && o.state === 'filled'));
    expect(ok(db, ['positions', '--session', S]).positions).toEqual([]);
    expect(manual(db, S, 'buy', 1, 'm-killed')).toMatchObject({ state: 'denied', code: 'RISK_KILL_SWITCH' });
    ok(db, ['controls', 'kill-switch', 'off', '--actor', 'risk-desk']);
    const off = await applied(db, S, on.seq, (e) => e.data.killGlobal === false);
    expect(manual(db, S, 'buy', 1, 'm-after')).toMatchObject({ state: 'filled', filled_qty: 1 });

    resting(db, S, 'rest-2');
    await waitUntil('the limit order to work', () => bookOf(db, S).orders.get('rest-2')?.state === 'accepted');
    ok(db, ['controls', 'state', 'halted']);
    const halted = await applied(db, S, off.seq, (e) => e.data.state === 'HALTED');
    expect(manual(db, S, 'sell', 1, 'm-halted')).toMatchObject({ state: 'denied', code: 'RISK_TRADING_HALTED' });
    ok(db, ['controls', 'state', 'reducing']);
    const reducing = await applied(db, S, halted.seq, (e) => e.data.state === 'REDUCING');
    expect(manual(db, S, 'buy', 1, 'm-adds')).toMatchObject({ state: 'denied', code: 'RISK_REDUCING_ONLY' });
    expect(manual(db, S, 'sell', 2, 'm-flips')).toMatchObject({ state: 'denied', code: 'RISK_REDUCING_ONLY' });
    expect(manual(db, S, 'sell', 1, 'm-reduces')).toMatchObject({ state: 'filled', filled_qty: 1 });
    ok(db, ['controls', 'state', 'active']);
    await applied(db, S, reducing.seq, (e) => e.data.state === 'ACTIVE');
    signal(child, 'SIGTERM');
    expect((await child.done).code).toBe(0);

    const { events } = readSession(db, S);
    // The working orders were cancelled at the tick each control was applied, saying why.
    expect(finalState(events, 'rest-1')).toMatchObject({ to: 'canceled', reason: 'kill switch on' });
    expect(events.find((e) => e.orderId === 'rest-1' && e.data.to === 'canceled')!.tick).toBe(on.tick);
    expect(finalState(events, 'rest-2')).toMatchObject({ to: 'canceled', reason: 'trading halted' });
    expect(events.find((e) => e.orderId === 'rest-2' && e.data.to === 'canceled')!.tick).toBe(halted.tick);
    // One flatten order, for the 10 held, placed when the switch was applied.
    const flatten = events.filter((e) => e.kind === 'order' && e.data.origin === 'flatten');
    expect(flatten.map((e) => [e.tick, e.data.side, e.data.qty])).toEqual([[on.tick, 'sell', 10]]);
    expect(foldFills(events, 10_000).positions).toEqual({});
  });

  test('strategy orders: denied under the kill switch (after flattening), REDUCING and HALTED; trading again when lifted', async () => {
    const S = 'sma';
    const child = spawnSextant(db, ['paper', ...smaArgs(5, 20, RANGE), '--session', S, '--speed', SPEED, '--json']);
    await waitUntil('a position', () => position(db, S) !== 0);
    const newStrategyOrder = (after: JournalEvent) => waitUntil('a strategy order', () => strategyOrders(readSession(db, S).events, S, after.tick + 1).length > 0);
    const newStrategyFill = (after: JournalEvent) =>
      waitUntil('a strategy order to fill', () => {
        const events = readSession(db, S).events;
        return strategyOrders(events, S, after.tick).some((o) => events.some((e) => e.kind === 'fill' && e.orderId === o.orderId));
      });

    const start = readSession(db, S).events.length;
    ok(db, ['controls', 'kill-switch', 'on', '--flatten']);
    const on = await applied(db, S, start, (e) => e.data.killGlobal === true);
    await newStrategyOrder(on);
    ok(db, ['controls', 'kill-switch', 'off']);
    const off = await applied(db, S, on.seq, (e) => e.data.killGlobal === false);
    await newStrategyFill(off);
    ok(db, ['controls', 'state', 'reducing']);
    const reducing = await applied(db, S, off.seq, (e) => e.data.state === 'REDUCING');
    await newStrategyOrder(reducing);
    ok(db, ['controls', 'state', 'halted']);
    const halted = await applied(db, S, reducing.seq, (e) => e.data.state === 'HALTED');
    await newStrategyOrder(halted);
    ok(db, ['controls', 'state', 'active']);
    const active = await applied(db, S, halted.seq, (e) => e.data.state === 'ACTIVE');
    await newStrategyFill(active);
    signal(child, 'SIGTERM');
    const exit = await child.done;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exitJson(exit).finished).toBe(false);

    const { events } = readSession(db, S);
    const between = (a: JournalEvent, b: JournalEvent) => strategyOrders(events, S, a.tick).filter((o) => o.tick < b.tick);
    // Nothing was denied before the first control.
    expect(strategyOrders(events, S, 0).filter((o) => o.tick < on.tick && finalState(events, o.orderId!)?.to === 'denied')).toEqual([]);
    // Flattened where the switch was applied: flat from the flatten order's fill until "off".
    const flatten = events.filter((e) => e.kind === 'order' && e.data.origin === 'flatten');
    expect(flatten).toHaveLength(1);
    expect(flatten[0].tick).toBe(on.tick);
    const heldBefore = foldFills(events.filter((e) => e.seq < flatten[0].seq), 10_000).positions.GOOG;
    expect([flatten[0].data.side, flatten[0].data.qty]).toEqual([heldBefore > 0 ? 'sell' : 'buy', Math.abs(heldBefore)]);
    expect(foldFills(events.filter((e) => e.tick < off.tick), 10_000).positions).toEqual({});
    // Each block denied every strategy order made under it, with its own code (sma-cross only ever flips, which never reduces).
    const blocks: [JournalEvent, JournalEvent, string][] = [
      [on, off, 'RISK_KILL_SWITCH'],
      [reducing, halted, 'RISK_REDUCING_ONLY'],
      [halted, active, 'RISK_TRADING_HALTED'],
    ];
    for (const [from, to, code] of blocks) {
      const stopped = between(from, to);
      expect(stopped.length, code).toBeGreaterThanOrEqual(1);
      for (const o of stopped) expectStopped(events, o, code);
    }
    // Lifted: orders pass again.
    for (const [from, to] of [
      [off, reducing],
      [active, events[events.length - 1]],
    ] as const) {
      for (const o of between(from, to)) expect(finalState(events, o.orderId!)?.to).not.toBe('denied');
    }
  });

  test('every control change is in the audit log, with who and what changed', () => {
    setLimits(db, ['maxOrderNotional=250000', 'priceBandPct=10']);
    const limits = ok<any[]>(db, ['audit', '--action', 'controls.limits', '--limit', '10']);
    expect(limits).toHaveLength(2);
    expect(limits[0].details.changes).toEqual([
      { field: 'maxOrderNotional', from: 1_000_000, to: 250_000 },
      { field: 'priceBandPct', from: null, to: 10 },
    ]);
    // The first change, made when the store was set up (fields in the config's order).
    expect(limits[1].details.changes).toEqual([
      { field: 'dailyLossPct', from: 5, to: null },
      { field: 'maxDrawdownPct', from: 25, to: null },
      { field: 'priceBandPct', from: 5, to: null },
    ]);
    expect(ok(db, ['controls', 'show']).limits).toMatchObject({ maxOrderNotional: 250_000, priceBandPct: 10, maxDrawdownPct: null });
    const kills = ok<any[]>(db, ['audit', '--action', 'controls.kill-switch', '--limit', '10']);
    expect(kills.map((a) => [a.details.on, a.details.flatten])).toEqual([
      [false, false],
      [true, true],
      [false, false],
      [true, true],
    ]);
    expect(kills.slice(2).map((a) => [a.actor, a.details.reason])).toEqual([
      ['risk-desk', null],
      ['risk-desk', 'test'],
    ]);
    const states = ok<any[]>(db, ['audit', '--action', 'controls.state', '--limit', '10']);
    expect(states.map((a) => `${a.details.from}→${a.details.to}`).reverse()).toEqual(['ACTIVE→HALTED', 'HALTED→REDUCING', 'REDUCING→ACTIVE', 'ACTIVE→REDUCING', 'REDUCING→HALTED', 'HALTED→ACTIVE']);
  });
});

describe('circuit breaker', () => {
  const COOLDOWN_MIN = 30 * 24 * 60;
  const DAY = 86_400_000;
  let db: string;
  let paper: any;
  let backtest: any;
  let events: JournalEvent[];
  beforeAll(() => {
    db = goodStore(['maxDrawdownPct=off', 'dailyLossPct=off', 'circuitBreaker.consecutiveLosses=2', 'circuitBreaker.lossRateThreshold=off', `circuitBreaker.cooldownMinutes=${COOLDOWN_MIN}`]);
    paper = ok(db, ['paper', ...smaArgs(5, 20), '--session', 'cb', '--speed', 'max']);
    backtest = ok(db, ['backtest', ...smaArgs(5, 20)]);
    events = readSession(db, 'cb').events;
  });

  /** The pauses, from the session's own trades: 2 losses in a row trip it at the close of the bar of the second loss's exit, for 30 days; trades closing in a pause are not counted. */
  function pausesFrom(trades: any[]): { from: number; until: number }[] {
    const pauses: { from: number; until: number }[] = [];
    let streak = 0;
    for (const t of trades) {
      const closedAt = Date.parse(t.exit_time) + DAY;
      const last = pauses[pauses.length - 1];
      if (last && closedAt < last.until) continue;
      streak = t.pnl < 0 ? streak + 1 : 0;
      if (streak === 2) {
        pauses.push({ from: closedAt, until: closedAt + COOLDOWN_MIN * 60_000 });
        streak = 0;
      }
    }
    return pauses;
  }

  test('after 2 losing trades in a row the next exposure-increasing orders are denied until the cool-down ends', () => {
    expect(paper.finished).toBe(true);
    const pauses = pausesFrom(paper.trades);
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    const orders = events.filter((e) => e.kind === 'order');
    let denied = 0;
    for (const o of orders) {
      const t = o.data.time as number;
      // Orders of the bar the trip happened on were placed before the trade closed; those after it, until the end, are paused.
      const paused = pauses.some((p) => t > p.from && t < p.until);
      if (paused) {
        expectStopped(events, o, 'RISK_CIRCUIT_BREAKER');
        if (o.data.qty !== 0) denied++;
      } else expect(finalState(events, o.orderId!)!.to, new Date(t).toISOString()).not.toBe('denied');
    }
    expect(denied).toBeGreaterThanOrEqual(3);
  });

  test("a strategy order's side is its signal's direction (also one sized at zero)", () => {
    const orders = events.filter((e) => e.kind === 'order' && e.data.origin === 'strategy');
    expect(orders.length).toBeGreaterThan(3);
    for (const o of orders) expect(o.data.side, o.orderId!).toBe((o.data.signal as { kind: string }).kind === 'BUY' ? 'buy' : 'sell');
  });

  test('until the first trip the session trades exactly as the backtest', () => {
    const trades = backtest.trades;
    let k = 1;
    while (k < trades.length && !(trades[k - 1].pnl < 0 && trades[k].pnl < 0)) k++;
    expect(k).toBeLessThan(trades.length);
    expect(paper.trades.slice(0, k + 1)).toEqual(trades.slice(0, k + 1));
    const tripAt = Date.parse(trades[k].exit_time) + 86_400_000;
    // The first denial is the first order after the trip, and the backtest (no breaker) filled that order.
    const first = events.find((e) => e.kind === 'order' && (e.data.time as number) > tripAt)!;
    expect(finalState(events, first.orderId!)).toMatchObject({ to: 'denied', code: 'RISK_CIRCUIT_BREAKER' });
    expect(paper.trades.length).toBeLessThan(trades.length);
  });
});
