import { type Interval, isCalendarInterval } from './interval.js';

/**
 * Time in Sextant is a UTC epoch-millisecond number, and a bar's time is the instant its
 * period **closes**. People read bars by their period instead: a daily bar by its date, a
 * monthly bar by its month. These helpers turn a close time into that label and back.
 */

export function isoTime(t: number): string {
  return new Date(t).toISOString();
}

/** The label a person reads for the bar that closes at `closeTime`. */
export function barLabel(closeTime: number, iv: Interval): string {
  if (!isCalendarInterval(iv)) return isoTime(closeTime);
  // The period is [open, close); its last instant belongs to it, its close does not.
  const day = new Date(closeTime - 1).toISOString().slice(0, 10);
  if (iv === '1mo') return day.slice(0, 7);
  if (iv === '1w') return new Date(closeTime - 7 * 86_400_000).toISOString().slice(0, 10);
  return day;
}
