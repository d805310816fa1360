import { beforeAll, describe, expect, test } from 'vitest';
import {
  barDateOfClose,
  cliJson,
  type DailyBars,
  exitJson,
  GOOG_CSV,
  goodStore,
  killChildrenAfterAll,
  nextPending,
  ok,
  readDailyCsv,
  readSession,
  smaArgs,
  spawnSextant,
  waitUntil,
} from './session-helpers.js';

/**
 * Issue 6, deliverable 5: with `--approval required` every strategy order waits for a person,
 * who sees the signal, its confidence, the risk checks passed and the expiry; approves (it is
 * re-checked and sent), rejects with a reason, or lets it lapse. Every decision is logged, and a
 * report compares what the decisions earned with what sending every order would have.
 */

killChildrenAfterAll();

const TTL_S = 6;
const SESSION = 'appr';
const goog: DailyBars = readDailyCsv(GOOG_CSV);

type Fate = 'approved' | 'rejected' | 'expired';

let db: string;
/** What the test decided for each order that waited, in order. */
const fates = new Map<string, Fate>();
/** `approvals list` as it showed each order while it waited. */
const listed = new Map<string, any>();
const failedReject: { status: number | null; json: any; journalBefore: number; journalAfter: number }[] = [];
const lateApprove: { status: number | null; json: any }[] = [];
let summary: any;

/** The bar (index into the CSV) an order was created on: its time is that bar's close. */
const barOf = (createdAt: string) => goog.at.get(barDateOfClose(createdAt))!;

beforeAll(async () => {
  db = goodStore();
  const child = spawnSextant(db, ['paper', ...smaArgs(10, 30, ['--from', '2005-01-01', '--to', '2005-12-31']), '--session', SESSION, '--speed', 'max', '--approval', 'required', '--approval-ttl', String(TTL_S), '--json']);
  const seen = new Set<string>();
  for (let k = 0; ; k++) {
    const id = await nextPending(db, SESSION, child, seen);
    if (id === null) break;
    seen.add(id);
    const list = ok<any[]>(db, ['approvals', 'list']);
    listed.set(id, list.find((o) => o.client_order_id === id));
    if (k === 2) {
      // Nobody decides: the runner lets it lapse after the approval window.
      await waitUntil(`order ${id} to expire`, () => readSession(db, SESSION).events.some((e) => e.orderId === id && e.data.to === 'expired'), (TTL_S + 10) * 1000);
      lateApprove.push(cliJson(db, ['approvals', 'approve', id, '--session', SESSION, '--reason', 'too late']));
      fates.set(id, 'expired');
    } else if (k % 2 === 1) {
      const journalBefore = readSession(db, SESSION).events.length;
      const noReason = cliJson(db, ['approvals', 'reject', id, '--session', SESSION, '--actor', 'bob']);
      failedReject.push({ ...noReason, journalBefore, journalAfter: readSession(db, SESSION).events.length });
      ok(db, ['approvals', 'reject', id, '--session', SESSION, '--actor', 'bob', '--reason', `too volatile ${k}`]);
      fates.set(id, 'rejected');
    } else {
      ok(db, ['approvals', 'approve', id, '--session', SESSION, '--actor', 'alice', '--reason', `trend confirmed ${k}`]);
      fates.set(id, 'approved');
    }
  }
  const exit = await child.done;
  expect(exit.code, exit.stderr).toBe(0);
  summary = exitJson(exit);
}, 120_000);

const ordersById = () => new Map(ok<any[]>(db, ['orders', 'list', '--session', SESSION, '--limit', '1000']).map((o) => [o.client_order_id, o]));

