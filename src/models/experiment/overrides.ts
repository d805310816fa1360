import { parse as parseYaml } from 'yaml';
import { SextantError } from '../../core/errors.js';

/**
 * `--set model.max_depth=8` on an experiment file: the dotted path is created where missing and
 * the value is read as a YAML scalar or flow collection (`8`, `true`, `0.05`, `[3, 6]`, `text`),
 * so an override means exactly what the same text would mean in the file.
 */
export function applyOverride(doc: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  const path = eq > 0 ? assignment.slice(0, eq).trim() : '';
  if (path === '' || path.split('.').some((p) => p === '')) {
    throw new SextantError('CONFIG_INVALID', `--set '${assignment}': expected PATH=VALUE with a dotted path, e.g. model.max_depth=8`, { field: '--set', value: assignment });
  }
  let value: unknown;
  try {
    value = parseYaml(assignment.slice(eq + 1));
  } catch (e) {
    throw new SextantError('CONFIG_INVALID', `--set '${assignment}': the value is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { field: '--set', value: assignment });
  }
  const keys = path.split('.');
  let node: Record<string, unknown> = doc;
  for (const [i, k] of keys.slice(0, -1).entries()) {
    const next = node[k];
    if (next === undefined || next === null) node = node[k] = {};
    else if (typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
    else throw new SextantError('CONFIG_INVALID', `--set '${assignment}': ${keys.slice(0, i + 1).join('.')} is a value, not a section`, { field: path });
  }
  node[keys[keys.length - 1]] = value ?? null;
}
