import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { JournalEvent } from '../../src/store/trading-store.js';
import { type ApiFixture, type EventSocket, errorCode, requireBuilt, startApi } from '../helpers/api.js';
import { waitUntil } from '../helpers/wait.js';
import { BIN, ROOT } from '../helpers/cli.js';

/**
 * Issue 7, approvals over HTTP: a paper session run by the real binary holds every order for a
 * person. GET /approvals lists what waits; a trader approves (the order leaves the queue and the
 * WebSocket says so) or rejects with a reason (denied HUMAN_REJECTED); a rejection without a
 * reason and anything a viewer tries are refused without writing anything.
 */

requireBuilt();

const SESSION = 's1';
let f: ApiFixture;
let ws: EventSocket;
let child: ChildProcess;
let childLog = '';

/** The session's journal, read straight from the store file (the session and the server write it). */
function journal(): JournalEvent[] {
  const store = SqliteStore.open(f.db);
  try {
    return store.trading().journal(SESSION);
  } finally {
    void store.close();
  }
}

/** Orders whose last state change put them in pending-approval, from the journal by hand. */
function pendingInJournal(): string[] {
  const last = new Map<string, unknown>();
  for (const e of journal()) if (e.kind === 'state') last.set(e.orderId!, (e.data as { to?: unknown }).to);
  return [...last].filter(([, to]) => to === 'pending-approval').map(([id]) => id);
}

interface Waiting {
  client_order_id: string;
  state: string;
  session: string;
  qty: number;
  signal: unknown;
  risk_checks_passed: string[];
}

async function approvals(): Promise<Waiting[]> {
  const r = await f.call('GET', `/api/v1/approvals?session=${SESSION}`, { as: 'viewer' });
  if (r.status !== 200) throw new Error(`GET /approvals: ${r.status} ${r.text}`);
  return r.body;
}

const sessionExists = async () => ((await f.call('GET', '/api/v1/sessions', { as: 'viewer' })).body as { name: string }[]).some((s) => s.name === SESSION);
const orderOf = async (id: string) => ((await f.call('GET', `/api/v1/orders?session=${SESSION}&limit=1000`, { as: 'viewer' })).body as { client_order_id: string; state: string; code: string | null; decision: any }[]).find((o) => o.client_order_id === id);
const auditCount = async () => (await f.call('GET', '/api/v1/audit?limit=1000', { as: 'viewer' })).body.length as number;

/** The next order waiting for approval that is not in `seen`. */
const nextPending = (seen: string[]) => waitUntil('an order waiting for approval', async () => (await sessionExists()) && (await approvals()).find((o) => !seen.includes(o.client_order_id)), 40_000);

beforeAll(async () => {
  f = await startApi();
  ws = await f.socket('viewer');
  // The sample history draws down more than the default limits allow; they would halt the session.
  const limits = await f.call('PUT', '/api/v1/controls/limits', { body: { set: { maxDrawdownPct: null, dailyLossPct: null } } });
  expect(limits.status, limits.text).toBe(200);
  const args = ['paper', '--db', f.db, '--session', SESSION, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--symbol', 'GOOG', '--interval', '1d', '--from', '2005-01-01', '--to', '2005-12-31', '--random-seeds', '5', '--approval', 'required', '--speed', 'max'];
  child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (childLog += d));
  child.stderr!.on('data', (d) => (childLog += d));
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await gone;
  }
  await f?.close();
});

const decided: string[] = [];

