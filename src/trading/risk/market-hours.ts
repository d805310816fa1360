import { SextantError } from '../../core/errors.js';
import type { AssetClass } from '../../core/instrument.js';
import { TimeZone } from '../../core/timezone.js';
import { nyseSession, weekday } from './nyse-calendar.js';

/**
 * When a market is open, from the New York wall clock (DST through Intl, see core/timezone.ts):
 * crypto always; US equities the NYSE regular session, 09:30–16:00 (13:00 on early-close days),
 * Monday–Friday except holidays; forex Sunday 17:00 → Friday 17:00 New York without holidays;
 * futures like forex (the daily 17:00–18:00 maintenance break of CME Globex is not modelled).
 * A session includes its opening instant and excludes its closing one.
 */
const NY = new TimeZone('America/New_York');
const DAY = 86_400_000;
const MINUTE = 60_000;
const WEEKLY_EDGE = 17 * 60;

export function marketOpen(assetClass: AssetClass, time: number): boolean {
  if (assetClass === 'crypto') return true;
  const wall = time + NY.offsetAt(time);
  const day = Math.floor(wall / DAY);
  const minute = (wall - day * DAY) / MINUTE;
  if (assetClass === 'equity') {
    const session = nyseSession(day);
    return session !== null && minute >= session.open && minute < session.close;
  }
  const wd = weekday(day);
  return (wd >= 1 && wd <= 4) || (wd === 0 && minute >= WEEKLY_EDGE) || (wd === 5 && minute < WEEKLY_EDGE);
}

/** The first instant after `time` at which the market opens; null for crypto, which never closes. */
export function nextOpen(assetClass: AssetClass, time: number): number | null {
  return nextEdge(assetClass, time, 'open');
}

/** The first instant after `time` at which the market closes; null for crypto. */
export function nextClose(assetClass: AssetClass, time: number): number | null {
  return nextEdge(assetClass, time, 'close');
}

/** Looks at most this many days ahead (the longest closure in the calendar, after 9/11, spans four weekdays). */
const HORIZON_DAYS = 21;

function nextEdge(assetClass: AssetClass, time: number, edge: 'open' | 'close'): number | null {
  if (assetClass === 'crypto') return null;
  const today = Math.floor((time + NY.offsetAt(time)) / DAY);
  for (let day = today; day <= today + HORIZON_DAYS; day++) {
    const minute = edgeMinute(assetClass, day, edge);
    if (minute === null) continue;
    const at = NY.toUtc(day * DAY + minute * MINUTE);
    if (at > time) return at;
  }
  throw new SextantError('INTERNAL', `no ${assetClass} market ${edge} within ${HORIZON_DAYS} days of ${new Date(time).toISOString()}`, { assetClass, time });
}

/** Minute of the New York day at which the market opens or closes on that day, or null. */
function edgeMinute(assetClass: AssetClass, day: number, edge: 'open' | 'close'): number | null {
  if (assetClass === 'equity') {
    const session = nyseSession(day);
    return session === null ? null : edge === 'open' ? session.open : session.close;
  }
  return weekday(day) === (edge === 'open' ? 0 : 5) ? WEEKLY_EDGE : null;
}
