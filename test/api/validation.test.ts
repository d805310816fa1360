import { afterAll, describe, expect, test } from 'vitest';
import { type ApiFixture, errorCode, startApi } from '../helpers/api.js';

/**
 * Issue 7: every request body, query and param is validated. A wrong type, a missing field or an
 * unknown enum value is 400 VALIDATION_FAILED with `details.issues[].path` naming the field; bad
 * JSON is 400, a body over 1 MiB 413, an unknown route or id 404 — always in the one error shape.
 */

const f: ApiFixture = await startApi();
afterAll(() => f.close());

const BARS = '/api/v1/assets/GOOG/bars';
const order = { session: 's1', symbol: 'GOOG', side: 'buy', qty: 1 };
const backtest = { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d' };

/** [what, method, url, body, the field the issue must name]; requests are made as admin, so only validation can refuse them. */
const invalid: [string, string, string, unknown, string][] = [
  ['a limit that is not a number', 'GET', `${BARS}?interval=1d&limit=abc`, undefined, 'querystring.limit'],
  ['a limit of 0', 'GET', `${BARS}?interval=1d&limit=0`, undefined, 'querystring.limit'],
  ['a limit over 5000', 'GET', `${BARS}?interval=1d&limit=5001`, undefined, 'querystring.limit'],
  ['a missing interval', 'GET', `${BARS}?limit=10`, undefined, 'querystring.interval'],
  ['a from that is no time', 'GET', `${BARS}?interval=1d&from=yesterday-ish`, undefined, 'querystring.from'],
  ['an after that is not a number', 'GET', `${BARS}?interval=1d&after=soon`, undefined, 'querystring.after'],
  ['a negative runs limit', 'GET', '/api/v1/runs?limit=-1', undefined, 'querystring.limit'],
  ['a missing ids list', 'GET', '/api/v1/runs/compare', undefined, 'querystring.ids'],
  ['an unknown model state', 'GET', '/api/v1/models?state=bogus', undefined, 'querystring.state'],
  ['a fills limit that is not an integer', 'GET', '/api/v1/fills?limit=2.5', undefined, 'querystring.limit'],
  ['a symbol over 64 characters', 'GET', `/api/v1/assets/${'S'.repeat(65)}/bars?interval=1d`, undefined, 'params.symbol'],
  ['an unknown order side', 'POST', '/api/v1/orders', { ...order, side: 'hold' }, 'body.side'],
  ['a qty given as text', 'POST', '/api/v1/orders', { ...order, qty: '1' }, 'body.qty'],
  ['a negative qty', 'POST', '/api/v1/orders', { ...order, qty: -5 }, 'body.qty'],
  ['a missing symbol', 'POST', '/api/v1/orders', { session: 's1', side: 'buy', qty: 1 }, 'body.symbol'],
  ['an unknown order type', 'POST', '/api/v1/orders', { ...order, type: 'iceberg' }, 'body.type'],
  ['an unknown key role', 'POST', '/api/v1/keys', { role: 'root' }, 'body.role'],
  ['a missing key role', 'POST', '/api/v1/keys', { label: 'x' }, 'body.role'],
  ['an unknown trading state', 'PUT', '/api/v1/controls/state', { state: 'PAUSED' }, 'body.state'],
  ['a missing trading state', 'PUT', '/api/v1/controls/state', { reason: 'x' }, 'body.state'],
  ['a kill switch given as text', 'PUT', '/api/v1/controls/kill-switch', { on: 'yes' }, 'body.on'],
  ['a dry_run given as text', 'PUT', '/api/v1/controls/limits', { set: {}, dry_run: 'yes' }, 'body.dry_run'],
  ['an unknown job kind', 'POST', '/api/v1/jobs', { kind: 'optimise', config: backtest }, 'body.kind'],
  ['job symbols given as a string', 'POST', '/api/v1/jobs', { kind: 'backtest', config: { ...backtest, symbols: 'GOOG' } }, 'body.config.symbols'],
  ['a job cash of zero', 'POST', '/api/v1/jobs', { kind: 'backtest', config: { ...backtest, cash: 0 } }, 'body.config.cash'],
  ['a sweep without params', 'POST', '/api/v1/jobs', { kind: 'sweep', config: backtest }, 'body.params'],
  ['an empty feature list', 'POST', '/api/v1/features/compute', { symbol: 'GOOG', interval: '1d', features: [] }, 'body.features'],
  ['a reason over 500 characters', 'POST', '/api/v1/approvals/o1/reject', { reason: 'r'.repeat(501) }, 'body.reason'],
];

describe('invalid requests are 400 VALIDATION_FAILED naming the field', () => {
  test.each(invalid)('%s (%s %s)', async (_what, method, url, body, field) => {
    const r = await f.call(method, url, { body });
    expect([r.status, errorCode(r)]).toEqual([400, 'VALIDATION_FAILED']);
    const issues = r.body.error.details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toContain(field);
    for (const i of issues) expect(typeof i.message).toBe('string');
  });
});

describe('long path params', () => {
  test('a run id of 120 characters (the schema allows 128) is looked up: 404 RUN_NOT_FOUND', async () => {
    const r = await f.call('GET', `/api/v1/runs/${'r'.repeat(120)}`);
    expect([r.status, errorCode(r)]).toEqual([404, 'RUN_NOT_FOUND']);
  });

  test('a run id over 128 characters → 400 VALIDATION_FAILED naming params.id', async () => {
    const r = await f.call('GET', `/api/v1/runs/${'r'.repeat(129)}`);
    expect([r.status, errorCode(r)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('params.id');
  });
});

describe('bodies', () => {
  test.each(['/api/v1/approvals/o_nope/approve', '/api/v1/orders/o_nope/cancel'])('POST %s without a body (every field optional) reaches the lookup: 404 ORDER_NOT_FOUND', async (url) => {
    const r = await f.call('POST', url, { as: 'trader' });
    expect([r.status, errorCode(r)]).toEqual([404, 'ORDER_NOT_FOUND']);
  });

  test('malformed JSON → 400 VALIDATION_FAILED', async () => {
    const r = await f.call('POST', '/api/v1/keys', { raw: '{"role": "viewer",' });
    expect([r.status, errorCode(r)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('a body over 1 MiB → 413 BODY_TOO_LARGE, and nothing is created', async () => {
    const before = (await f.call('GET', '/api/v1/keys')).body.length;
    const r = await f.call('POST', '/api/v1/keys', { raw: JSON.stringify({ role: 'viewer', label: 'x'.repeat(1024 * 1024) }) });
    expect([r.status, errorCode(r)]).toEqual([413, 'BODY_TOO_LARGE']);
    expect((await f.call('GET', '/api/v1/keys')).body.length).toBe(before);
  });

  test('a body just under 1 MiB is read (and then refused by validation, not by size)', async () => {
    const r = await f.call('POST', '/api/v1/keys', { raw: JSON.stringify({ role: 'viewer', label: 'x'.repeat(1024 * 1024 - 100) }) });
    expect([r.status, errorCode(r)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.label');
  });
});

describe('unknown routes and ids are 404', () => {
  test.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v1/runs/r1/nope'],
    ['PATCH', '/api/v1/controls'],
    ['DELETE', '/api/v1/runs/r1'],
    ['GET', '/api/v2/runs'],
  ])('%s %s → 404 ROUTE_NOT_FOUND', async (method, url) => {
    const r = await f.call(method, url);
    expect([r.status, errorCode(r)]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  test.each(['', '/equity', '/trades', '/monthly'])('GET /runs/<unknown>%s → 404 RUN_NOT_FOUND', async (tail) => {
    const r = await f.call('GET', `/api/v1/runs/run_does_not_exist${tail}`, { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([404, 'RUN_NOT_FOUND']);
    expect(r.body.error.message).toContain('run_does_not_exist');
  });

  test('GET /runs/compare with an unknown id → 404 RUN_NOT_FOUND', async () => {
    const r = await f.call('GET', '/api/v1/runs/compare?ids=run_a,run_b', { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([404, 'RUN_NOT_FOUND']);
  });

  test('GET and DELETE /jobs/<unknown> → 404 JOB_NOT_FOUND', async () => {
    for (const method of ['GET', 'DELETE']) {
      const r = await f.call(method, '/api/v1/jobs/job_nope', { as: 'trader' });
      expect([method, r.status, errorCode(r)]).toEqual([method, 404, 'JOB_NOT_FOUND']);
    }
  });

  test.each(['/api/v1/approvals?session=zz', '/api/v1/orders?session=zz', '/api/v1/positions?session=zz', '/api/v1/fills?session=zz'])('GET %s (no such session) → 404 SESSION_NOT_FOUND', async (url) => {
    const r = await f.call('GET', url, { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([404, 'SESSION_NOT_FOUND']);
  });

  test('GET /models/<unknown> → 404 MODEL_NOT_FOUND', async () => {
    const r = await f.call('GET', '/api/v1/models/model_nope', { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([404, 'MODEL_NOT_FOUND']);
  });

  test('GET /strategies/<unknown> → 404 (an unknown id in the path, like a run or a job)', async () => {
    const r = await f.call('GET', '/api/v1/strategies/no-such-strategy', { as: 'viewer' });
    expect([r.status, typeof errorCode(r)]).toEqual([404, 'string']);
  });

  test('bars of a series that is not stored → 404 SERIES_NOT_FOUND', async () => {
    const r = await f.call('GET', '/api/v1/assets/NOPE/bars?interval=1d', { as: 'viewer' });
    expect([r.status, errorCode(r)]).toEqual([404, 'SERIES_NOT_FOUND']);
  });
});
