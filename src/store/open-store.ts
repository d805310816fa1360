import { resolve } from 'node:path';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export const DEFAULT_DB = './sextant.db';

/** The store file: `--db PATH`, else `SEXTANT_DB`, else ./sextant.db. */
export function storePath(dbOption?: string): string {
  return resolve(dbOption ?? process.env.SEXTANT_DB ?? DEFAULT_DB);
}

export function openStore(dbOption?: string): Store {
  return SqliteStore.open(storePath(dbOption));
}
