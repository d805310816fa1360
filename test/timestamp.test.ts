import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../src/core/timezone.js';
import { detectTimestampFormat, parseTimestamp } from '../src/data/timestamp.js';

const UTC = new TimeZone('UTC');

describe('timestamp formats', () => {
  const cases: [string, string, number][] = [
    ['2004-08-19', 'date', Date.UTC(2004, 7, 19)],
    ['2017-04-19 09:00:00', 'datetime', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19 09:00', 'datetime', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19T09:00:00', 'iso-local', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19T09:00:00.250', 'iso-local', Date.UTC(2017, 3, 19, 9, 0, 0, 250)],
    ['2017-04-19T09:00:00Z', 'iso-offset', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19T11:00:00+02:00', 'iso-offset', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19T04:30:00-0430', 'iso-offset', Date.UTC(2017, 3, 19, 9)],
    ['2017-04-19 09:00:00+00:00', 'iso-offset', Date.UTC(2017, 3, 19, 9)],
    ['19.04.2017 09:00:00.000', 'dmy-dots', Date.UTC(2017, 3, 19, 9)],
    ['1492592400', 'epoch-s', Date.UTC(2017, 3, 19, 9)],
    ['1492592400000', 'epoch-ms', Date.UTC(2017, 3, 19, 9)],
  ];
  it.each(cases)('%s is %s', (text, format, expected) => {
    expect(detectTimestampFormat(text)).toBe(format);
    expect(parseTimestamp(text, format as never, UTC)).toBe(expected);
  });

  it('refuses impossible dates and times', () => {
    for (const s of ['2021-02-29', '2020-13-01', '2020-04-31', '2020-01-01 24:00:00', '2020-01-01 10:60:00']) {
      const fmt = detectTimestampFormat(s);
      expect(fmt === null || Number.isNaN(parseTimestamp(s, fmt, UTC)), s).toBe(true);
    }
    expect(parseTimestamp('2020-02-29', 'date', UTC)).toBe(Date.UTC(2020, 1, 29));
  });

  it('does not accept a value of one format as another', () => {
    expect(parseTimestamp('2020-01-02 00:00:00', 'date', UTC)).toBeNaN();
    expect(parseTimestamp('2020-01-02T00:00:00', 'datetime', UTC)).toBeNaN();
    expect(parseTimestamp('2020-01-02T00:00:00Z', 'iso-local', UTC)).toBeNaN();
    expect(parseTimestamp('1492592400000', 'epoch-s', UTC)).toBeNaN();
    expect(parseTimestamp('not a time', 'iso-offset', UTC)).toBeNaN();
    expect(detectTimestampFormat('yesterday')).toBeNull();
  });

  it('round-trips any instant through ISO-8601 and epoch text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e11 /* 1973: shorter epoch text is not detected as a time */, max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTimestamp(iso, 'iso-offset', UTC)).toBe(ms);
        const secs = Math.floor(ms / 1000);
        expect(parseTimestamp(String(secs), detectTimestampFormat(String(secs))!, UTC)).toBe(secs * 1000);
        expect(parseTimestamp(String(ms), detectTimestampFormat(String(ms))!, UTC)).toBe(ms);
      }),
    );
  });
});

describe('time zones', () => {
  const berlin = new TimeZone('Europe/Berlin');
  const newYork = new TimeZone('America/New_York');

  it('converts wall-clock times to UTC across daylight-saving changes', () => {
    // Winter: CET = UTC+1; summer: CEST = UTC+2 (change on 2006-03-26 at 02:00 local).
    expect(berlin.toUtc(Date.UTC(2006, 0, 2, 9, 1))).toBe(Date.UTC(2006, 0, 2, 8, 1));
    expect(berlin.toUtc(Date.UTC(2006, 6, 3, 9, 0))).toBe(Date.UTC(2006, 6, 3, 7, 0));
    expect(newYork.toUtc(Date.UTC(2020, 0, 2, 16, 0))).toBe(Date.UTC(2020, 0, 2, 21, 0));
    expect(newYork.toUtc(Date.UTC(2020, 6, 2, 16, 0))).toBe(Date.UTC(2020, 6, 2, 20, 0));
  });

  it('maps a skipped local time past the gap and a repeated one to its first occurrence', () => {
    // 2006-03-26 02:30 does not exist in Berlin; 2006-10-29 02:30 happens twice.
    expect(berlin.toUtc(Date.UTC(2006, 2, 26, 2, 30))).toBe(Date.UTC(2006, 2, 26, 1, 30));
    expect(berlin.toUtc(Date.UTC(2006, 9, 29, 2, 30))).toBe(Date.UTC(2006, 9, 29, 0, 30));
  });

  it('reads naive file timestamps in the given zone', () => {
    expect(parseTimestamp('2006-01-02 09:01:00', 'datetime', berlin)).toBe(Date.UTC(2006, 0, 2, 8, 1));
    expect(parseTimestamp('2006-01-02T09:01:00Z', 'iso-offset', berlin)).toBe(Date.UTC(2006, 0, 2, 9, 1));
  });

  it('rejects unknown zone names with a stable code', () => {
    expect(() => new TimeZone('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'TIMEZONE_UNKNOWN' }));
  });
});
