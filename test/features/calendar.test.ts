/**
 * Calendar fields against dates checked by hand and against the platform's Intl formatter
 * (an independent reading of the same IANA data) for every bar of the sample files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_MS, type Interval } from '../../src/core/interval.js';
import { calendarFields } from '../../src/features/kernels/calendar.js';
import { registry } from '../../src/features/registry.js';
import { SAMPLE_DATA, googDaily, loadReal } from '../helpers/real-bars.js';

interface Fields {
  dayOfWeek: number;
  month: number;
  dayOfMonth: number;
  minuteOfDay: number;
}

function compute(time: ArrayLike<number>, interval: Interval, zone: string): Fields[] {
  const t = Float64Array.from(time);
  const cols = [0, 1, 2, 3].map(() => new Float64Array(t.length));
  calendarFields(t, interval, zone, cols[0], cols[1], cols[2], cols[3]);
  return Array.from(t, (_, i) => ({ dayOfWeek: cols[0][i], month: cols[1][i], dayOfMonth: cols[2][i], minuteOfDay: cols[3][i] }));
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const formats = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a zone, read by Intl. */
function intlFields(instant: number, zone: string): Fields {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { dayOfWeek: WEEKDAYS.indexOf(p.weekday), month: Number(p.month), dayOfMonth: Number(p.day), minuteOfDay: Number(p.hour) * 60 + Number(p.minute) };
}

const at = (iso: string) => Date.parse(iso);

describe('calendar on daily bars', () => {
  const goog = googDaily();

  it('reads 2004-08-19 (GOOG\'s first bar, stamped 2004-08-20T00:00Z) as a Thursday in August', () => {
    expect(goog.time[0]).toBe(at('2004-08-20T00:00:00Z'));
    for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      expect(compute([goog.time[0]], '1d', zone)[0]).toEqual({ dayOfWeek: 3, month: 8, dayOfMonth: 19, minuteOfDay: 0 });
    }
  });

  it('gives every GOOG bar its label date: weekdays only, minute 0', () => {
    const got = compute(goog.time, '1d', 'America/New_York');
    got.forEach((f, i) => {
      const d = new Date(goog.time[i] - DAY_MS);
      expect(f).toEqual({ dayOfWeek: (d.getUTCDay() + 6) % 7, month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate(), minuteOfDay: 0 });
      expect(f.dayOfWeek).toBeLessThan(5);
    });
  });

  it('hand dates: leap day, year ends, dates before 1970', () => {
    const days: [string, Fields][] = [
      ['2024-02-29', { dayOfWeek: 3, month: 2, dayOfMonth: 29, minuteOfDay: 0 }],
      ['2000-02-29', { dayOfWeek: 1, month: 2, dayOfMonth: 29, minuteOfDay: 0 }],
      ['1999-12-31', { dayOfWeek: 4, month: 12, dayOfMonth: 31, minuteOfDay: 0 }],
      ['2023-01-01', { dayOfWeek: 6, month: 1, dayOfMonth: 1, minuteOfDay: 0 }],
      ['1969-07-20', { dayOfWeek: 6, month: 7, dayOfMonth: 20, minuteOfDay: 0 }],
      ['1900-03-01', { dayOfWeek: 3, month: 3, dayOfMonth: 1, minuteOfDay: 0 }],
    ];
    for (const [day, want] of days) expect(compute([at(`${day}T00:00:00Z`) + DAY_MS], '1d', 'UTC')[0]).toEqual(want);
  });
});

describe('calendar on weekly and monthly bars', () => {
  it('a weekly bar is its Monday', () => {
    expect(compute([at('2024-01-08T00:00:00Z')], '1w', 'Europe/Berlin')[0]).toEqual({ dayOfWeek: 0, month: 1, dayOfMonth: 1, minuteOfDay: 0 });
    expect(compute([at('2024-03-04T00:00:00Z')], '1w', 'UTC')[0]).toEqual({ dayOfWeek: 0, month: 2, dayOfMonth: 26, minuteOfDay: 0 });
  });

  it('a monthly bar is the first of its month (BTCUSD sample, stamped at month ends)', () => {
    const btc = loadReal(join(SAMPLE_DATA, 'BTCUSD_1mo.csv'));
    const got = compute(btc.time, '1mo', 'UTC');
    // The first row is stamped 2012-01-31: January 2012, whose 1st was a Sunday.
    expect(got[0]).toEqual({ dayOfWeek: 6, month: 1, dayOfMonth: 1, minuteOfDay: 0 });
    got.forEach((f, i) => {
      const first = new Date(btc.time[i] - 1);
      expect([f.month, f.dayOfMonth]).toEqual([first.getUTCMonth() + 1, 1]);
    });
  });
});

