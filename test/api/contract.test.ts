import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type ApiFixture, startApi } from '../helpers/api.js';
import { ROOT } from '../helpers/cli.js';

/**
 * docs/api.md is the contract: every route its table lists is served with the role it names, and
 * the server serves no route the table leaves out. Both sides are read, not restated here.
 */

/** `METHOD /api/v1/path/{param}` → role, from the routes table of docs/api.md. */
function documentedRoutes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(ROOT, 'docs/api.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // A table row: | `GET /runs`, `GET /runs/:id` | viewer | what |
    if (cells.length < 4 || !cells[1].startsWith('`')) continue;
    for (const m of cells[1].matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?\s]+)[^`]*`/g)) out.set(`${m[1]} /api/v1${m[2].replace(/:(\w+)/g, '{$1}')}`, cells[2]);
  }
  return out;
}

const f: ApiFixture = await startApi({ goog: false });
afterAll(() => f.close());

const served = new Map<string, string>();
for (const [path, ops] of Object.entries((await f.call('GET', '/api/docs/json', { as: null })).body.paths as Record<string, Record<string, Record<string, unknown>>>)) {
  for (const [method, op] of Object.entries(ops)) served.set(`${method.toUpperCase()} ${path}`, String(op['x-access']));
}

describe('docs/api.md and the OpenAPI document agree', () => {
  const documented = documentedRoutes();

  test('the routes table is read (not empty)', () => {
    expect(documented.size).toBeGreaterThanOrEqual(30);
  });

  test('every documented route is served, with the documented role', () => {
    const wrong = [...documented].filter(([route, role]) => served.get(route) !== role).map(([route, role]) => `${route}: documented ${role}, served ${served.get(route) ?? 'not at all'}`);
    expect(wrong).toEqual([]);
  });

  test('every served route is documented', () => {
    expect([...served.keys()].filter((route) => !documented.has(route))).toEqual([]);
  });
});
