import { SextantError } from './errors.js';

/**
 * Bar intervals. Fixed intervals (minutes, hours, days, weeks) have a constant length in ms;
 * months do not, so period arithmetic goes through `periodEnd` / `addIntervals`, which are
 * exact for both kinds. All calendar arithmetic is in UTC.
 */
export const INTERVALS = [
  '1m', '2m', '3m', '5m', '10m', '15m', '30m',
  '1h', '2h', '4h', '6h', '8h', '12h',
  '1d', '1w', '1mo',
] as const;

export type Interval = (typeof INTERVALS)[number];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday; ISO weeks start on Monday, 3 days earlier (1969-12-29). */
const MONDAY_EPOCH_OFFSET = 3 * DAY_MS;

export function isInterval(s: string): s is Interval {
  return (INTERVALS as readonly string[]).includes(s);
}

export function parseInterval(s: string): Interval {
  if (isInterval(s)) return s;
  throw new SextantError('INTERVAL_UNKNOWN', `unknown interval '${s}': expected one of ${INTERVALS.join(', ')}`, {
    value: s,
    expected: INTERVALS,
  });
}

/** Nominal length in ms; for 1mo this is 30 days, used only for ordering and spacing checks. */
export function intervalMs(iv: Interval): number {
  if (iv === '1mo') return 30 * DAY_MS;
  if (iv === '1w') return WEEK_MS;
  if (iv === '1d') return DAY_MS;
  const n = Number(iv.slice(0, -1));
  return iv.endsWith('h') ? n * HOUR_MS : n * MINUTE_MS;
}

/** Daily and longer bars are labelled by their calendar period (a date), intraday ones by time. */
export function isCalendarInterval(iv: Interval): boolean {
  return iv === '1d' || iv === '1w' || iv === '1mo';
}

/**
 * The close of the period that contains instant `t`: the smallest period boundary > t.
 * Fixed intervals are aligned to the Unix epoch (weeks to Mondays), months to the 1st.
 */
export function periodEnd(t: number, iv: Interval): number {
  if (iv === '1mo') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  if (iv === '1w') return Math.floor((t + MONDAY_EPOCH_OFFSET) / WEEK_MS) * WEEK_MS + WEEK_MS - MONDAY_EPOCH_OFFSET;
  const step = intervalMs(iv);
  return Math.floor(t / step) * step + step;
}

/** `t` moved by `n` intervals: calendar months for 1mo, the day clamped to the month's end. */
export function addIntervals(t: number, iv: Interval, n: number): number {
  if (iv === '1mo') {
    const d = new Date(t);
    const firstOfTarget = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
    const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).getUTCDate();
    const timeOfDay = t - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return firstOfTarget + (Math.min(d.getUTCDate(), lastDay) - 1) * DAY_MS + timeOfDay;
  }
  return t + n * intervalMs(iv);
}

/** True when `to` is made of whole `from` periods, so resampling from→to is exact. */
export function isWholeMultiple(from: Interval, to: Interval): boolean {
  if (from === to) return false;
  if (to === '1mo') return from === '1d' || (!isCalendarInterval(from) && DAY_MS % intervalMs(from) === 0);
  if (from === '1mo') return false;
  return intervalMs(to) > intervalMs(from) && intervalMs(to) % intervalMs(from) === 0;
}
