import { afterAll, describe, expect, test } from 'vitest';
import { type ApiFixture, errorCode, ROLES_LOW_TO_HIGH, startApi } from '../helpers/api.js';

/**
 * Issue 7, security: every route of the OpenAPI document refuses a request without a key (401
 * AUTH_REQUIRED), with an unknown or revoked key (401 AUTH_INVALID) and with a role below the one
 * its `x-access` names (403 AUTH_FORBIDDEN), and lets that role and every role above it through.
 * The routes come from the server's own document, so a new route is covered without editing this.
 */

const ACCESS = ['public', 'viewer', 'trader', 'admin'] as const;

const f: ApiFixture = await startApi({ goog: false });
afterAll(() => f.close());

const doc = (await f.call('GET', '/api/docs/json', { as: null })).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access'] as string | undefined })));

/** A concrete URL for a templated path: every `{param}` filled with a dummy. */
const urlOf = (path: string) => path.replace(/\{\w+\}/g, 'dummy');

/** A key that looks like a real one but was never issued. */
const GARBAGE = `sxt_${'Q'.repeat(43)}`;

describe('the OpenAPI document', () => {
  test('lists the API (the matrix below is not empty) and every operation says its access', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.filter((r) => !(ACCESS as readonly string[]).includes(r.access ?? '')).map((r) => `${r.method} ${r.path}: ${String(r.access)}`)).toEqual([]);
  });
});

describe.each(routes)('$method $path ($access)', ({ method, path, access }) => {
  const url = urlOf(path);

  test.skipIf(access === 'public')('no key → 401 AUTH_REQUIRED; an unknown or revoked key → 401 AUTH_INVALID', async () => {
    const none = await f.call(method, url, { as: null });
    expect([none.status, errorCode(none)]).toEqual([401, 'AUTH_REQUIRED']);
    const garbage = await f.call(method, url, { key: GARBAGE });
    expect([garbage.status, errorCode(garbage)]).toEqual([401, 'AUTH_INVALID']);
    const revoked = await f.call(method, url, { key: f.revoked.key });
    expect([revoked.status, errorCode(revoked)]).toEqual([401, 'AUTH_INVALID']);
  });

  test('each role below the route’s → 403 AUTH_FORBIDDEN; its role and above get past auth', async () => {
    const needs = access === 'public' ? -1 : ROLES_LOW_TO_HIGH.indexOf(access as (typeof ROLES_LOW_TO_HIGH)[number]);
    for (const [k, role] of ROLES_LOW_TO_HIGH.entries()) {
      const r = await f.call(method, url, { as: role });
      if (k < needs) {
        expect([role, r.status, errorCode(r)]).toEqual([role, 403, 'AUTH_FORBIDDEN']);
      } else {
        expect([role, r.status]).not.toEqual([role, 401]);
        expect([role, r.status]).not.toEqual([role, 403]);
        // Past auth the route may still refuse the dummy request, but in the one error shape.
        if (r.status >= 400) expect(errorCode(r)).not.toMatch(/^AUTH_/);
      }
    }
  });
});
