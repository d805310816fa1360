import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries } from '../src/core/bar-series.js';
import { prepareIngest } from '../src/data/ingest.js';
import { resample } from '../src/data/resample.js';
import { ingestOptions } from './helpers/ingest.js';
import { tempDir, writeText } from './helpers/tmp.js';

const dir = tempDir();

// Twelve 1m bars stamped at their close, 09:01 … 09:12 (09:07 missing: no trade that minute).
const MINUTES = `timestamp,open,high,low,close,volume
2006-01-02T09:01:00Z,100,101,99,100.5,10
2006-01-02T09:02:00Z,100.5,102,100,101.5,20
2006-01-02T09:03:00Z,101.5,101.5,98,99,30
2006-01-02T09:04:00Z,99,100,98.5,99.5,40
2006-01-02T09:05:00Z,99.5,100.5,99,100,50
2006-01-02T09:06:00Z,100,100.25,99.75,100.25,5
2006-01-02T09:08:00Z,100.25,103,100,102.75,15
2006-01-02T09:09:00Z,102.75,103.5,102,103,25
2006-01-02T09:10:00Z,103,103,101,101.5,35
2006-01-02T09:11:00Z,101.5,104,101.5,103.5,45
2006-01-02T09:12:00Z,103.5,103.75,103,103.25,55
`;

describe('resample', () => {
  const minutes = prepareIngest(ingestOptions(writeText(dir, 'm.csv', MINUTES), { interval: '1m', stamp: 'close' })).bars;

  it('1m → 5m matches values computed by hand', () => {
    const { bars, partialLast } = resample(minutes, '5m');
    // 09:01–09:05 → bar closing 09:05; 09:06–09:10 → 09:10; 09:11–09:12 is partial (ends before 09:15).
    expect(partialLast).toBe(true);
    expect(Array.from(bars.time)).toEqual([Date.UTC(2006, 0, 2, 9, 5), Date.UTC(2006, 0, 2, 9, 10)]);
    expect(Array.from(bars.open)).toEqual([100, 100]);
    expect(Array.from(bars.high)).toEqual([102, 103.5]);
    expect(Array.from(bars.low)).toEqual([98, 99.75]);
    expect(Array.from(bars.close)).toEqual([100, 101.5]);
    expect(Array.from(bars.volume)).toEqual([150, 80]);
  });

  it('keeps the partial last bar only when asked', () => {
    const { bars } = resample(minutes, '5m', { keepPartial: true });
    expect(bars.length).toBe(3);
    expect([bars.time[2], bars.open[2], bars.high[2], bars.low[2], bars.close[2], bars.volume[2]]).toEqual([Date.UTC(2006, 0, 2, 9, 15), 101.5, 104, 101.5, 103.25, 100]);
  });

  it('treats a week or month that ends on a weekend as complete for markets closed at weekends', () => {
    const days = prepareIngest(
      ingestOptions(writeText(dir, 'd.csv', `date,open,high,low,close,volume\n${[2, 3, 4, 5, 6, 9, 10, 11, 12, 13].map((d, i) => `2006-01-${String(d).padStart(2, '0')},${i + 1},${i + 2},${i + 1},${i + 2},${d}`).join('\n')}\n`)),
    ).bars;
    const weeks = resample(days, '1w', { weekendsClosed: true });
    expect(weeks.partialLast).toBe(false);
    expect(Array.from(weeks.bars.time)).toEqual([Date.UTC(2006, 0, 9), Date.UTC(2006, 0, 16)]);
    expect(Array.from(weeks.bars.open)).toEqual([1, 6]);
    expect(Array.from(weeks.bars.close)).toEqual([6, 11]);
    expect(Array.from(weeks.bars.volume)).toEqual([2 + 3 + 4 + 5 + 6, 9 + 10 + 11 + 12 + 13]);
    expect(resample(days, '1w', { weekendsClosed: false }).partialLast).toBe(true);
  });

  it('refuses targets that are not whole multiples', () => {
    expect(() => resample(minutes, '1m')).toThrow(expect.objectContaining({ code: 'RESAMPLE_INVALID' }));
  });

  it('conserves volume and bounds every bucket (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 300 }), (steps) => {
        const n = steps.length;
        const s = BarSeries.empty('P', '1m', n);
        let t = Date.UTC(2020, 0, 6, 9);
        steps.forEach(([gap, price, range, vol], i) => {
          t += gap * 60_000;
          s.time[i] = t;
          s.open[i] = price;
          s.close[i] = price + range / 2;
          s.high[i] = price + range;
          s.low[i] = price - range / 10;
          s.volume[i] = vol;
        });
        const { bars } = resample(s, '15m', { keepPartial: true });
        expect(bars.volume.reduce((a, b) => a + b, 0)).toBe(s.volume.reduce((a, b) => a + b, 0));
        expect(bars.open[0]).toBe(s.open[0]);
        expect(bars.close[bars.length - 1]).toBe(s.close[n - 1]);
        for (let k = 0; k < bars.length; k++) {
          expect(bars.time[k] % (15 * 60_000)).toBe(0);
          const members = Array.from(s.time.keys()).filter((i) => s.time[i] > bars.time[k] - 15 * 60_000 && s.time[i] <= bars.time[k]);
          expect(members.length).toBeGreaterThan(0);
          expect(bars.high[k]).toBe(Math.max(...members.map((i) => s.high[i])));
          expect(bars.low[k]).toBe(Math.min(...members.map((i) => s.low[i])));
        }
      }),
      { numRuns: 100 },
    );
  });
});
