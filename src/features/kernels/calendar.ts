import { DAY_MS, MINUTE_MS, addIntervals, intervalMs, isCalendarInterval, type Interval } from '../../core/interval.js';
import { TimeZone } from '../../core/timezone.js';

/**
 * Calendar fields of the instant a bar OPENS (bars are stamped at their close), read in a
 * local time zone. Intraday bars open one interval before their close, and that instant is
 * moved to local wall-clock time with the zone's offset then in force (so DST is followed).
 * Daily, weekly and monthly bars are already calendar periods of a local date (their label:
 * the period start at 00:00, see core/time.ts barLabel), so they use that date whatever the
 * zone, and their minute of day is 0.
 */
export class CalendarFields {
  private readonly interval: Interval;
  private readonly calendar: boolean;
  private readonly step: number;
  private readonly zone: TimeZone;
  /** 0 = Monday … 6 = Sunday. */
  dayOfWeek = NaN;
  /** 1…12. */
  month = NaN;
  /** 1…31. */
  dayOfMonth = NaN;
  /** Minutes since local midnight, 0…1439. */
  minuteOfDay = NaN;

  constructor(interval: Interval, timezone: string) {
    this.interval = interval;
    this.calendar = isCalendarInterval(interval);
    this.step = intervalMs(interval);
    this.zone = new TimeZone(timezone);
  }

  /** Sets the fields for the bar that closes at `time` (all NaN if it is NaN). */
  update(time: number): void {
    if (time !== time) {
      this.dayOfWeek = this.month = this.dayOfMonth = this.minuteOfDay = NaN;
      return;
    }
    let local: number;
    if (this.calendar) local = this.interval === '1mo' ? addIntervals(time, '1mo', -1) : time - this.step;
    else {
      const open = time - this.step;
      local = open + this.zone.offsetAt(open);
    }
    const days = Math.floor(local / DAY_MS);
    this.minuteOfDay = Math.floor((local - days * DAY_MS) / MINUTE_MS);
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    this.dayOfWeek = (((days + 3) % 7) + 7) % 7;
    // Month and day from days since the epoch (H. Hinnant's civil_from_days, in March-based years).
    const z = days + 719_468;
    const doe = z - Math.floor(z / 146_097) * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    this.dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
    this.month = mp < 10 ? mp + 3 : mp - 9;
  }
}

/** The four calendar columns for bars closing at `time`. */
export function calendarFields(
  time: Float64Array,
  interval: Interval,
  timezone: string,
  dayOfWeek: Float64Array,
  month: Float64Array,
  dayOfMonth: Float64Array,
  minuteOfDay: Float64Array,
): void {
  const k = new CalendarFields(interval, timezone);
  for (let i = 0; i < time.length; i++) {
    k.update(time[i]);
    dayOfWeek[i] = k.dayOfWeek;
    month[i] = k.month;
    dayOfMonth[i] = k.dayOfMonth;
    minuteOfDay[i] = k.minuteOfDay;
  }
}
