import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marketOpen, nextClose, nextOpen } from '../../../src/trading/risk/market-hours.js';
import { dayNumber, easter, nyseSession } from '../../../src/trading/risk/nyse-calendar.js';

const at = (iso: string): number => Date.parse(iso);
const open = (iso: string) => marketOpen('equity', at(iso));

/** Weekday full-day closures as published by NYSE for each year. */
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2021: ['01-01', '01-18', '02-15', '04-02', '05-31', '07-05', '09-06', '11-25', '12-24'],
  2022: ['01-17', '02-21', '04-15', '05-30', '06-20', '07-04', '09-05', '11-24', '12-26'],
  2023: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
  2024: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
  2025: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
  2026: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
  2027: ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
};
/** 13:00 closes as published. */
const PUBLISHED_EARLY: Record<number, string[]> = {
  2023: ['07-03', '11-24'],
  2024: ['07-03', '11-29', '12-24'],
  2025: ['07-03', '11-28', '12-24'],
};

function weekdaysWhere(year: number, pred: (s: ReturnType<typeof nyseSession>) => boolean): string[] {
  const out: string[] = [];
  for (let d = dayNumber(year, 1, 1); d < dayNumber(year + 1, 1, 1); d++) {
    const wd = new Date(d * 86_400_000).getUTCDay();
    if (wd >= 1 && wd <= 5 && pred(nyseSession(d))) out.push(new Date(d * 86_400_000).toISOString().slice(5, 10));
  }
  return out;
}

describe('NYSE calendar by rule', () => {
  it.each(Object.entries(PUBLISHED_HOLIDAYS))('%s holidays match the published list', (year, days) => {
    expect(weekdaysWhere(Number(year), (s) => s === null)).toEqual(days);
  });
  it.each(Object.entries(PUBLISHED_EARLY))('%s early closes match the published list', (year, days) => {
    expect(weekdaysWhere(Number(year), (s) => s !== null && s.close === 13 * 60)).toEqual(days);
  });
  it('Easter Sundays', () => {
    expect([2019, 2024, 2025, 2038].map((y) => new Date(easter(y) * 86_400_000).toISOString().slice(0, 10))).toEqual(['2019-04-21', '2024-03-31', '2025-04-20', '2038-04-25']);
  });
});

describe('US equity regular session 09:30–16:00 New York', () => {
  it('Independence Day 2024 is closed, the day before closes at 13:00', () => {
    expect(open('2024-07-04T15:00:00Z')).toBe(false);
    expect(open('2024-07-03T16:59:59Z')).toBe(true); // 12:59:59 EDT
    expect(open('2024-07-03T17:00:00Z')).toBe(false); // 13:00 EDT
    expect(open('2024-07-05T13:30:00Z')).toBe(true);
  });
  it('Good Friday 2024-03-29 is closed, the Thursday before open', () => {
    expect(open('2024-03-29T15:00:00Z')).toBe(false);
    expect(open('2024-03-28T15:00:00Z')).toBe(true);
  });
  it('Christmas 2021 (a Saturday) is observed on Friday 2021-12-24; New Year 2022 (a Saturday) is not observed on 2021-12-31', () => {
    expect(open('2021-12-24T15:00:00Z')).toBe(false);
    expect(open('2021-12-23T20:59:59Z')).toBe(true); // 15:59:59 EST: Dec 23 is a full day
    expect(open('2021-12-31T15:00:00Z')).toBe(true);
  });
  it('weekends are closed', () => {
    expect(open('2024-06-01T15:00:00Z')).toBe(false);
    expect(open('2024-06-02T15:00:00Z')).toBe(false);
  });
  it('follows New York daylight saving time: 13:30Z opens after the March switch, 14:30Z before it', () => {
    expect(open('2024-03-08T14:29:59.999Z')).toBe(false); // Friday, EST
    expect(open('2024-03-08T14:30:00Z')).toBe(true);
    expect(open('2024-03-08T20:59:59Z')).toBe(true);
    expect(open('2024-03-08T21:00:00Z')).toBe(false);
    expect(open('2024-03-11T13:29:59.999Z')).toBe(false); // Monday after the switch, EDT
    expect(open('2024-03-11T13:30:00Z')).toBe(true);
    expect(open('2024-03-11T20:00:00Z')).toBe(false);
    expect(open('2024-11-01T13:30:00Z')).toBe(true); // Friday before the November switch, EDT
    expect(open('2024-11-04T13:30:00Z')).toBe(false); // Monday after, EST
    expect(open('2024-11-04T14:30:00Z')).toBe(true);
  });
});

