import { z } from 'zod';

/** Request pieces several routes share. */

/** A time in a query: epoch milliseconds or an ISO date/time (a bare date is its UTC midnight). */
export const timeQuery = z
  .string()
  .describe('epoch milliseconds, or an ISO date or date-time')
  .transform((text, ctx) => {
    const t = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isFinite(t)) return t;
    ctx.addIssue({ code: 'custom', message: `'${text}' is neither epoch milliseconds nor an ISO date or time` });
    return z.NEVER;
  });

export const limitQuery = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt).describe(`at most this many (1–${max})`);

export const reasonField = z.string().max(500).optional().describe('why, for the audit log');

export const idParams = z.object({ id: z.string().min(1).max(128) });

export const sessionQuery = z.object({ session: z.string().min(1).max(128).optional().describe('only this session') });

/** NaN and ±Infinity are not JSON: they go out as null. */
export function jsonNumbers(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}