describe('calendar on intraday bars', () => {
  it('reads the bar open in New York across the March 2024 DST change', () => {
    const cases: [string, Interval, Fields][] = [
      // Friday before: EST (UTC−5). A 1h bar closing 15:00Z opened 14:00Z = 09:00.
      ['2024-03-08T15:00:00Z', '1h', { dayOfWeek: 4, month: 3, dayOfMonth: 8, minuteOfDay: 540 }],
      // Monday after: EDT (UTC−4). Closing 14:00Z, opened 13:00Z = 09:00 again.
      ['2024-03-11T14:00:00Z', '1h', { dayOfWeek: 0, month: 3, dayOfMonth: 11, minuteOfDay: 540 }],
      // The change itself: 06:55Z is 01:55 EST, 07:00Z is 03:00 EDT.
      ['2024-03-10T07:00:00Z', '5m', { dayOfWeek: 6, month: 3, dayOfMonth: 10, minuteOfDay: 115 }],
      ['2024-03-10T07:05:00Z', '5m', { dayOfWeek: 6, month: 3, dayOfMonth: 10, minuteOfDay: 180 }],
      // Past midnight UTC but still Sunday evening in New York: opened 02:30Z = 22:30 EDT.
      ['2024-03-11T02:35:00Z', '5m', { dayOfWeek: 6, month: 3, dayOfMonth: 10, minuteOfDay: 1350 }],
      // A bar closing at midnight UTC opened the day before: 23:59 UTC in UTC.
      ['2024-01-01T00:00:00Z', '1m', { dayOfWeek: 6, month: 12, dayOfMonth: 31, minuteOfDay: 1439 }],
    ];
    for (const [close, iv, want] of cases) {
      const zone = close.startsWith('2024-01-01') ? 'UTC' : 'America/New_York';
      expect(compute([at(close)], iv, zone)[0], `${close} ${iv}`).toEqual(want);
    }
  });

  it('matches Intl on every EURUSD 1h bar, in four zones', () => {
    const fx = loadReal(join(SAMPLE_DATA, 'EURUSD_1h.csv'));
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      const got = compute(fx.time, '1h', zone);
      got.forEach((f, i) => expect(f).toEqual(intlFields(fx.time[i] - 3_600_000, zone)));
    }
  });

  it('matches Intl every 5 minutes through both 2023 European changes', () => {
    const times: number[] = [];
    for (const day of ['2023-03-25T20:00:00Z', '2023-10-28T20:00:00Z']) for (let k = 0; k < 12 * 12; k++) times.push(at(day) + k * 300_000);
    const got = compute(times, '5m', 'Europe/Berlin');
    got.forEach((f, i) => expect(f).toEqual(intlFields(times[i] - 300_000, 'Europe/Berlin')));
  });

  it('is NaN only where the time is NaN', () => {
    const got = compute([at('2024-03-08T15:00:00Z'), NaN], '1h', 'UTC');
    expect(got[0].minuteOfDay).toBe(840);
    expect(Object.values(got[1]).every(Number.isNaN)).toBe(true);
  });
});

describe('calendar family', () => {
  it('resolves its four outputs by name and refuses parameters', () => {
    const reg = registry();
    expect(['day_of_week', 'month', 'day_of_month', 'minute_of_day'].map((n) => reg.resolve(n).output)).toEqual([0, 1, 2, 3]);
    expect(() => reg.resolve('month_3')).toThrow(/expected 0/);
  });

  it('reports an unknown time zone', () => {
    expect(() => compute([0], '1h', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
