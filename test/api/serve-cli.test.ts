import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { goodStore, killChildrenAfterAll, ok, signal, spawnSextant, waitUntil } from '../trading/session/session-helpers.js';

/** `sextant serve` through the real binary: it says where it listens, answers with a key made by `keys create`, and stops cleanly on SIGTERM. */

killChildrenAfterAll();

describe('sextant serve', () => {
  test('--port 0 --json prints the address; a viewer key reads, no key is 401; SIGTERM exits 0', async () => {
    const db = goodStore([], 'serve.db');
    const { key } = ok<{ key: string }>(db, ['keys', 'create', '--role', 'viewer']);
    const child = spawnSextant(db, ['serve', '--port', '0', '--json', '--web', join(tempDir('sextant-noweb-'), 'none')]);
    let out = '';
    child.proc.stdout!.on('data', (d: string) => (out += d));
    const started = await waitUntil('the address on stdout', () => (out.includes('}') ? (JSON.parse(out) as { url: string; dashboard: string | null; store: string }) : undefined));
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.dashboard).toBeNull();
    expect(started.store).toBe(db);
    expect((await fetch(`${started.url}/api/v1/assets`)).status).toBe(401);
    const assets = await fetch(`${started.url}/api/v1/assets`, { headers: { authorization: `Bearer ${key}` } });
    expect(assets.status).toBe(200);
    expect(((await assets.json()) as { symbol: string }[]).map((a) => a.symbol)).toEqual(['GOOG']);
    signal(child, 'SIGTERM');
    const exit = await child.done;
    expect(exit.code, exit.stderr).toBe(0);
    await expect(fetch(`${started.url}/healthz`)).rejects.toThrow();
  });
});
