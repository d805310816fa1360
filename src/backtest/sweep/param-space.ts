import { SextantError } from '../../core/errors.js';
import { parseParamAssignment } from '../../strategy/registry.js';
import type { ParamValue } from '../../strategy/strategy.js';

/** A sweep enumerates its grid as core/grid.ts does (first axis slowest), as model searches do. */
export { gridPoint as combinationAt, gridSize } from '../../core/grid.js';

/** One swept parameter and the values it takes, in the order they were given. */
export interface ParamAxis {
  name: string;
  values: ParamValue[];
}

/** Most values one range may expand to: a longer range is almost certainly a typo in the step. */
export const MAX_AXIS_VALUES = 100_000;

function invalid(name: string, text: string, message: string): never {
  throw new SextantError('OPTION_INVALID', `--param '${text}': ${message}`, { field: '--param', param: name, value: text });
}

/** Digits after the decimal point of a plain decimal literal (0 for integers and exponent forms). */
function decimals(text: string): number {
  const m = /\.(\d+)$/.exec(text.trim());
  return m ? m[1].length : 0;
}

/** `start:end:step`, inclusive; values rounded to the literals' decimals so 0.1 steps stay 0.1, 0.2, 0.3. */
function parseRange(name: string, text: string, raw: string): number[] {
  const parts = raw.split(':');
  if (parts.length !== 3) invalid(name, text, 'a range is START:END:STEP, e.g. fast=5:50:5');
  const [start, end, step] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (![start, end, step].every(Number.isFinite)) invalid(name, text, 'START, END and STEP of a range must be numbers');
  if (!(step > 0)) invalid(name, text, 'the STEP of a range must be > 0');
  if (end < start) invalid(name, text, 'the END of a range must not be below its START');
  // the small tolerance keeps the END of 0.1:0.3:0.1 (2.0000000000000004 steps away) in the range
  const count = Math.floor((end - start) / step + 1e-9) + 1;
  if (count > MAX_AXIS_VALUES) invalid(name, text, `the range has ${count} values; at most ${MAX_AXIS_VALUES} are allowed`);
  const dec = Math.max(...parts.map(decimals));
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toFixed(dec)));
}

/**
 * One `--param` of a sweep: `fast=5:50:5` (inclusive range), `fast=5,10,20` (list) or `slow=50`
 * (fixed). List and fixed values are read like `backtest --param` (numbers, true/false, text).
 */
export function parseParamSpec(text: string): ParamAxis {
  const [name, whole] = parseParamAssignment(text);
  const raw = text.slice(text.indexOf('=') + 1).trim();
  if (raw === '') invalid(name, text, 'no value given');
  if (raw.includes(':')) return { name, values: parseRange(name, text, raw) };
  if (!raw.includes(',')) return { name, values: [whole] };
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) invalid(name, text, 'a list has an empty item');
  const values = items.map((s) => parseParamAssignment(`${name}=${s}`)[1]);
  if (new Set(values).size !== values.length) invalid(name, text, 'a list names a value twice');
  return { name, values };
}

/** Every `--param` of a sweep; a parameter given twice is refused. */
export function parseParamSpace(texts: readonly string[]): ParamAxis[] {
  const axes = texts.map(parseParamSpec);
  const seen = new Set<string>();
  for (let i = 0; i < axes.length; i++) {
    if (seen.has(axes[i].name)) invalid(axes[i].name, texts[i], `parameter '${axes[i].name}' is given twice`);
    seen.add(axes[i].name);
  }
  return axes;
}
