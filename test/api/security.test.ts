import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, errorCode, openSocket, startApi } from '../helpers/api.js';

/**
 * Issue 7, security and operations: keys never reach the log (even at trace level), a client over
 * the rate limit gets 429 with retry-after, security headers are on every answer, CORS is off
 * unless origins are configured, /metrics counts requests (for a viewer) and /healthz is public.
 */

describe('secrets are never logged', () => {
  let log = '';
  let f: ApiFixture;
  const stream = new Writable({
    write(chunk, _enc, done) {
      log += String(chunk);
      done();
    },
  });

  beforeAll(async () => {
    f = await startApi({ goog: false, logger: { level: 'trace', stream } });
  });
  afterAll(() => f?.close());

  test('requests with keys in headers, WebSocket auth messages, new keys and bad keys leave no key text in a trace log', async () => {
    const secrets = [...Object.values(f.keys).map((k) => k.key), f.revoked.key, 'sxt_guessed_but_wrong_key_text_0123456789abc'];
    for (const role of ['viewer', 'trader', 'admin'] as const) expect((await f.call('GET', '/api/v1/me', { as: role })).status).toBe(200);
    expect((await f.call('GET', '/api/v1/me', { key: f.revoked.key })).status).toBe(401);
    expect((await f.call('GET', '/api/v1/me', { key: secrets.at(-1) })).status).toBe(401);
    const made = await f.call('POST', '/api/v1/keys', { body: { role: 'viewer', label: 'logged?' } });
    expect(made.status).toBe(201);
    secrets.push(made.body.key);
    expect((await f.call('GET', '/api/v1/me', { key: made.body.key })).status).toBe(200);
    // A failed request with a key in its body (a validation error echoes what it refuses).
    expect((await f.call('POST', '/api/v1/keys', { body: { role: f.keys.admin.key } })).status).toBe(400);

    const byMessage = await f.socket('trader');
    const byHeader = await openSocket(f.url, { header: f.keys.admin.key });
    expect(byHeader.events[0]).toMatchObject({ type: 'ready', role: 'admin' });
    const refused = await openSocket(f.url, { auth: f.revoked.key });
    expect(await refused.closed).toBe(4401);
    byMessage.close();
    byHeader.close();
    await Promise.all([byMessage.closed, byHeader.closed]);
    await f.close();

    // The log is really on, at trace level, and saw these requests.
    expect(log).toContain('incoming request');
    expect(log).toContain('/api/v1/me');
    for (const s of secrets) expect(log.includes(s), `key ${s.slice(0, 8)}… in the log`).toBe(false);
    // Not even the part after the prefix.
    for (const s of secrets) expect(log.includes(s.slice(4, 24))).toBe(false);
  });
});

describe('rate limit', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApi({ goog: false, rateLimit: 5 });
  });
  afterAll(() => f?.close());

  test('the 6th request in a minute → 429 RATE_LIMITED with a retry-after header in whole seconds', async () => {
    for (let k = 1; k <= 5; k++) expect([k, (await f.call('GET', '/api/v1/me', { as: 'viewer' })).status]).toEqual([k, 200]);
    const r = await f.call('GET', '/api/v1/me', { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([429, 'RATE_LIMITED']);
    const retry = r.headers.get('retry-after');
    expect(retry, 'retry-after header').toMatch(/^\d+$/);
    expect(Number(retry)).toBeGreaterThan(0);
    expect(Number(retry)).toBeLessThanOrEqual(60);
  });
});

describe('headers and CORS', () => {
  let plain: ApiFixture;
  let cors: ApiFixture;
  beforeAll(async () => {
    plain = await startApi({ goog: false });
    cors = await startApi({ goog: false, corsOrigins: ['http://x.test'] });
  });
  afterAll(async () => {
    await plain?.close();
    await cors?.close();
  });

  const preflight = (f: ApiFixture, origin: string) => f.call('OPTIONS', '/api/v1/me', { as: null, headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });

  test.each([
    ['an answer', 'viewer', 200],
    ['a refusal', null, 401],
  ] as const)('security headers on %s', async (_what, as, status) => {
    const r = await plain.call('GET', '/api/v1/me', { as });
    expect(r.status).toBe(status);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
  });

  test('CORS is off by default: no access-control-allow-origin, not even for a preflight', async () => {
    const get = await plain.call('GET', '/api/v1/me', { as: 'viewer', headers: { origin: 'http://x.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(plain, 'http://x.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('with corsOrigins, a preflight from that origin is allowed and one from another origin is not', async () => {
    const allowed = await preflight(cors, 'http://x.test');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://x.test');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight(cors, 'http://y.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await cors.call('GET', '/api/v1/me', { as: 'viewer', headers: { origin: 'http://x.test' } });
    expect([get.status, get.headers.get('access-control-allow-origin')]).toEqual([200, 'http://x.test']);
  });
});

describe('/metrics and /healthz', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApi({ goog: false });
  });
  afterAll(() => f?.close());

  /** The value of one series of sextant_http_requests_total, or 0 when it is not there. */
  function requests(text: string, labels: Record<string, string>): number {
    for (const line of text.split('\n')) {
      if (!line.startsWith('sextant_http_requests_total{')) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
    }
    return 0;
  }

  test('/metrics (viewer) counts the requests of a route by status', async () => {
    for (let k = 0; k < 3; k++) await f.call('GET', '/api/v1/controls', { as: 'viewer' });
    await f.call('GET', '/api/v1/runs/nope', { as: 'viewer' });
    const r = await f.call('GET', '/metrics', { as: 'viewer' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toContain('# TYPE sextant_http_requests_total counter');
    expect(requests(r.text, { method: 'GET', route: '/api/v1/controls', status: '200' })).toBe(3);
    expect(requests(r.text, { method: 'GET', route: '/api/v1/runs/:id', status: '404' })).toBe(1);
  });

  test('/metrics needs a key; /healthz answers {ok: true} without one and says nothing else', async () => {
    const m = await f.call('GET', '/metrics', { as: null });
    expect([m.status, errorCode(m)]).toEqual([401, 'AUTH_REQUIRED']);
    const h = await f.call('GET', '/healthz', { as: null });
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ ok: true });
  });
});
