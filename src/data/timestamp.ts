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
  'date-compact': 'YYYYMMDD',
  'date-dots': 'YYYY.MM.DD (MetaTrader)',
  'ymd-dots': 'YYYY.MM.DD HH:MM[:SS] (MetaTrader)',
  'dmy-dots': 'DD.MM.YYYY HH:MM:SS[.fff][ GMT±HHMM] (Dukascopy)',
  'epoch-s': 'epoch seconds (10 digits)',
  'epoch-ms': 'epoch milliseconds (13 digits)',
} as const;

export type TimestampFormat = keyof typeof TIMESTAMP_FORMATS;

/** Epoch values at or above this are milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

const RE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const RE_DMY = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: GMT([+-])(\d{2}):?(\d{2}))?$/;
const RE_YMD_DOTS = /^(\d{4})\.(\d{2})\.(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const RE_DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const RE_EPOCH = /^\d{9,13}$/;

export function detectTimestampFormat(s: string): TimestampFormat | null {
  if (RE_DATE.test(s)) return 'date';
  const m = RE_DATETIME.exec(s);
  if (m) {
    if (m[8] !== undefined) return 'iso-offset';
    return s.charCodeAt(10) === 84 /* T */ ? 'iso-local' : 'datetime';
  }
  if (RE_DMY.test(s)) return 'dmy-dots';
  const ymd = RE_YMD_DOTS.exec(s);
  if (ymd) return ymd[4] === undefined ? 'date-dots' : 'ymd-dots';
  if (RE_DATE_COMPACT.test(s)) return 'date-compact';
  if (RE_EPOCH.test(s)) return Number(s) >= EPOCH_MS_THRESHOLD ? 'epoch-ms' : 'epoch-s';
  return null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Wall-clock fields as a UTC number, or NaN when they are not a real date and time. */
function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** Two decimal digits at s[i], s[i+1], or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Scans `YYYY-MM-DD[( |T)HH:MM[:SS[.fff…]][Z|±HH[:]MM]]` by character position: this runs once
 * per row of a file, so it allocates nothing. Returns NaN unless `s` has exactly the shape of
 * `fmt` and is a real instant.
 */
function scanIso(s: string, fmt: TimestampFormat, tz: TimeZone): number {
  const len = s.length;
  if (len < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const hi = digits2(s, 0);
  const lo = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  if (hi < 0 || lo < 0 || mo < 0 || d < 0) return NaN;
  const y = hi * 100 + lo;
  if (len === 10) return fmt === 'date' ? wallClock(y, mo, d, 0, 0, 0, 0) : NaN;
  if (fmt === 'date' || len < 16) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return NaN; // ' ' or 'T'
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  if (h < 0 || mi < 0 || s.charCodeAt(13) !== 58) return NaN;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (i < len && s.charCodeAt(i) === 58) {
    sec = digits2(s, i + 1);
    if (sec < 0) return NaN;
    i += 3;
    if (i < len && s.charCodeAt(i) === 46) {
      const start = ++i;
      let scale = 100;
      while (i < len) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start || i - start > 9) return NaN;
      ms = Math.floor(ms);
    }
  }
  const local = wallClock(y, mo, d, h, mi, sec, ms);
  if (i === len) {
    if (fmt === 'iso-offset' || (fmt === 'datetime') !== (sep === 32)) return NaN;
    return tz.toUtc(local);
  }
  if (fmt !== 'iso-offset') return NaN;
  const z = s.charCodeAt(i);
  if (z === 90) return i + 1 === len ? local : NaN; // 'Z'
  if (z !== 43 && z !== 45) return NaN; // '+' or '-'
  const oh = digits2(s, i + 1);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digits2(s, i + 3 + colon);
  if (oh < 0 || om < 0 || i + 5 + colon !== len) return NaN;
  return local - (z === 45 ? -1 : 1) * (oh * 3_600_000 + om * 60_000);
}

/**
 * Parses `s` in format `fmt` to UTC epoch ms, or NaN when `s` is not in that format or is not
 * a real instant. Naive formats are read as wall-clock time in `tz`.
 */
export function parseTimestamp(s: string, fmt: TimestampFormat, tz: TimeZone): number {
  switch (fmt) {
    case 'date':
    case 'datetime':
    case 'iso-local':
    case 'iso-offset':
      return scanIso(s, fmt, tz);
    case 'dmy-dots': {
      const m = RE_DMY.exec(s);
      if (!m) return NaN;
      const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
      const local = wallClock(+m[3], +m[2], +m[1], +m[4], +m[5], +m[6], ms);
      if (m[8] === undefined) return tz.toUtc(local);
      return local - (m[8] === '-' ? -1 : 1) * (+m[9] * 3_600_000 + +m[10] * 60_000);
    }
    case 'date-dots':
    case 'ymd-dots': {
      const m = RE_YMD_DOTS.exec(s);
      if (!m || (m[4] === undefined) !== (fmt === 'date-dots')) return NaN;
      return tz.toUtc(wallClock(+m[1], +m[2], +m[3], m[4] === undefined ? 0 : +m[4], m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6], 0));
    }
    case 'date-compact': {
      const m = RE_DATE_COMPACT.exec(s);
      return m ? wallClock(+m[1], +m[2], +m[3], 0, 0, 0, 0) : NaN;
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

/** Formats that name a calendar day, with no time of day. */
export function isDateOnly(fmt: TimestampFormat): boolean {
  return fmt === 'date' || fmt === 'date-dots' || fmt === 'date-compact';
}

/** Formats that carry their own offset from UTC, so --timezone does not apply. */
export function isZoned(fmt: TimestampFormat): boolean {
  return fmt === 'iso-offset' || fmt === 'epoch-s' || fmt === 'epoch-ms';
}
