import { createHash } from 'node:crypto';
import { codeVersion } from './code-version.js';

/** A recorded run is named by what it is: the same kind, config, data and code give the same id. */
export function contentId(kind: string, config: unknown, dataHash: string): { id: string; code: string; configHash: string } {
  const code = codeVersion();
  const id = createHash('sha256').update(JSON.stringify({ kind, config, dataHash, code })).digest('hex').slice(0, 16);
  return { id, code, configHash: createHash('sha256').update(JSON.stringify(config)).digest('hex') };
}
