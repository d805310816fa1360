import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../src/core/timezone.js';
import { prepareIngest } from '../src/data/ingest.js';
import { longestIncreasing, tooClose } from '../src/data/order.js';
import { ingestOptions } from './helpers/ingest.js';
import { tempDir, writeText } from './helpers/tmp.js';

const dir = tempDir();

/** O(n²) reference: the length of the longest strictly increasing subsequence. */
function lisLength(xs: number[]): number {
  const best = xs.map(() => 1);
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[j] < xs[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe('longestIncreasing', () => {
  it('keeps a longest strictly increasing run (property, against an O(n²) reference)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }), (xs) => {
        const keep = longestIncreasing(Float64Array.from(xs), xs.length);
        const kept = xs.filter((_, i) => keep[i] === 1);
        for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
        expect(kept.length).toBe(lisLength(xs));
      }),
      { numRuns: 500 },
    );
  });

  it('drops the row that breaks the order, and keeps the first of equal times', () => {
    expect(Array.from(longestIncreasing(Float64Array.from([19, 23, 20, 24, 25]), 5))).toEqual([1, 1, 0, 1, 1]);
    expect(Array.from(longestIncreasing(Float64Array.from([1, 2, 2, 3]), 4))).toEqual([1, 1, 0, 1]);
    expect(Array.from(longestIncreasing(Float64Array.from([1, 2, 3, 4, 99, 6, 7, 8]), 8))).toEqual([1, 1, 1, 1, 0, 1, 1, 1]);
  });

  it('marks the stray bar between two regular ones, not its neighbours', () => {
    expect(tooClose(Float64Array.from([0, 60, 90, 120, 180]), 5, 60)).toEqual([2]);
  });
});

describe('order and spacing problems in files', () => {
  const goodDays = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2004, 8, 1) + i * 86_400_000).toISOString().slice(0, 10));
  const file = (days: string[]) => `date,open,high,low,close,volume\n${days.map((d) => `${d},10,11,9,10.5,100`).join('\n')}\n`;

  it('blames one mistyped date, not every row after it', () => {
    const days = [...goodDays];
    days[3] = '2014-09-04'; // row 5 of the file
    const f = writeText(dir, 'typo.csv', file(days));
    expect(() => prepareIngest(ingestOptions(f, { assetClass: 'crypto' }))).toThrow(
      expect.objectContaining({ code: 'DATA_OUT_OF_ORDER', details: expect.objectContaining({ row: 5, value: '2014-09-04', total: 1 }) }),
    );
    const repaired = prepareIngest(ingestOptions(f, { assetClass: 'crypto', repair: true }));
    expect(repaired.droppedRows).toBe(1);
    expect(repaired.bars.length).toBe(29);
  });

  it('reads the hour repeated when clocks go back as two bars', () => {
    const f = writeText(dir, 'dst.csv', 'timestamp,open,high,low,close,volume\n2020-11-01 00:00:00,1,1,1,1,1\n2020-11-01 01:00:00,1,1,1,1,1\n2020-11-01 01:00:00,1,1,1,1,1\n2020-11-01 02:00:00,1,1,1,1,1\n');
    const bars = prepareIngest(ingestOptions(f, { interval: '1h', stamp: 'close', timezone: new TimeZone('America/New_York') })).bars;
    // 00:00 EDT = 04:00Z, 01:00 EDT = 05:00Z, 01:00 EST = 06:00Z, 02:00 EST = 07:00Z
    expect(Array.from(bars.time)).toEqual([4, 5, 6, 7].map((h) => Date.UTC(2020, 10, 1, h)));
  });

  it('drops a stray off-grid bar under --repair, but never thins another interval into this one', () => {
    const minutes = Array.from({ length: 50 }, (_, i) => new Date(Date.UTC(2020, 0, 6, 9) + i * 60_000).toISOString().replace('.000', ''));
    const asFiveMinutes = writeText(dir, 'm.csv', `timestamp,open,high,low,close,volume\n${minutes.map((t) => `${t},1,1,1,1,1`).join('\n')}\n`);
    expect(() => prepareIngest(ingestOptions(asFiveMinutes, { interval: '5m', stamp: 'close', repair: true }))).toThrow(expect.objectContaining({ code: 'DATA_INTERVAL_MISMATCH' }));
  });
});
