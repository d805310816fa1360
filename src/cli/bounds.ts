import { SextantError } from '../core/errors.js';
import { DAY_MS, type Interval, isCalendarInterval, periodEnd } from '../core/interval.js';
import { TimeZone } from '../core/timezone.js';
import { detectTimestampFormat, isDateOnly, parseTimestamp } from '../data/timestamp.js';

const UTC = new TimeZone('UTC');

/**
 * A --from/--to value as a bar close time. A date names its bar's period for daily and longer
 * bars, and a whole day of intraday bars (those closing after its midnight, up to the next).
 */
export function parseBound(text: string, iv: Interval, option: '--from' | '--to'): number {
  const fmt = detectTimestampFormat(text);
  const t = fmt === null ? NaN : parseTimestamp(text, fmt, UTC);
  if (t !== t) {
    throw new SextantError('OPTION_INVALID', `${option} '${text}': expected a date (2020-01-31) or an ISO time (2020-01-31T14:30:00Z)`, { field: option, value: text });
  }
  if (isCalendarInterval(iv)) return periodEnd(t, iv);
  if (isDateOnly(fmt!)) return option === '--from' ? t + 1 : t + DAY_MS;
  return t;
}

