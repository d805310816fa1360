import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type EventSocket, errorCode, openSocket, startApi } from '../helpers/api.js';

/**
 * Issue 7, controls and keys: an admin changes the trading state, the kill switch and the risk
 * limits over HTTP; each change shows in GET /controls, reaches WebSocket clients and writes an
 * audit entry naming the key (`api:<key id>`); a dry run changes nothing. Keys made over HTTP
 * work at once and stop working when revoked.
 */

let f: ApiFixture;
let ws: EventSocket;

beforeAll(async () => {
  f = await startApi({ goog: false });
  ws = await f.socket('viewer');
});
afterAll(() => f?.close());

const controls = async () => (await f.call('GET', '/api/v1/controls', { as: 'viewer' })).body;
const audit = async (action: string) => (await f.call('GET', `/api/v1/audit?action=${action}&limit=1000`, { as: 'viewer' })).body as { actor: string; action: string; subject: string; details: any }[];
const adminActor = () => `api:${f.keys.admin.id}`;

/** The `controls` events received since `from` (an index into the socket's events). */
const controlsEvents = (from: number) => ws.events.slice(from).filter((e) => e.type === 'controls');

describe('controls', () => {
  test('PUT /controls/state: GET /controls shows it, a controls event arrives, the audit entry names the key', async () => {
    const before = await controls();
    expect(before.state).toBe('ACTIVE');
    const mark = ws.events.length;
    const r = await f.call('PUT', '/api/v1/controls/state', { body: { state: 'REDUCING', reason: 'test: reduce' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.state).toBe('REDUCING');
    const now = await controls();
    expect(now.state).toBe('REDUCING');
    expect(now.version).toBeGreaterThan(before.version);
    await ws.next('controls event with state REDUCING', (e) => e.type === 'controls' && e.data.state === 'REDUCING');
    expect(controlsEvents(mark).every((e) => e.data.state === 'REDUCING')).toBe(true);
    const entries = await audit('controls.state');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: adminActor(), details: { from: 'ACTIVE', to: 'REDUCING', reason: 'test: reduce' } });
  });

  test('PUT /controls/kill-switch: one strategy, then everything; each audited with the key', async () => {
    let r = await f.call('PUT', '/api/v1/controls/kill-switch', { body: { on: true, strategy: 'sma-cross', reason: 'test: one' } });
    expect(r.status, r.text).toBe(200);
    expect((await controls()).kill_switch).toEqual({ global: false, strategies: ['sma-cross'], flatten: false });
    r = await f.call('PUT', '/api/v1/controls/kill-switch', { body: { on: true, flatten: true, reason: 'test: all' } });
    expect(r.status, r.text).toBe(200);
    expect((await controls()).kill_switch).toEqual({ global: true, strategies: ['sma-cross'], flatten: true });
    await ws.next('controls event with the global kill switch on', (e) => e.type === 'controls' && e.data.kill_switch.global === true);
    const entries = await audit('controls.kill-switch');
    expect(entries.map((e) => [e.actor, e.details.on, e.details.strategy, e.details.reason])).toEqual([
      [adminActor(), true, null, 'test: all'],
      [adminActor(), true, 'sma-cross', 'test: one'],
    ]);
    r = await f.call('PUT', '/api/v1/controls/kill-switch', { body: { on: false } });
    expect((await controls()).kill_switch).toEqual({ global: false, strategies: [], flatten: false });
  });

  test('PUT /controls/limits: the limit changes and the change is listed and audited', async () => {
    const before = (await controls()).limits;
    expect(before.maxPositionPct).not.toBe(40);
    const r = await f.call('PUT', '/api/v1/controls/limits', { body: { set: { maxPositionPct: 40, 'circuitBreaker.consecutiveLosses': 7 }, reason: 'test: tighter' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.applied).toBe(true);
    const now = (await controls()).limits;
    expect(now).toEqual({ ...before, maxPositionPct: 40, circuitBreaker: { ...before.circuitBreaker, consecutiveLosses: 7 } });
    expect(r.body.controls.limits).toEqual(now);
    expect(JSON.stringify(r.body.changes)).toContain('maxPositionPct');
    await ws.next('controls event with the new limit', (e) => e.type === 'controls' && e.data.limits.maxPositionPct === 40);
    const entries = await audit('controls.limits');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: adminActor(), details: { reason: 'test: tighter' } });
  });

  test('dry_run shows the change and changes nothing: same controls, same version, no audit entry, no event', async () => {
    const before = await controls();
    const auditBefore = (await f.call('GET', '/api/v1/audit?limit=1000', { as: 'viewer' })).body.length;
    const mark = ws.events.length;
    const r = await f.call('PUT', '/api/v1/controls/limits', { body: { set: { maxPositionPct: 10 }, dry_run: true } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.applied).toBe(false);
    expect(r.body.controls.limits.maxPositionPct).toBe(10);
    expect(await controls()).toEqual(before);
    expect((await f.call('GET', '/api/v1/audit?limit=1000', { as: 'viewer' })).body).toHaveLength(auditBefore);
    // A later change's event proves the socket is live; none came for the dry run before it.
    await f.call('PUT', '/api/v1/controls/state', { body: { state: 'ACTIVE' } });
    await ws.next('controls event with state ACTIVE', (e) => e.type === 'controls' && e.data.state === 'ACTIVE');
    expect(controlsEvents(mark).filter((e) => e.data.limits.maxPositionPct === 10)).toEqual([]);
  });

  test('one change is one controls event, even after the server’s poll of the store has run', async () => {
    const r = await f.call('PUT', '/api/v1/controls/state', { body: { state: 'REDUCING', reason: 'test: once' } });
    const version = r.body.version as number;
    // The poll that picks up changes made by other processes (the CLI), run now rather than waited for.
    f.server.ctx.books.refresh();
    // Events arrive in order: once the next change's event is in, every event of this one is too.
    const next = await f.call('PUT', '/api/v1/controls/state', { body: { state: 'ACTIVE', reason: 'test: marker' } });
    await ws.next('controls event of the marker change', (e) => e.type === 'controls' && e.data.version === next.body.version);
    expect(ws.events.filter((e) => e.type === 'controls' && e.data.version === version)).toHaveLength(1);
  });

  test('a trader may not change controls: 403 and nothing written', async () => {
    const before = await controls();
    const auditBefore = (await f.call('GET', '/api/v1/audit?limit=1000', { as: 'viewer' })).body.length;
    const r = await f.call('PUT', '/api/v1/controls/state', { as: 'trader', body: { state: 'HALTED' } });
    expect([r.status, errorCode(r)]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect(await controls()).toEqual(before);
    expect((await f.call('GET', '/api/v1/audit?limit=1000', { as: 'viewer' })).body).toHaveLength(auditBefore);
  });
});

describe('keys', () => {
  test('POST /keys (admin) → 201 {id, role, key}: it works at once; DELETE revokes it → 401; both audited with the key', async () => {
    const made = await f.call('POST', '/api/v1/keys', { body: { role: 'trader', label: 'desk' } });
    expect(made.status, made.text).toBe(201);
    expect(Object.keys(made.body).sort()).toEqual(['id', 'key', 'role']);
    const { id, key } = made.body as { id: string; key: string };
    expect(made.body.role).toBe('trader');

    const me = await f.call('GET', '/api/v1/me', { key });
    expect(me.body).toEqual({ id, role: 'trader', label: 'desk' });
    expect((await f.call('POST', '/api/v1/jobs', { key, body: { kind: 'nope' } })).status).toBe(400);
    const list = await f.call('GET', '/api/v1/keys');
    expect(list.body.map((k: { id: string }) => k.id)).toContain(id);
    expect(list.text).not.toContain(key);

    const revoked = await f.call('DELETE', `/api/v1/keys/${id}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ id, role: 'trader' });
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await f.call('GET', '/api/v1/me', { key });
    expect([after.status, errorCode(after)]).toEqual([401, 'AUTH_INVALID']);
    const socket = await openSocket(f.url, { auth: key });
    expect(await socket.closed).toBe(4401);

    for (const action of ['keys.create', 'keys.revoke']) expect((await audit(action)).find((e) => e.subject === id), action).toMatchObject({ actor: adminActor() });
  });

  test('a WebSocket client with no auth message is closed with 4408; a bad key with 4401', async () => {
    const bad = await openSocket(f.url, { auth: 'sxt_not_a_key' });
    expect(await bad.closed).toBe(4401);
    expect(bad.events.map((e) => e.type)).not.toContain('ready');
    const silent = await openSocket(f.url, {});
    expect(await silent.closed).toBe(4408);
    expect(silent.events.map((e) => e.type)).not.toContain('ready');
  });
});
