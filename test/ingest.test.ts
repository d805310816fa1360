import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../src/core/timezone.js';
import { prepareIngest } from '../src/data/ingest.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { ingest, ingestOptions } from './helpers/ingest.js';
import { tempDir, writeText } from './helpers/tmp.js';

const dir = tempDir();
let n = 0;
const store = (): SqliteStore => SqliteStore.open(join(dir, `i${n++}.db`));

const DAILY = `timestamp,open,high,low,close,volume
2020-01-02,10,11,9,10.5,100
2020-01-03,10.5,12,10,11,200
2020-01-06,11,11.5,10.5,11.2,150
`;

describe('ingest: reading', () => {
  it('finds columns by name in any order and case, keeps Adj Close, ignores the rest', async () => {
    const f = writeText(dir, 'yahoo.csv', 'Volume,Adj Close,Close,LOW,High,Open,Date,Note\n100,5.25,10.5,9,11,10,2020-01-02,x\n200,5.5,11,10,12,10.5,2020-01-03,y\n');
    const s = store();
    const r = await ingest(s, f);
    expect(r).toMatchObject({ outcome: 'created', rowsAdded: 2, ignoredColumns: ['Note'], first: '2020-01-02', last: '2020-01-03' });
    const bars = (await s.loadBars('TEST', '1d'))!;
    expect(Array.from(bars.open)).toEqual([10, 10.5]);
    expect(Array.from(bars.high)).toEqual([11, 12]);
    expect(Array.from(bars.close)).toEqual([10.5, 11]);
    expect(Array.from(bars.volume)).toEqual([100, 200]);
    expect(Array.from(bars.adjClose!)).toEqual([5.25, 5.5]);
    // a daily bar is stamped at its close: midnight UTC after its day
    expect(bars.time[0]).toBe(Date.UTC(2020, 0, 3));
    await s.close();
  });

  it('reads a UTF-8 byte-order mark, CRLF line ends, a date and a time column, and Dukascopy times', async () => {
    const bom = join(dir, 'bom.csv');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DAILY.replace(/\n/g, '\r\n'))]));
    expect(prepareIngest(ingestOptions(bom)).bars.length).toBe(3);
    // bare CR line ends (old Mac exports): no newline at all to estimate rows from
    const cr = writeText(dir, 'cr.csv', DAILY.replace(/\n/g, '\r'));
    expect(Array.from(prepareIngest(ingestOptions(cr)).bars.close)).toEqual([10.5, 11, 11.2]);

    const split = writeText(dir, 'split.csv', 'Date,Time,Open,High,Low,Close,Volume\n2006-01-02,09:01:00,1,2,0.5,1.5,10\n2006-01-02,09:02:00,1.5,2,1,1.2,11\n');
    const p = prepareIngest(ingestOptions(split, { interval: '1m', stamp: 'close', timezone: new TimeZone('Europe/Berlin') }));
    expect(p.timestampFormat).toBe('datetime');
    expect(Array.from(p.bars.time)).toEqual([Date.UTC(2006, 0, 2, 8, 1), Date.UTC(2006, 0, 2, 8, 2)]);

    const duka = writeText(dir, 'duka.csv', 'Gmt time,Open,High,Low,Close,Volume\n02.01.2018 22:00:00.000,1.2,1.3,1.1,1.25,5\n02.01.2018 23:00:00.000,1.25,1.3,1.2,1.28,6\n');
    const d = prepareIngest(ingestOptions(duka, { interval: '1h' }));
    expect(d.timestampFormat).toBe('dmy-dots');
    // stamped at the open by default: the 22:00 bar closes at 23:00
    expect(d.bars.time[0]).toBe(Date.UTC(2018, 0, 2, 23));
  });

  it('reads JSON lines with numbers or strings and epoch timestamps', async () => {
    const lines = [
      { t: 1577923200, o: 10, h: 11, l: 9, c: 10.5, v: 100 },
      { t: 1578009600, o: '10.5', h: '12', l: '10', c: '11', v: '200' },
    ].map((o) => JSON.stringify(o));
    const f = writeText(dir, 'bars.jsonl', `${lines.join('\n')}\n`);
    const p = prepareIngest(ingestOptions(f));
    expect(p.timestampFormat).toBe('epoch-s');
    expect(Array.from(p.bars.close)).toEqual([10.5, 11]);
    expect(p.bars.time[0]).toBe(Date.UTC(2020, 0, 3)); // 2020-01-02 opens, closes a day later
  });

  it('names daily and monthly bars by the local date of any timestamp, not only of a bare date', () => {
    const labels = (text: string, over: Parameters<typeof ingestOptions>[1]) =>
      Array.from(prepareIngest(ingestOptions(writeText(dir, `cal-${Math.random()}.csv`, text), over)).bars.time).map((t) => new Date(t - 1).toISOString().slice(0, 10));
    // local midnights in New York, across the DST change of 2020-03-08
    const ny = 'timestamp,open,high,low,close,volume\n2020-03-05 00:00:00,1,1,1,1,1\n2020-03-06 00:00:00,1,1,1,1,1\n2020-03-09 00:00:00,1,1,1,1,1\n2020-03-10 00:00:00,1,1,1,1,1\n';
    expect(labels(ny, { timezone: new TimeZone('America/New_York') })).toEqual(['2020-03-05', '2020-03-06', '2020-03-09', '2020-03-10']);
    // Alpaca and Polygon stamp a daily bar at the session day's midnight in New York, in UTC
    expect(labels('t,o,h,l,c,v\n2020-01-02T05:00:00Z,1,1,1,1,1\n2020-01-03T05:00:00Z,1,1,1,1,1\n', { timezone: new TimeZone('America/New_York') })).toEqual(['2020-01-02', '2020-01-03']);
    expect(labels('t,o,h,l,c,v\n1577941200000,1,1,1,1,1\n1578027600000,1,1,1,1,1\n', { timezone: new TimeZone('America/New_York') })).toEqual(['2020-01-02', '2020-01-03']);
    // a close stamp at 16:00 names its own day
    expect(labels('t,o,h,l,c,v\n2020-01-02T16:00:00-05:00,1,1,1,1,1\n2020-01-03T16:00:00-05:00,1,1,1,1,1\n', { stamp: 'close' })).toEqual(['2020-01-02', '2020-01-03']);
    // month-end datetimes name their month
    const monthly = prepareIngest(ingestOptions(writeText(dir, 'me.csv', 'timestamp,open,high,low,close,volume\n2020-01-31 00:00:00,1,1,1,1,1\n2020-02-29 00:00:00,1,1,1,1,1\n2020-03-31 00:00:00,1,1,1,1,1\n'), { interval: '1mo' })).bars;
    expect(Array.from(monthly.time)).toEqual([Date.UTC(2020, 1, 1), Date.UTC(2020, 2, 1), Date.UTC(2020, 3, 1)]);
  });

  it('reads timestamps with spaces around them', () => {
    const f = writeText(dir, 'spaces.csv', 'open,high,low,close,volume, date\n10,11,9,10.5,100, 2020-01-02\n10.5,12,10,11,200,"2020-01-03 "\n');
    expect(prepareIngest(ingestOptions(f)).bars.length).toBe(2);
  });

  it('reads common vendor layouts: Binance klines, MetaTrader, Dukascopy local time, compact dates', () => {
    const binance = writeText(dir, 'binance.csv', 'open_time,open,high,low,close,volume,close_time,quote_volume,count\n1577836800000,7195.24,7196.25,7183.14,7186.68,51.642,1577836859999,371154.5,526\n1577836860000,7187.67,7188.06,7182.98,7184.03,7.248,1577836919999,52065.0,163\n');
    const b = prepareIngest(ingestOptions(binance, { interval: '1m', assetClass: 'crypto' }));
    expect(b.timestampFormat).toBe('epoch-ms');
    expect(b.ignoredColumns).toEqual(['close_time', 'quote_volume', 'count']);
    expect(b.bars.time[0]).toBe(Date.UTC(2020, 0, 1, 0, 1)); // opened 00:00, closes 00:01

    const mt5 = writeText(dir, 'mt5.csv', '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2020.01.02\t00:00:00\t1.12132\t1.12188\t1.12101\t1.12165\t512\t0\t2\n2020.01.02\t01:00:00\t1.12165\t1.12201\t1.12140\t1.12190\t388\t0\t2\n');
    const m = prepareIngest(ingestOptions(mt5, { interval: '1h', delimiter: '\t', assetClass: 'forex' }));
    expect(m.timestampFormat).toBe('ymd-dots');
    expect(m.ignoredColumns).toEqual(['<TICKVOL>', '<SPREAD>']); // <VOL> is the volume; tick volume only without it
    expect(m.bars.time[0]).toBe(Date.UTC(2020, 0, 2, 1));

    const duka = writeText(dir, 'duka-local.csv', 'Local time,Open,High,Low,Close,Volume\n02.01.2020 00:00:00.000 GMT+0100,1.1,1.2,1.0,1.15,10\n02.01.2020 01:00:00.000 GMT+0100,1.15,1.2,1.1,1.18,11\n');
    expect(prepareIngest(ingestOptions(duka, { interval: '1h' })).bars.time[0]).toBe(Date.UTC(2020, 0, 2, 0)); // 23:00Z open + 1h

    const compact = writeText(dir, 'compact.csv', 'date,open,high,low,close,volume\n20200102,10,11,9,10.5,100\n20200103,10.5,12,10,11,200\n');
    expect(Array.from(prepareIngest(ingestOptions(compact)).bars.time)).toEqual([Date.UTC(2020, 0, 3), Date.UTC(2020, 0, 4)]);
  });

  it('accepts a file without volume only when told the source has none (--no-volume)', async () => {
    const f = writeText(dir, 'novol.csv', 'date,open,high,low,close\n2020-01-02,10,11,9,10.5\n2020-01-03,10.5,12,10,11\n');
    expect(() => prepareIngest(ingestOptions(f))).toThrow(expect.objectContaining({ code: 'CSV_MISSING_COLUMN', message: expect.stringContaining('--no-volume') }));
    const s = store();
    await ingest(s, f, { noVolume: true });
    expect(Array.from((await s.loadBars('TEST', '1d'))!.volume)).toEqual([NaN, NaN]);
    expect((await ingest(s, f, { noVolume: true })).outcome).toBe('unchanged');
    await s.close();
  });

  it('reads another delimiter when told', () => {
    const f = writeText(dir, 'semi.csv', DAILY.replace(/,/g, ';'));
    expect(() => prepareIngest(ingestOptions(f))).toThrow(expect.objectContaining({ code: 'CSV_WRONG_DELIMITER' }));
    expect(prepareIngest(ingestOptions(f, { delimiter: ';' })).bars.length).toBe(3);
  });

  it('reports gaps (missing weekdays) as warnings, not errors', async () => {
    const f = writeText(dir, 'gap.csv', 'date,open,high,low,close,volume\n2020-01-02,1,1,1,1,1\n2020-01-03,1,1,1,1,1\n2020-01-08,1,1,1,1,1\n2020-01-09,1,1,1,1,1\n');
    const r = await ingest(store(), f);
    expect(r.warnings.gaps).toBe(1);
    expect(r.warnings.firstGaps[0]).toEqual({ after: '2020-01-03', before: '2020-01-08', missing: 2 }); // Mon 6th and Tue 7th
    expect((await ingest(store(), f, { assetClass: 'crypto' })).warnings.firstGaps[0].missing).toBe(4);
  });
});