describe('approval flow of a paper session', () => {
  test('the session waited for every decision and finished', () => {
    expect(summary.finished).toBe(true);
    const counts = [...fates.values()].reduce((c, f) => ({ ...c, [f]: (c[f] ?? 0) + 1 }), {} as Record<string, number>);
    expect(counts.approved).toBeGreaterThanOrEqual(2);
    expect(counts.rejected).toBeGreaterThanOrEqual(2);
    expect(counts.expired).toBe(1);
  });

  test('approvals list shows what a person needs: signal, confidence, checks passed, size estimate, expiry', () => {
    const orders = ordersById();
    for (const [id, shown] of listed) {
      expect(shown, id).toBeDefined();
      expect(shown.state).toBe('pending-approval');
      expect(shown.origin).toBe('strategy');
      expect(shown.signal.kind).toBe(shown.side === 'buy' ? 'BUY' : 'SELL');
      expect(shown.signal.confidence).toBe(1);
      expect(shown.risk_checks_passed).toEqual(expect.arrayContaining(['trading-state', 'kill-switch', 'circuit-breaker', 'order-risk', 'max-position', 'gross-exposure', 'net-exposure']));
      // The window: TTL seconds from when it started waiting (the journal's wall time of that event).
      const waitingSince = readSession(db, SESSION).events.find((e) => e.orderId === id && e.data.to === 'pending-approval')!.at;
      expect(Math.abs(Date.parse(shown.approval_expires_at) - waitingSince - TTL_S * 1000)).toBeLessThan(1000);
      expect(orders.get(id)!.created_at).toBe(shown.created_at);
    }
    // The first order comes with no position: the estimate is all the cash at the last close, in whole shares.
    const first = [...listed.values()][0];
    expect(first.qty).toBe(Math.floor(10_000 / goog.close[barOf(first.created_at)]));
  });

  test('an approved order is sent and fills at the next open; the decision is recorded with who and why', async () => {
    const orders = ordersById();
    const audit = ok<any[]>(db, ['audit', '--action', 'order.approve', '--limit', '100']);
    for (const [id, fate] of fates) {
      if (fate !== 'approved') continue;
      const o = orders.get(id)!;
      expect(o.decision).toMatchObject({ actor: 'alice', approved: true });
      expect(o.decision.reason).toMatch(/^trend confirmed \d+$/);
      if (o.state === 'filled') {
        // The replay waited on the order's bar, so it fills at the open of the bar after it.
        expect(o.avg_fill_price).toBeCloseTo(goog.open[barOf(o.created_at) + 1], 9);
      } else {
        // Target orders that mean nothing at the fill are cancelled; nothing else may happen to an approved order.
        expect(o.state).toBe('canceled');
      }
      const entry = audit.find((a) => a.subject === `${SESSION}/${id}`);
      expect(entry, `audit entry for ${id}`).toMatchObject({ actor: 'alice', action: 'order.approve' });
      expect(entry.details.reason).toBe(o.decision.reason);
    }
    expect([...fates].filter(([id, f]) => f === 'approved' && orders.get(id)!.state === 'filled').length).toBeGreaterThanOrEqual(2);
  });

  test('a rejected order is denied HUMAN_REJECTED with the reason; rejecting without --reason fails and writes nothing', () => {
    const orders = ordersById();
    const audit = ok<any[]>(db, ['audit', '--action', 'order.reject', '--limit', '100']);
    for (const [id, fate] of fates) {
      if (fate !== 'rejected') continue;
      const o = orders.get(id)!;
      expect(o.state).toBe('denied');
      expect(o.code).toBe('HUMAN_REJECTED');
      expect(o.filled_qty).toBe(0);
      expect(o.decision).toMatchObject({ actor: 'bob', approved: false });
      expect(o.decision.reason).toMatch(/^too volatile \d+$/);
      expect(audit.filter((a) => a.subject === `${SESSION}/${id}`)).toHaveLength(1);
    }
    expect(failedReject.length).toBeGreaterThanOrEqual(2);
    for (const r of failedReject) {
      expect(r.status).toBe(2);
      expect(r.json.error.code).toBe('OPTION_INVALID');
      expect(r.json.error.message).toContain('--reason');
      expect(r.journalAfter).toBe(r.journalBefore);
    }
  });

  test('an order nobody decides expires APPROVAL_EXPIRED, and approving it afterwards is refused', () => {
    const orders = ordersById();
    for (const [id, fate] of fates) {
      if (fate !== 'expired') continue;
      const o = orders.get(id)!;
      expect(o.state).toBe('expired');
      expect(o.code).toBe('APPROVAL_EXPIRED');
      expect(o.decision).toBeNull();
      expect(o.filled_qty).toBe(0);
    }
    expect(lateApprove).toHaveLength(1);
    for (const r of lateApprove) {
      expect(r.status).toBe(1);
      expect(r.json.error.code).toBe('APPROVAL_NOT_PENDING');
    }
  });

  test.each([5, 3])('approvals report --horizon %i: P&L by decision = direction × qty × (close[t+h] − close[t]) from the bars', (h) => {
    const report = ok(db, ['approvals', 'report', '--session', SESSION, '--horizon', String(h)]);
    const orders = ordersById();
    const want: Record<Fate | 'model', { count: number; measured: number; pnl: number; returns: number[] }> = {
      approved: { count: 0, measured: 0, pnl: 0, returns: [] },
      rejected: { count: 0, measured: 0, pnl: 0, returns: [] },
      expired: { count: 0, measured: 0, pnl: 0, returns: [] },
      model: { count: 0, measured: 0, pnl: 0, returns: [] },
    };
    for (const [id, fate] of fates) {
      const o = orders.get(id)!;
      const t = barOf(o.created_at);
      const dir = o.side === 'buy' ? 1 : -1;
      for (const g of [want[fate], want.model]) {
        g.count++;
        g.measured++;
        g.pnl += dir * o.qty * (goog.close[t + h] - goog.close[t]);
        g.returns.push((dir * (goog.close[t + h] - goog.close[t])) / goog.close[t]);
      }
    }
    expect(report.horizon_bars).toBe(h);
    for (const k of ['approved', 'rejected', 'expired', 'model'] as const) {
      const mean = want[k].returns.length > 0 ? (100 * want[k].returns.reduce((a, b) => a + b, 0)) / want[k].returns.length : null;
      expect(report[k].count, k).toBe(want[k].count);
      expect(report[k].measured, k).toBe(want[k].measured);
      expect(report[k].pnl, k).toBeCloseTo(want[k].pnl, 6);
      if (mean === null) expect(report[k].meanReturnPct).toBeNull();
      else expect(report[k].meanReturnPct, k).toBeCloseTo(mean, 9);
    }
    expect(report.human_value_added).toBeCloseTo(want.approved.pnl - want.model.pnl, 6);
  });
});
