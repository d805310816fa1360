import { describe, expect, it } from 'vitest';
import { addIntervals, intervalMs, isWholeMultiple, parseInterval, periodEnd } from '../src/core/interval.js';
import { barLabel } from '../src/core/time.js';

describe('intervals', () => {
  it('knows 1m … 1mo and rejects others with INTERVAL_UNKNOWN (exit 2)', () => {
    expect(intervalMs(parseInterval('5m'))).toBe(300_000);
    expect(intervalMs(parseInterval('4h'))).toBe(4 * 3_600_000);
    expect(() => parseInterval('7x')).toThrow(expect.objectContaining({ code: 'INTERVAL_UNKNOWN', exitCode: 2 }));
  });

  it('finds the close of the period containing an instant', () => {
    expect(periodEnd(Date.UTC(2006, 0, 2, 9, 3), '5m')).toBe(Date.UTC(2006, 0, 2, 9, 5));
    expect(periodEnd(Date.UTC(2006, 0, 2, 9, 5), '5m')).toBe(Date.UTC(2006, 0, 2, 9, 10));
    expect(periodEnd(Date.UTC(2004, 7, 19), '1d')).toBe(Date.UTC(2004, 7, 20));
    // 2006-01-06 is a Friday; its ISO week closes on Monday 2006-01-09.
    expect(periodEnd(Date.UTC(2006, 0, 6), '1w')).toBe(Date.UTC(2006, 0, 9));
    expect(periodEnd(Date.UTC(2006, 0, 8, 23), '1w')).toBe(Date.UTC(2006, 0, 9));
    expect(periodEnd(Date.UTC(2012, 0, 31), '1mo')).toBe(Date.UTC(2012, 1, 1));
    expect(periodEnd(Date.UTC(2012, 11, 31), '1mo')).toBe(Date.UTC(2013, 0, 1));
  });

  it('adds calendar months exactly and fixed intervals by length', () => {
    expect(addIntervals(Date.UTC(2012, 0, 1), '1mo', 1)).toBe(Date.UTC(2012, 1, 1));
    expect(addIntervals(Date.UTC(2012, 0, 1, 9), '1h', 2)).toBe(Date.UTC(2012, 0, 1, 11));
    // the day is clamped to the target month's end, never spilling into the month after
    expect(addIntervals(Date.UTC(2020, 0, 31, 16), '1mo', 1)).toBe(Date.UTC(2020, 1, 29, 16));
    expect(addIntervals(Date.UTC(2021, 0, 31), '1mo', 1)).toBe(Date.UTC(2021, 1, 28));
    expect(addIntervals(Date.UTC(2020, 2, 31), '1mo', -1)).toBe(Date.UTC(2020, 1, 29));
  });

  it('labels bars by their period: date for days, Monday for weeks, month for months, close time intraday', () => {
    expect(barLabel(Date.UTC(2004, 7, 20), '1d')).toBe('2004-08-19');
    expect(barLabel(Date.UTC(2006, 0, 9), '1w')).toBe('2006-01-02');
    expect(barLabel(Date.UTC(2012, 1, 1), '1mo')).toBe('2012-01');
    expect(barLabel(Date.UTC(2006, 0, 2, 9, 5), '5m')).toBe('2006-01-02T09:05:00.000Z');
  });

  it('resamples only to whole multiples', () => {
    expect(isWholeMultiple('1m', '5m')).toBe(true);
    expect(isWholeMultiple('1h', '1d')).toBe(true);
    expect(isWholeMultiple('1d', '1w')).toBe(true);
    expect(isWholeMultiple('1d', '1mo')).toBe(true);
    expect(isWholeMultiple('5m', '1mo')).toBe(true);
    expect(isWholeMultiple('2m', '5m')).toBe(false);
    expect(isWholeMultiple('5m', '1m')).toBe(false);
    expect(isWholeMultiple('1w', '1mo')).toBe(false);
    expect(isWholeMultiple('1d', '1d')).toBe(false);
  });
});
