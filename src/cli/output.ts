import { ERROR_CODES, SextantError, isSextantError } from '../core/errors.js';

/** Results go to stdout: JSON for machines, aligned tables for people. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A number with fixed decimals for a table; NaN (undefined for this run) and missing values as "—". */
export function fixed(v: unknown, digits = 2): string {
  if (typeof v === 'number') return Number.isNaN(v) ? '—' : v.toFixed(digits);
  return v === null || v === undefined ? '—' : String(v);
}

type Cell = string | number | null | undefined;

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '-';
  return typeof c === 'number' ? String(c) : c;
}

/** A plain text table; numeric columns are right-aligned. */
export function formatTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map(cellText));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const pad = (s: string, i: number): string => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [headers.map(pad).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map((r) => r.map(pad).join('  '))];
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** Prints an error for a person (stderr) and, with --json, as the one JSON error shape (stdout). */
export function reportError(e: unknown, json: boolean): number {
  const err = isSextantError(e) ? e : new SextantError('INTERNAL', e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.stderr.write(`error ${err.code}: ${err.message}\n`);
  if (json) printJson(err.toJSON());
  return ERROR_CODES[err.code].exit;
}
