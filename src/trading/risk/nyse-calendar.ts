/**
 * The NYSE calendar by rule (no table to keep up to date): full-day holidays with their weekend
 * observance, the 13:00 early closes, and the few one-off closures since 2001. Days are counted
 * as whole days since 1970-01-01 on the New York calendar (`Date.UTC(y, m − 1, d) / DAY`).
 * Rules are those in force now: MLK Day from 1998, Juneteenth from 2022, the July 3 early close
 * on a Wednesday from 2013 (before, a Friday July 5 closed early instead); earlier calendars differ.
 */
const DAY = 86_400_000;

export const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY;
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

function nthWeekday(y: number, m: number, wd: number, n: number): number {
  const first = dayNumber(y, m, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(y: number, m: number, wd: number): number {
  const last = dayNumber(y, m + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

/** Easter Sunday (Gregorian; the anonymous Meeus/Jones/Butcher algorithm). */
export function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(y, month, day);
}

/** Closures decided case by case (9/11, state funerals, Hurricane Sandy). */
const ONE_OFF_CLOSURES = [
  [2001, 9, 11], [2001, 9, 12], [2001, 9, 13], [2001, 9, 14],
  [2004, 6, 11], [2007, 1, 2], [2012, 10, 29], [2012, 10, 30], [2018, 12, 5], [2025, 1, 9],
].map(([y, m, d]) => dayNumber(y, m, d));

function holidaysOf(y: number): Set<number> {
  const days = [
    nthWeekday(y, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(y, 2, 1, 3), // Washington's Birthday
    easter(y) - 2, // Good Friday
    lastWeekday(y, 5, 1), // Memorial Day
    observed(dayNumber(y, 7, 4)),
    nthWeekday(y, 9, 1, 1), // Labor Day
    nthWeekday(y, 11, 4, 4), // Thanksgiving
    observed(dayNumber(y, 12, 25)),
  ];
  // New Year on a Saturday is not observed on the Friday before (NYSE Rule 7.2: that would close the year's last day).
  const newYear = dayNumber(y, 1, 1);
  if (weekday(newYear) !== 6) days.push(observed(newYear));
  if (y >= 2022) days.push(observed(dayNumber(y, 6, 19)));
  for (const d of ONE_OFF_CLOSURES) if (new Date(d * DAY).getUTCFullYear() === y) days.push(d);
  return new Set(days);
}

/** 13:00 closes: July 3 and December 24 when they fall Monday–Thursday, and the day after Thanksgiving. */
function earlyClosesOf(y: number): Set<number> {
  const days = [nthWeekday(y, 11, 4, 4) + 1];
  for (const d of [dayNumber(y, 7, 3), dayNumber(y, 12, 24)]) if (weekday(d) >= 1 && weekday(d) <= 4) days.push(d);
  return new Set(days);
}

const holidayCache = new Map<number, Set<number>>();
const earlyCache = new Map<number, Set<number>>();

function yearOf(day: number): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** The regular session of a New York calendar day in minutes after midnight, or null when the exchange is closed all day. */
export function nyseSession(day: number): { open: number; close: number } | null {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return null;
  const y = yearOf(day);
  let holidays = holidayCache.get(y);
  if (holidays === undefined) holidayCache.set(y, (holidays = holidaysOf(y)));
  if (holidays.has(day)) return null;
  let early = earlyCache.get(y);
  if (early === undefined) earlyCache.set(y, (early = earlyClosesOf(y)));
  return { open: 9 * 60 + 30, close: early.has(day) ? 13 * 60 : 16 * 60 };
}