describe('approvals of a paper session', () => {
  test('GET /approvals lists the waiting order, as the journal has it, with its signal and checks', async () => {
    const first = await nextPending([]).catch((e: Error) => {
      throw new Error(`${e.message}; the session said:\n${childLog}`);
    });
    const listed = await approvals();
    expect(listed.map((o) => o.client_order_id).sort()).toEqual(pendingInJournal().sort());
    expect(first).toMatchObject({ session: SESSION, state: 'pending-approval' });
    expect(first.qty).toBeGreaterThan(0);
    expect(first.signal).not.toBeNull();
    expect(first.risk_checks_passed).toEqual(expect.arrayContaining(['trading-state', 'kill-switch']));
  });

  test('a viewer may not approve or reject: 403, and the journal and audit log are unchanged', async () => {
    const [order] = await approvals();
    const events = journal().length;
    const audit = await auditCount();
    for (const verb of ['approve', 'reject']) {
      const r = await f.call('POST', `/api/v1/approvals/${order.client_order_id}/${verb}`, { as: 'viewer', body: { reason: 'viewer tries' } });
      expect([verb, r.status, errorCode(r)]).toEqual([verb, 403, 'AUTH_FORBIDDEN']);
    }
    expect(journal()).toHaveLength(events);
    expect(await auditCount()).toBe(audit);
    expect((await orderOf(order.client_order_id))!.state).toBe('pending-approval');
  });

  test('a trader approves: 202, the order leaves the queue, and an approval/order event for it arrives', async () => {
    const [order] = await approvals();
    const id = order.client_order_id;
    const r = await f.call('POST', `/api/v1/approvals/${id}/approve`, { as: 'trader', body: { reason: 'trend confirmed' } });
    expect(r.status, r.text).toBe(202);
    expect(r.body).toMatchObject({ client_order_id: id, session: SESSION });
    decided.push(id);
    await waitUntil(`order ${id} to leave the queue`, async () => !(await approvals()).some((o) => o.client_order_id === id));
    const event = await ws.next(`approval/order event for ${id} after the decision`, (e) => (e.type === 'approval' || e.type === 'order') && e.data.order.client_order_id === id && e.data.order.state !== 'pending-approval');
    expect(event.data.session).toBe(SESSION);
    const after = await orderOf(id);
    expect(after!.decision).toMatchObject({ actor: `api:${f.keys.trader.id}`, approved: true, reason: 'trend confirmed' });
    expect(['submitted', 'accepted', 'filled', 'partially-filled', 'canceled']).toContain(after!.state);
    const audit = (await f.call('GET', '/api/v1/audit?action=order.approve', { as: 'viewer' })).body;
    expect(audit.find((a: { subject: string }) => a.subject === `${SESSION}/${id}`)).toMatchObject({ actor: `api:${f.keys.trader.id}` });
  });

  test('rejecting without a reason → 400 and nothing written; with a reason → denied HUMAN_REJECTED', async () => {
    const order = await nextPending(decided);
    const id = order.client_order_id;
    const events = journal().length;
    const audit = await auditCount();
    for (const body of [{}, { reason: '   ' }]) {
      const r = await f.call('POST', `/api/v1/approvals/${id}/reject`, { as: 'trader', body });
      expect(r.status, r.text).toBe(400);
      expect(errorCode(r)).toMatch(/VALIDATION_FAILED|OPTION_INVALID/);
    }
    expect(journal()).toHaveLength(events);
    expect(await auditCount()).toBe(audit);
    expect((await orderOf(id))!.state).toBe('pending-approval');

    const r = await f.call('POST', `/api/v1/approvals/${id}/reject`, { as: 'trader', body: { reason: 'too volatile' } });
    expect(r.status, r.text).toBe(202);
    decided.push(id);
    const denied = await waitUntil(`order ${id} denied`, async () => {
      const o = await orderOf(id);
      return o && o.state === 'denied' ? o : null;
    });
    expect(denied.code).toBe('HUMAN_REJECTED');
    expect(denied.decision).toMatchObject({ actor: `api:${f.keys.trader.id}`, approved: false, reason: 'too volatile' });
    await ws.next(`denied event for ${id}`, (e) => (e.type === 'approval' || e.type === 'order') && e.data.order.client_order_id === id && e.data.order.state === 'denied');
    expect((await approvals()).map((o) => o.client_order_id)).not.toContain(id);
  });

  test('GET /fills lists the journal\'s fills, newest first, and a fill event came for the approved order', async () => {
    const id = decided[0];
    await waitUntil(`a fill of ${id}`, () => journal().some((e) => e.kind === 'fill' && e.orderId === id));
    const fromJournal = journal()
      .filter((e) => e.kind === 'fill')
      .map((e) => ({ seq: e.seq, client_order_id: e.orderId, qty: e.data.qty, price: e.data.price, fee: e.data.fee, time: e.data.time }));
    const r = await f.call('GET', `/api/v1/fills?session=${SESSION}&limit=5000`, { as: 'viewer' });
    expect(r.status, r.text).toBe(200);
    const listed = r.body as { seq: number; session: string; client_order_id: string; symbol: string; qty: number; price: number; fee: number; time: number }[];
    // Newest first: by time, then by journal order.
    const byNewest = [...fromJournal].sort((a, b) => (b.time as number) - (a.time as number) || b.seq - a.seq);
    expect(listed.map(({ seq, client_order_id, qty, price, fee, time }) => ({ seq, client_order_id, qty, price, fee, time }))).toEqual(byNewest);
    for (const fill of listed) expect(fill).toMatchObject({ session: SESSION, symbol: 'GOOG' });
    const event = await ws.next(`fill event for ${id}`, (e) => e.type === 'fill' && e.data.client_order_id === id);
    expect(listed).toContainEqual(event.data);
  });

  test('deciding an order that no longer waits → 409 APPROVAL_NOT_PENDING', async () => {
    const r = await f.call('POST', `/api/v1/approvals/${decided[1]}/approve`, { as: 'trader', body: {} });
    expect([r.status, errorCode(r)]).toEqual([409, 'APPROVAL_NOT_PENDING']);
  });
});
