import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import type { JournalEvent } from '../../../src/store/trading-store.js';
import { JournalBook } from '../../../src/trading/oms/journal-book.js';
import {
  type Child,
  exitJson,
  expectNoDuplicates,
  GOOG_CSV,
  goodStore,
  killChildrenAfterAll,
  nextPending,
  ok,
  orderEvents,
  readDailyCsv,
  readSession,
  seeded,
  signal,
  smaArgs,
  spawnSextant,
  waitUntil,
} from './session-helpers.js';

/**
 * Issue 6, deliverable 1: kill -9 the paper runner at random points, many times; every restart
 * rebuilds the session from its journal, and in the end nothing was lost or done twice.
 * The reference is the same session run without interruption (and the backtest).
 */

killChildrenAfterAll();

const ARGS = smaArgs(5, 20);
/** GOOG daily spans ~8.5 years = 2.7e8 s: at this speed the whole replay takes ~6 s of wall time. */
const SPEED = '45000000';
const KILLS = 10;
const goog = readDailyCsv(GOOG_CSV);

let db: string;
let whole: { json: any; events: JournalEvent[] };
let backtest: any;

beforeAll(() => {
  db = goodStore();
  whole = { json: ok(db, ['paper', ...ARGS, '--session', 'whole', '--speed', 'max']), events: readSession(db, 'whole').events };
  backtest = ok(db, ['backtest', ...ARGS]);
});

const paper = (session: string, speed = SPEED, extra: string[] = []): Child => spawnSextant(db, ['paper', ...ARGS, '--session', session, '--speed', speed, '--json', ...extra]);

/** What a session's journal must end up as: the uninterrupted session's order events, in the same order. */
const reference = () => orderEvents(whole.events, 'whole');

/** Equity from the book: cash plus every position at the last close of the data (read from the CSV). */
function bookEquity(book: JournalBook): number {
  let e = book.cash;
  for (const p of book.positions.values()) e += p.qty * goog.close[goog.close.length - 1];
  return e;
}

describe('crash recovery of a paper session', () => {
  test('the uninterrupted session is the backtest', () => {
    expect(whole.json.finished).toBe(true);
    expect(whole.json.denials).toEqual([]);
    expect(whole.json.trades).toEqual(backtest.trades);
    expect(whole.json.trades.length).toBeGreaterThan(100);
  });

  test(`SIGKILL at ${KILLS} random points, then a full restart: nothing lost, nothing twice`, async () => {
    const rnd = seeded(6);
    const ref = reference();
    const cursors: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = paper('crash');
      // From 0.3 s (often still starting up or re-running the journal) to 1.5 s (well into the paced replay).
      const early = await Promise.race([child.done, sleep(300 + rnd() * 1200).then(() => null)]);
      expect(early, `run ${k} ended before it was killed: ${early?.stderr}`).toBeNull();
      signal(child, 'SIGKILL');
      expect((await child.done).signal).toBe('SIGKILL');

      const { record, events } = readSession(db, 'crash');
      cursors.push(record?.cursorTick ?? 0);
      // After every kill: each order created once, each fill once, the book folds (the state machine holds),
      // and what was journaled is exactly the start of the uninterrupted session's journal.
      expectNoDuplicates(events);
      expect(() => new JournalBook(events)).not.toThrow();
      const got = orderEvents(events, 'crash');
      expect(got).toEqual(ref.slice(0, got.length));
    }
    // The kills landed all along the replay (some during start-up or the re-run: those are random points too).
    expect(cursors[cursors.length - 1]).toBeGreaterThan(500);
    expect(cursors.filter((c, k) => c > (cursors[k - 1] ?? 0)).length).toBeGreaterThanOrEqual(KILLS / 2);

    const last = await paper('crash').done;
    expect(last.code, last.stderr).toBe(0);
    const out = exitJson(last);
    expect(out.finished).toBe(true);
    expect(out.resumed).toBe(true);
    expect(out.differences).toEqual([]);
    expect(out.repairs).toEqual([]);
    expect(out.trades).toEqual(whole.json.trades);
    expect(out.trades).toEqual(backtest.trades);
    expect(out.metrics).toEqual(whole.json.metrics);

    const { events } = readSession(db, 'crash');
    expectNoDuplicates(events);
    expect(orderEvents(events, 'crash')).toEqual(reference());
    const book = new JournalBook(events);
    expect(book.cash).toBeCloseTo(out.cash, 6);
    expect(Object.fromEntries([...book.positions].filter(([, p]) => p.qty !== 0).map(([s, p]) => [s, p.qty]))).toEqual(out.positions);
    expect(bookEquity(book)).toBeCloseTo(out.account_equity, 6);
    // Exactly one order per kernel order number, and one fill per order (market orders fill whole).
    const fills = events.filter((e) => e.kind === 'fill');
    expect(new Set(fills.map((e) => e.orderId)).size).toBe(fills.length);
    expect(fills.length).toBe(out.orders.filled);
  });

  test('SIGTERM stops cleanly; the resumed session continues from where it stopped', async () => {
    const child = paper('term');
    const stopAt = await waitUntil('the replay to pass bar 400', () => (readSession(db, 'term').record?.cursorTick ?? 0) >= 400);
    expect(stopAt).toBe(true);
    signal(child, 'SIGTERM');
    const stopped = await child.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    const out = exitJson(stopped);
    expect(out.finished).toBe(false);
    expect(out.ticks).toBeGreaterThanOrEqual(400);
    expect(out.ticks).toBeLessThan(out.total_ticks);
    expect(out.differences).toEqual([]);
    expect(out.repairs).toEqual([]);

    const before = readSession(db, 'term');
    expect(before.record!.status).toBe('stopped');
    expect(before.record!.ownerPid).toBeNull();
    expect(before.record!.cursorTick).toBe(out.ticks);
    const stopEvent = before.events[before.events.length - 1];
    expect(stopEvent.kind).toBe('stop');
    expect(stopEvent.data.ticks).toBe(out.ticks);
    // State flushed: the journal's book is the ledger the runner printed.
    const book = new JournalBook(before.events);
    expect(book.cash).toBeCloseTo(out.cash, 6);
    expect(Object.fromEntries([...book.positions].filter(([, p]) => p.qty !== 0).map(([s, p]) => [s, p.qty]))).toEqual(out.positions);
    const positions = ok(db, ['positions', '--session', 'term']);
    expect(positions.status).toBe('stopped');
    expect(positions.cash).toBeCloseTo(out.cash, 6);

    const resumed = await paper('term', 'max').done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const end = exitJson(resumed);
    expect(end.resumed).toBe(true);
    expect(end.finished).toBe(true);
    expect(end.differences).toEqual([]);
    expect(end.repairs).toEqual([]);
    expect(end.trades).toEqual(whole.json.trades);

    const after = readSession(db, 'term');
    expect(after.record!.status).toBe('finished');
    // Nothing before the stop was written again: every new event belongs to a bar at or after it.
    const fresh = after.events.slice(before.events.length);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.filter((e) => e.tick < out.ticks)).toEqual([]);
    expectNoDuplicates(after.events);
    expect(orderEvents(after.events, 'term')).toEqual(reference());
  });
});

