import { afterAll, describe, expect, test } from 'vitest';
import { type ApiFixture, GOOG_CSV, readDailyBars, startApi } from '../helpers/api.js';

/**
 * Issue 7, market data: `GET /assets/:symbol/bars` pages through a stored series. Walking every
 * page by `next_after` gives back exactly the CSV that was ingested (read here by hand), with no
 * gap and no duplicate; `from`/`to` bound the close times.
 */

const f: ApiFixture = await startApi();
afterAll(() => f.close());

const csv = readDailyBars(GOOG_CSV);

/** A bar as the CSV and the API both give it. */
type Bar = (typeof csv)[number];

/** Every page of a query, following next_after until it is null. */
async function walk(query: string): Promise<{ pages: Bar[][]; bars: Bar[] }> {
  const pages: Bar[][] = [];
  let after: number | null = null;
  for (let k = 0; k < 1000; k++) {
    const r = await f.call('GET', `/api/v1/assets/GOOG/bars?interval=1d&${query}${after === null ? '' : `&after=${after}`}`, { as: 'viewer' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ symbol: 'GOOG', interval: '1d' });
    pages.push(r.body.bars);
    after = r.body.next_after;
    if (after === null) return { pages, bars: pages.flat() };
    // The cursor is the last bar of the page.
    expect(after).toBe(r.body.bars.at(-1).time);
  }
  throw new Error('next_after never became null');
}

describe('GET /assets/GOOG/bars', () => {
  test('GET /assets lists the series with its row count and range', async () => {
    const r = await f.call('GET', '/api/v1/assets', { as: 'viewer' });
    expect(r.body).toEqual([expect.objectContaining({ symbol: 'GOOG', interval: '1d', rows: csv.length, first_time: csv[0].time, last_time: csv.at(-1)!.time })]);
  });

  test('walking every page of 500 gives the CSV back row for row: no gap, no duplicate', async () => {
    const { pages, bars } = await walk('limit=500');
    expect(pages.map((p) => p.length)).toEqual([500, 500, 500, 500, csv.length - 2000]);
    expect(bars).toEqual(csv);
  });

  test('from/to bound the close times (inclusive), as epoch ms and as ISO dates, across pages', async () => {
    const from = csv[100].time;
    const to = csv[350].time;
    const { pages, bars } = await walk(`from=${from}&to=${to}&limit=100`);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 51]);
    expect(bars).toEqual(csv.slice(100, 351));

    const iso = await walk('from=2010-01-01&to=2010-12-31T23:59:59Z&limit=5000');
    const want = csv.filter((b) => b.time >= Date.UTC(2010, 0, 1) && b.time <= Date.UTC(2010, 11, 31, 23, 59, 59));
    expect(want.length).toBeGreaterThan(240);
    expect(iso.bars).toEqual(want);
  });

  test('the default page is 1000 bars; an empty range is an empty page with next_after null', async () => {
    const first = await f.call('GET', '/api/v1/assets/GOOG/bars?interval=1d', { as: 'viewer' });
    expect(first.body.bars).toEqual(csv.slice(0, 1000));
    expect(first.body.next_after).toBe(csv[999].time);
    const none = await f.call('GET', `/api/v1/assets/GOOG/bars?interval=1d&from=${csv.at(-1)!.time + 1}`, { as: 'viewer' });
    expect(none.body).toMatchObject({ bars: [], next_after: null });
  });
});
