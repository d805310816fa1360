import type { TimeZone } from '../core/timezone.js';

/**
 * Timestamp formats recognised in market-data files. A file uses one format throughout: the
 * first row decides, and a row in another format is an error (mixing zoned and naive times,
 * or seconds and milliseconds, silently shifts bars).
 */
export const TIMESTAMP_FORMATS = {
  date: 'YYYY-MM-DD',
  datetime: 'YYYY-MM-DD HH:MM[:SS[.fff]]',
  'iso-local': 'ISO-8601 without offset, YYYY-MM-DDTHH:MM[:SS[.fff]]',
  'iso-offset': 'ISO-8601 with offset, YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)',
  'dmy-dots': 'DD.MM.YYYY HH:MM:SS[.fff] (Dukascopy "Gmt time")',
  'epoch-s': 'epoch seconds (10 digits)',
  'epoch-ms': 'epoch milliseconds (13 digits)',
} as const;

export type TimestampFormat = keyof typeof TIMESTAMP_FORMATS;

/** Epoch values at or above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

const RE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const RE_DMY = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const RE_EPOCH = /^\d{9,13}$/;

export function detectTimestampFormat(s: string): TimestampFormat | null {
  if (RE_DATE.test(s)) return 'date';
  const m = RE_DATETIME.exec(s);
  if (m) {
    if (m[8] !== undefined) return 'iso-offset';
    return s.charCodeAt(10) === 84 /* T */ ? 'iso-local' : 'datetime';
  }
  if (RE_DMY.test(s)) return 'dmy-dots';
  if (RE_EPOCH.test(s)) return Number(s) >= EPOCH_MS_THRESHOLD ? 'epoch-ms' : 'epoch-s';
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Wall-clock fields as a UTC number, or NaN when they are not a real date and time. */
function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  const ms = frac === undefined ? 0 : Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * Parses `s` in format `fmt` to UTC epoch ms, or NaN when `s` is not in that format or is not
 * a real instant. Naive formats are read as wall-clock time in `tz`.
 */
export function parseTimestamp(s: string, fmt: TimestampFormat, tz: TimeZone): number {
  switch (fmt) {
    case 'date': {
      const m = RE_DATE.exec(s);
      if (!m) return NaN;
      return tz.toUtc(wallClock(+m[1], +m[2], +m[3], 0, 0, 0, undefined));
    }
    case 'datetime':
    case 'iso-local':
    case 'iso-offset': {
      const m = RE_DATETIME.exec(s);
      if (!m) return NaN;
      const isT = s.charCodeAt(10) === 84;
      if ((fmt === 'datetime') === isT && fmt !== 'iso-offset') return NaN;
      if ((fmt === 'iso-offset') !== (m[8] !== undefined)) return NaN;
      const local = wallClock(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] === undefined ? 0 : +m[6], m[7]);
      if (fmt !== 'iso-offset') return tz.toUtc(local);
      return local - offsetMs(m[8]);
    }
    case 'dmy-dots': {
      const m = RE_DMY.exec(s);
      if (!m) return NaN;
      return tz.toUtc(wallClock(+m[3], +m[2], +m[1], +m[4], +m[5], +m[6], m[7]));
    }
    case 'epoch-s':
    case 'epoch-ms': {
      if (!RE_EPOCH.test(s)) return NaN;
      const n = Number(s);
      if ((n >= EPOCH_MS_THRESHOLD) !== (fmt === 'epoch-ms')) return NaN;
      return fmt === 'epoch-s' ? n * 1000 : n;
    }
  }
}

/** `Z`, `+02:00`, `-0530` → offset in ms (local − UTC). */
function offsetMs(z: string): number {
  if (z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = Number(digits.slice(2, 4));
  return sign * (h * 3_600_000 + m * 60_000);
}

/** Formats whose value is a calendar date only (no time of day). */
export function isDateOnly(fmt: TimestampFormat): boolean {
  return fmt === 'date';
}