/**
 * A session that waits for people: with the same decisions it must end the same whether or not
 * the runner was killed while an order was waiting for approval.
 */
describe('crash recovery of a session with approvals', () => {
  const APPROVAL = ['--from', '2005-01-01', '--to', '2005-06-30', '--approval', 'required', '--approval-ttl', '600'];
  /** The k-th order that waits is rejected when k = 1, approved otherwise. */
  const decisionOf = (k: number) => (k === 1 ? 'reject' : 'approve');

  /** Starts the runner and waits until it has read its journal (its first heartbeat comes after that). */
  async function start(session: string): Promise<Child> {
    const since = Date.now();
    const child = paper(session, 'max', APPROVAL);
    await waitUntil('the runner to read its journal', () => {
      const r = readSession(db, session).record;
      return r !== null && r.ownerPid === child.proc.pid && (r.heartbeatAt ?? 0) >= since;
    });
    return child;
  }

  /** Runs a session to its end, deciding every order that waits; `killWhileWaiting` lists the orders (k) at which the runner is SIGKILLed and restarted first. */
  async function drive(session: string, killWhileWaiting: number[]): Promise<any> {
    let child = await start(session);
    const seen = new Set<string>();
    for (let k = 0; ; k++) {
      const id = await nextPending(db, session, child, seen);
      if (id === null) break;
      if (killWhileWaiting.includes(k)) {
        signal(child, 'SIGKILL');
        await child.done;
        child = await start(session);
      }
      const decide = decisionOf(k);
      const r = ok(db, ['approvals', decide, id, '--session', session, '--actor', 'tester', '--reason', `${decide} ${k}`]);
      expect(r.applied, `${decide} ${id}`).toBe(true);
      seen.add(id);
    }
    const exit = await child.done;
    expect(exit.code, exit.stderr).toBe(0);
    return exitJson(exit);
  }

  /** What the runner journaled for the orders, without what depends on the wall clock (expiry times) or on journal numbering (which command). */
  const comparable = (session: string) =>
    orderEvents(readSession(db, session).events.filter((e) => e.kind !== 'command'), session).map(({ data, ...e }) => {
      const { expiresAt, input, ...rest } = data as Record<string, unknown>;
      return { ...e, data: rest, input: typeof input === 'string' ? input.replace(/\d+$/, '') : input };
    });

  let ref: any;
  beforeAll(async () => {
    ref = await drive('approvals-whole', []);
  });

  test('the uninterrupted session: decisions taken, the approved orders filled', () => {
    expect(ref.finished).toBe(true);
    expect(ref.orders.denied).toBeGreaterThanOrEqual(1);
    expect(ref.orders.filled).toBeGreaterThanOrEqual(3);
  });

  test('killed while an order waits for approval, the restarted session waits at the same bar', async () => {
    const out = await drive('approvals-crash', [0, 2]);
    expect(out.resumed).toBe(true);
    expect(out.differences).toEqual([]);
    expect(out.repairs).toEqual([]);
    expectNoDuplicates(readSession(db, 'approvals-crash').events);
    expect(comparable('approvals-crash')).toEqual(comparable('approvals-whole'));
    expect(out.trades).toEqual(ref.trades);
  });
});
