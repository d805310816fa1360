import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SextantError } from '../core/errors.js';
import { type ApiKeyInfo, type KeyStore, ROLES, type Role } from './key-store.js';
import type { AuditEntry } from './store.js';

interface KeyRow {
  id: string;
  role: Role;
  label: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

const info = (r: KeyRow): ApiKeyInfo => ({ id: r.id, role: r.role, label: r.label, createdAt: r.created_at, createdBy: r.created_by, revokedAt: r.revoked_at });

/** Keys are 256 random bits: a plain SHA-256 is enough to keep them (nothing to brute-force, unlike a password). */
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

export class SqliteKeyStore implements KeyStore {
  /** Prepared once: every API request verifies its key. */
  private readonly byHash: Database.Statement<[string], KeyRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: (e: AuditEntry, at: number) => number,
  ) {
    this.byHash = db.prepare('SELECT id, role, label, created_at, created_by, revoked_at FROM api_keys WHERE key_hash = ?');
  }

  create(role: Role, label: string, actor: string): { info: ApiKeyInfo; key: string } {
    if (!ROLES.includes(role)) throw new SextantError('OPTION_INVALID', `role '${role}': expected one of ${ROLES.join(', ')}`, { field: 'role', value: role });
    const id = `key_${randomBytes(6).toString('hex')}`;
    const key = `sxt_${randomBytes(32).toString('base64url')}`;
    const at = Date.now();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO api_keys (id, role, key_hash, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(id, role, hashOf(key), label, at, actor);
      this.audit({ actor, action: 'keys.create', subject: id, details: { role, label } }, at);
    })();
    return { info: { id, role, label, createdAt: at, createdBy: actor, revokedAt: null }, key };
  }

  list(): ApiKeyInfo[] {
    return (this.db.prepare('SELECT id, role, label, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, id').all() as KeyRow[]).map(info);
  }

  revoke(id: string, actor: string): ApiKeyInfo {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, role, label, created_at, created_by, revoked_at FROM api_keys WHERE id = ?').get(id) as KeyRow | undefined;
      if (!row) throw new SextantError('KEY_NOT_FOUND', `no API key has id ${id} (see 'sextant keys list')`, { id });
      if (row.revoked_at !== null) return info(row);
      const at = Date.now();
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(at, id);
      this.audit({ actor, action: 'keys.revoke', subject: id, details: { role: row.role, label: row.label } }, at);
      return info({ ...row, revoked_at: at });
    })();
  }

  verify(key: string): ApiKeyInfo | null {
    const row = this.byHash.get(hashOf(key));
    return row && row.revoked_at === null ? info(row) : null;
  }
}
