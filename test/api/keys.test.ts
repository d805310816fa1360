import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROLES, roleAllows } from '../../src/store/key-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { sextant, sextantJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * API keys (issue 7): created with a role, shown once, kept only as a hash; a revoked key no
 * longer verifies; creating and revoking are in the audit log.
 */
describe('API keys', () => {
  test('a key verifies as its role until revoked; only its SHA-256 is stored; both changes are audited', async () => {
    const db = join(tempDir('sextant-keys-'), 'keys.db');
    const store = SqliteStore.open(db);
    try {
      const keys = store.keys();
      const a = keys.create('trader', 'desk', 'alice');
      const b = keys.create('viewer', 'wall screen', 'alice');
      expect(a.key).not.toBe(b.key);
      expect(a.key).toMatch(/^sxt_[A-Za-z0-9_-]{43}$/);
      expect(keys.verify(a.key)).toMatchObject({ id: a.info.id, role: 'trader', label: 'desk', createdBy: 'alice', revokedAt: null });
      expect(keys.verify(b.key)?.role).toBe('viewer');
      expect(keys.verify(`${a.key}x`)).toBeNull();
      expect(keys.verify('')).toBeNull();
      expect(keys.revoke(a.info.id, 'bob').revokedAt).not.toBeNull();
      expect(keys.verify(a.key)).toBeNull();
      expect(keys.verify(b.key)?.id).toBe(b.info.id);
      // Revoking again changes nothing and writes no second audit entry.
      const again = keys.revoke(a.info.id, 'bob');
      const listed = new Map(keys.list().map((k) => [k.id, k]));
      expect(listed.size).toBe(2);
      expect(listed.get(a.info.id)!.revokedAt).toBe(again.revokedAt);
      expect(listed.get(b.info.id)!.revokedAt).toBeNull();
      expect(() => keys.revoke('key_nope', 'bob')).toThrow(expect.objectContaining({ code: 'KEY_NOT_FOUND' }));
      // Newest first, as the audit log lists it.
      const audit = (await store.listAudit({})).filter((e) => e.action.startsWith('keys.')).reverse();
      expect(audit.map((e) => [e.action, e.actor, e.subject])).toEqual([
        ['keys.create', 'alice', a.info.id],
        ['keys.create', 'alice', b.info.id],
        ['keys.revoke', 'bob', a.info.id],
      ]);
    } finally {
      await store.close();
    }
    // The file holds the hash, never the key.
    const raw = readFileSync(db);
    expect(raw.includes(Buffer.from('sxt_'))).toBe(false);
  });

  test('roles are ordered: viewer < trader < admin', () => {
    const table = ROLES.map((has) => ROLES.map((needs) => roleAllows(has, needs)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  test('sextant keys create --json prints {id, role, key} once; list never shows it; a bad role exits 2', () => {
    const db = join(tempDir('sextant-keys-cli-'), 'keys.db');
    const made = sextantJson<{ id: string; role: string; key: string }>(['keys', 'create', '--role', 'admin', '--label', 'ops', '--db', db]);
    expect(made.status).toBe(0);
    expect(Object.keys(made.json).sort()).toEqual(['id', 'key', 'role']);
    expect(made.json.role).toBe('admin');
    const list = sextant(['keys', 'list', '--db', db, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: made.json.id, role: 'admin', label: 'ops', revoked_at: null })]);
    expect(list.stdout).not.toContain(made.json.key);
    const store = SqliteStore.open(db);
    try {
      expect(store.keys().verify(made.json.key)?.id).toBe(made.json.id);
    } finally {
      void store.close();
    }
    const bad = sextant(['keys', 'create', '--role', 'root', '--db', db, '--json']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('OPTION_INVALID');
    const revoked = sextantJson<{ revoked_at: string | null }>(['keys', 'revoke', made.json.id, '--db', db]);
    expect(revoked.json.revoked_at).not.toBeNull();
    expect(sextant(['keys', 'revoke', 'key_missing', '--db', db]).status).toBe(1);
  });
});