describe('forex and futures: Sunday 17:00 → Friday 17:00 New York; crypto always', () => {
  it('opens and closes at 17:00 New York, summer and winter', () => {
    for (const cls of ['forex', 'future'] as const) {
      expect(marketOpen(cls, at('2024-06-07T20:59:59Z'))).toBe(true); // Friday 16:59:59 EDT
      expect(marketOpen(cls, at('2024-06-07T21:00:00Z'))).toBe(false);
      expect(marketOpen(cls, at('2024-06-08T12:00:00Z'))).toBe(false); // Saturday
      expect(marketOpen(cls, at('2024-06-09T20:59:59Z'))).toBe(false); // Sunday 16:59:59 EDT
      expect(marketOpen(cls, at('2024-06-09T21:00:00Z'))).toBe(true);
      expect(marketOpen(cls, at('2024-01-07T21:59:59Z'))).toBe(false); // Sunday 16:59:59 EST
      expect(marketOpen(cls, at('2024-01-07T22:00:00Z'))).toBe(true);
      expect(marketOpen(cls, at('2024-07-04T15:00:00Z'))).toBe(true); // no holidays
    }
  });
  it('crypto never closes', () => {
    for (const iso of ['2024-06-08T12:00:00Z', '2024-12-25T12:00:00Z', '2024-03-10T07:00:00Z']) expect(marketOpen('crypto', at(iso))).toBe(true);
    expect(nextOpen('crypto', at('2024-06-08T12:00:00Z'))).toBeNull();
    expect(nextClose('crypto', at('2024-06-08T12:00:00Z'))).toBeNull();
  });
});

describe('nextOpen / nextClose', () => {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  it('skip holidays and weekends, honour early closes and DST', () => {
    expect(iso(nextOpen('equity', at('2024-03-28T21:00:00Z')))).toBe('2024-04-01T13:30:00.000Z'); // over Good Friday
    expect(iso(nextClose('equity', at('2024-03-28T15:00:00Z')))).toBe('2024-03-28T20:00:00.000Z');
    expect(iso(nextClose('equity', at('2024-07-03T15:00:00Z')))).toBe('2024-07-03T17:00:00.000Z');
    expect(iso(nextOpen('equity', at('2024-11-01T21:00:00Z')))).toBe('2024-11-04T14:30:00.000Z');
    expect(iso(nextOpen('equity', at('2024-03-11T13:30:00Z')))).toBe('2024-03-12T13:30:00.000Z'); // strictly after
    expect(iso(nextOpen('forex', at('2024-03-08T23:00:00Z')))).toBe('2024-03-10T21:00:00.000Z'); // the DST Sunday
    expect(iso(nextClose('forex', at('2024-03-04T12:00:00Z')))).toBe('2024-03-08T22:00:00.000Z');
  });

  it('property: the market is open just before nextClose and not at it, closed just before nextOpen and open at it', () => {
    const t = fc.integer({ min: at('2015-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') });
    fc.assert(
      fc.property(t, fc.constantFrom('equity' as const, 'forex' as const), (time, cls) => {
        const o = nextOpen(cls, time)!;
        const c = nextClose(cls, time)!;
        expect(o).toBeGreaterThan(time);
        expect(c).toBeGreaterThan(time);
        expect(marketOpen(cls, o)).toBe(true);
        expect(marketOpen(cls, o - 1)).toBe(false);
        expect(marketOpen(cls, c)).toBe(false);
        expect(marketOpen(cls, c - 1)).toBe(true);
        // open now ⇔ the next close comes before the next open
        expect(marketOpen(cls, time)).toBe(c < o);
      }),
      { numRuns: 1000 },
    );
  });
});
