import { z } from 'zod';

/**
 * The scalar wire formats of Alpaca: decimals as strings ("131.355", "-5"), times as RFC 3339
 * text with up to nanoseconds and a Z or ±hh:mm offset.
 */

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/** A decimal string (or a JSON number, which the market-data API sends) as a finite number. */
export const decimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : DECIMAL.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a decimal number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** RFC 3339 text → UTC epoch ms; fractions beyond milliseconds are truncated. */
export function parseRfc3339(s: string): number {
  const m = RFC3339.exec(s);
  if (!m) return Number.NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
  const zone = m[8];
  if (zone === 'Z' || zone === 'z') return t;
  const sign = zone[0] === '-' ? -1 : 1;
  return t - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

export const isoTime = z.string().transform((v, ctx) => {
  const t = parseRfc3339(v);
  if (!Number.isFinite(t)) {
    ctx.addIssue({ code: 'custom', message: `expected an RFC 3339 time, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return t;
});

/** A number as the plain decimal text Alpaca expects (never exponent notation). */
export function toDecimalString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(12).replace(/\.?0+$/, '');
}

/** UTC epoch ms → RFC 3339 with milliseconds and Z. */
export const toRfc3339 = (t: number): string => new Date(t).toISOString();