describe('ingest: merging with the store', () => {
  it('re-ingesting the same file changes nothing and says so', async () => {
    const f = writeText(dir, 'daily.csv', DAILY);
    const s = store();
    expect((await ingest(s, f)).outcome).toBe('created');
    const before = await s.listAudit();
    const again = await ingest(s, f);
    expect(again).toMatchObject({ outcome: 'unchanged', rowsAdded: 0, rowsChanged: 0, rowsUnchanged: 3, rowsStored: 3 });
    expect(await s.listAudit()).toEqual(before);
    await s.close();
  });

  it('appends new bars and keeps stored ones the file does not mention', async () => {
    const s = store();
    await ingest(s, writeText(dir, 'a.csv', DAILY));
    const more = writeText(dir, 'b.csv', 'timestamp,open,high,low,close,volume\n2020-01-06,11,11.5,10.5,11.2,150\n2020-01-07,11.2,11.4,11,11.3,90\n');
    const r = await ingest(s, more);
    expect(r).toMatchObject({ outcome: 'appended', rowsAdded: 1, rowsUnchanged: 1, rowsStored: 4 });
    expect(Array.from((await s.loadBars('TEST', '1d'))!.close)).toEqual([10.5, 11, 11.2, 11.3]);
    await s.close();
  });

  it('refuses a file that contradicts stored bars, unless --overwrite, which is audit-logged', async () => {
    const s = store();
    await ingest(s, writeText(dir, 'orig.csv', DAILY));
    const changed = writeText(dir, 'changed.csv', DAILY.replace('2020-01-03,10.5,12,10,11,200', '2020-01-03,10.5,12,10,11.1,200'));
    await expect(ingest(s, changed)).rejects.toMatchObject({ code: 'STORE_CONFLICT', details: { changed: 1, first: '2020-01-03' } });
    expect(Array.from((await s.loadBars('TEST', '1d'))!.close)).toEqual([10.5, 11, 11.2]);

    const r = await ingest(s, changed, { overwrite: true });
    expect(r).toMatchObject({ outcome: 'overwritten', rowsChanged: 1, rowsUnchanged: 2 });
    expect(Array.from((await s.loadBars('TEST', '1d'))!.close)).toEqual([10.5, 11.1, 11.2]);
    const [entry] = await s.listAudit({ action: 'bars.overwrite' });
    expect(entry.subject).toBe('TEST/1d');
    expect(entry.details).toMatchObject({ changed: 1, conflicts: [{ at: '2020-01-03', stored: { close: 11 }, incoming: { close: 11.1 } }] });
    await s.close();
  });

  it('accepts a two-day update across a weekend (too few bars to judge the spacing alone)', async () => {
    const s = store();
    const days = [2, 3, 6, 7, 8, 9, 10].map((d) => `2020-01-${String(d).padStart(2, '0')},1,1,1,1,1`);
    await ingest(s, writeText(dir, 'week.csv', `date,open,high,low,close,volume\n${days.join('\n')}\n`));
    const r = await ingest(s, writeText(dir, 'upd.csv', 'timestamp,open,high,low,close,volume\n2020-01-10,1,1,1,1,1\n2020-01-13,1,1,1,1,1\n'));
    expect(r).toMatchObject({ outcome: 'appended', rowsAdded: 1, rowsUnchanged: 1 });
    await s.close();
  });

  it('fills in an unknown adjusted close from a later file, without calling it a conflict', async () => {
    const s = store();
    await ingest(s, writeText(dir, 'noadj.csv', DAILY));
    const withAdj = writeText(dir, 'adj.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,5.25,100\n2020-01-03,10.5,12,10,11,5.5,200\n');
    expect(await ingest(s, withAdj)).toMatchObject({ outcome: 'appended', rowsFilled: 2, rowsChanged: 0, rowsAdded: 0 });
    expect(Array.from((await s.loadBars('TEST', '1d'))!.adjClose!)).toEqual([5.25, 5.5, NaN]);
    expect((await ingest(s, withAdj)).outcome).toBe('unchanged');
    const otherAdj = writeText(dir, 'adj2.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,5.3,100\n');
    await expect(ingest(s, otherAdj)).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    await s.close();
  });

  it('keeps the old values of every overwritten bar, not only the 20 shown', async () => {
    const rows = (close: number) => Array.from({ length: 30 }, (_, i) => `2020-02-${String(i + 1).padStart(2, '0')},10,20,5,${close},1`);
    const calendar = (lines: string[]) => lines.filter((_, i) => i < 29); // February 2020 has 29 days
    const s = store();
    await ingest(s, writeText(dir, 'c1.csv', `date,open,high,low,close,volume\n${calendar(rows(11)).join('\n')}\n`), { assetClass: 'crypto' });
    const r = await ingest(s, writeText(dir, 'c2.csv', `date,open,high,low,close,volume\n${calendar(rows(12)).join('\n')}\n`), { overwrite: true });
    expect(r.rowsChanged).toBe(29);
    const [rev] = await s.listRevisions('TEST', '1d');
    expect(rev.bars.length).toBe(29);
    expect(Array.from(rev.bars.close).every((c) => c === 11)).toBe(true);
    await s.close();
  });

  it('refuses an asset class that contradicts the stored one, and keeps the stored one otherwise', async () => {
    const s = store();
    await ingest(s, writeText(dir, 'btc.csv', DAILY), { symbol: 'BTC', assetClass: 'crypto' });
    await expect(ingest(s, writeText(dir, 'btc2.csv', DAILY), { symbol: 'BTC', assetClass: 'equity' })).rejects.toMatchObject({ code: 'ASSET_CLASS_CONFLICT' });
    expect((await ingest(s, writeText(dir, 'btc3.csv', DAILY), { symbol: 'BTC', assetClass: undefined })).assetClass).toBe('crypto');
    await s.close();
  });

  it('redoes the merge when another writer changed the series in between', async () => {
    const path = join(dir, 'race.db');
    const a = SqliteStore.open(path);
    const b = SqliteStore.open(path);
    await ingest(a, writeText(dir, 'base.csv', DAILY));
    // a store whose first write is preceded by someone else's write of other bars
    let raced = false;
    const racing = new Proxy(a, {
      get(target, prop, receiver) {
        if (prop === 'saveSeries' && !raced) {
          return async (w: Parameters<SqliteStore['saveSeries']>[0]) => {
            raced = true;
            await ingest(b, writeText(dir, 'other.csv', 'timestamp,open,high,low,close,volume\n2020-01-08,1,1,1,1,1\n'));
            return target.saveSeries(w);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const r = await ingest(racing, writeText(dir, 'mine.csv', 'timestamp,open,high,low,close,volume\n2020-01-07,1,1,1,1,1\n'));
    expect(raced).toBe(true);
    expect(r.rowsStored).toBe(5);
    const stored = (await a.loadBars('TEST', '1d'))!;
    expect(Array.from(stored.time).map((t) => new Date(t - 1).toISOString().slice(0, 10))).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
    await a.close();
    await b.close();
  });

  it('refuses bars that would break the spacing of the stored series', async () => {
    const s = store();
    await ingest(s, writeText(dir, 'h1.csv', 'timestamp,open,high,low,close,volume\n2020-01-02T10:00:00Z,1,1,1,1,1\n2020-01-02T11:00:00Z,1,1,1,1,1\n'), { interval: '1h' });
    const offset = writeText(dir, 'h2.csv', 'timestamp,open,high,low,close,volume\n2020-01-02T11:30:00Z,1,1,1,1,1\n2020-01-02T12:30:00Z,1,1,1,1,1\n');
    await expect(ingest(s, offset, { interval: '1h' })).rejects.toMatchObject({ code: 'DATA_INTERVAL_MISMATCH' });
    expect((await s.getSeries('TEST', '1h'))!.rows).toBe(2);
    await s.close();
  });

  it('--repair drops offending rows, keeps the rest and reports each dropped row', async () => {
    const f = writeText(dir, 'dirty.csv', `timestamp,open,high,low,close,volume
2020-01-02,10,11,9,10.5,100
2020-01-03,10.5,10,10,11,200
2020-01-06,11,11.5,10.5,11.2,-5
2020-01-06,11,11.5,10.5,11.2,150
2020-01-07,11,11.5,10.5,abc,150
2020-01-08,11,11.5,10.5,11.3,150
`);
    expect(() => prepareIngest(ingestOptions(f))).toThrow(expect.objectContaining({ code: 'DATA_HIGH_BELOW_OPEN_CLOSE', details: expect.objectContaining({ row: 3, total: 3 }) }));
    const s = store();
    const r = await ingest(s, f, { repair: true });
    expect(r.rowsDropped).toBe(3);
    expect(r.dropped.map((p) => [p.row, p.code])).toEqual([
      [3, 'DATA_HIGH_BELOW_OPEN_CLOSE'],
      [4, 'DATA_NEGATIVE_VOLUME'],
      [6, 'DATA_NOT_NUMERIC'],
    ]);
    // the second 2020-01-06 row is kept: the first one was dropped, so it is no duplicate
    expect(Array.from((await s.loadBars('TEST', '1d'))!.close)).toEqual([10.5, 11.2, 11.3]);
    await s.close();
  });
});
