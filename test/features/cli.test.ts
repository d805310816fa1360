import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/features/compute.js';
import { featureSetFromList } from '../../src/features/feature-set.js';
import { sextant, sextantJson } from '../helpers/cli.js';
import { googDaily, SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir, writeText } from '../helpers/tmp.js';

const dir = tempDir();
const db = join(dir, 'features.db');
const GOOG = join(SAMPLE_DATA, 'GOOG_1d.csv');
const FEATURES = 'sma_20,ema_10,rsi_14,macd_12_26_9,macd_hist_12_26_9,bb_pctb_20_2,atr_14,day_of_week';

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

describe('sextant features (the real binary)', () => {
  it('ingests GOOG for the tests below', () => {
    expect(sextant(['ingest', GOOG, '--symbol', 'GOOG', '--interval', '1d', '--db', db]).status).toBe(0);
  });

  it('lists every feature with parameters, warm-up and version, as a table and as JSON', () => {
    const table = sextant(['features', 'list']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/macd\s+momentum\s+macd_12_26_9 macd_signal_12_26_9 macd_hist_12_26_9/);
    const { json } = sextantJson<{ family: string; version: number; warmup: string; params: unknown[] }[]>(['features', 'list']);
    expect(json.find((f) => f.family === 'sma')).toMatchObject({ version: 1, warmup: 'n − 1', params: [{ name: 'n', default: 20 }] });
  });

  it('writes a CSV of exactly the library values: timestamp, one column per feature, empty cells for NaN', () => {
    const out = join(dir, 'goog-features.csv');
    const r = sextantJson<{ rows: number; featureSetHash: string; features: { name: string; version: number }[] }>(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', FEATURES, '--out', out, '--db', db]);
    expect(r.status).toBe(0);
    const set = featureSetFromList(FEATURES);
    expect(r.json.featureSetHash).toBe(set.hash);
    expect(r.json.features.map((f) => f.name)).toEqual(set.features.map((f) => f.name));
    const bars = googDaily();
    const expected = computeFeatures(bars, set.features, { interval: '1d', timezone: 'UTC' });
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['timestamp', ...set.features.map((f) => f.name)]);
    expect(rows.length).toBe(bars.length);
    expect(rows[0][0]).toBe('2004-08-19');
    rows.forEach((row, i) => {
      expected.forEach((col, k) => {
        const cell = row[k + 1];
        if (Number.isNaN(col[i])) expect(cell).toBe('');
        else expect(Number(cell)).toBe(col[i]);
      });
    });
  });

  it('reads a feature-set YAML file, and caches columns in the store with --store', () => {
    const setFile = writeText(dir, 'set.yaml', `name: momentum\nfeatures:\n  - rsi_14\n  - feature: sma_20\n`);
    const first = sextantJson<{ cachedColumns: number }>(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--set', setFile, '--out', join(dir, 'a.csv'), '--store', '--db', db]);
    const second = sextantJson<{ cachedColumns: number }>(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--set', setFile, '--out', join(dir, 'b.csv'), '--store', '--db', db]);
    expect([first.json.cachedColumns, second.json.cachedColumns]).toEqual([0, 2]);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
  });

  it('computes a --from/--to range with the warm-up taken from earlier bars (the rows equal those of the full run)', () => {
    const full = parseCsv(sextant(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'sma_20,rsi_14', '--db', db]).stdout);
    const part = parseCsv(sextant(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'sma_20,rsi_14', '--from', '2005-01-03', '--to', '2005-01-31', '--db', db]).stdout);
    const start = full.rows.findIndex((r) => r[0] === '2005-01-03');
    expect(part.rows.length).toBe(20);
    expect(part.rows).toEqual(full.rows.slice(start, start + 20));
    expect(part.rows[0][1]).not.toBe('');
  });

  it('refuses unknown features and bad parameters (exit 2), and writes nothing', () => {
    const out = join(dir, 'never.csv');
    const bad = sextantJson<{ error: { code: string; message: string } }>(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'sma_20,rsii_14', '--out', out, '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.json.error.code).toBe('FEATURE_UNKNOWN');
    const range = sextant(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'rsi_0', '--out', out, '--db', db]);
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/FEATURE_PARAM_INVALID.*rsi_0/);
    const missing = sextantJson<{ error: { code: string } }>(['features', 'compute', '--symbol', 'NOPE', '--interval', '1d', '--features', 'sma_20', '--out', out, '--db', db]);
    expect([missing.status, missing.json.error.code]).toEqual([1, 'SERIES_NOT_FOUND']);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('alternative data (sextant ingest-series, alt@NAME)', () => {
  const cpi = writeText(
    dir,
    'cpi.csv',
    [
      'observation_date,realtime_start,value',
      '2004-08-01,2004-09-17,189.5',
      '2004-09-01,2004-10-19,189.9',
      '2004-10-01,2004-11-17,190.9',
      '2004-09-01,2004-11-17,190.0', // a revision of September, published with October's print
    ].join('\n') + '\n',
  );

  it('stores a series with publication times and joins it as-of each bar close, never earlier', () => {
    const r = sextantJson<{ added: number; rows: number }>(['ingest-series', cpi, '--name', 'cpi_us', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ rows: 4, added: 4 });
    const again = sextantJson<{ added: number; unchanged: number }>(['ingest-series', cpi, '--name', 'cpi_us', '--db', db]);
    expect(again.json).toMatchObject({ added: 0, unchanged: 4 });
    const { header, rows } = parseCsv(sextant(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'alt@cpi_us', '--to', '2004-11-30', '--db', db]).stdout);
    expect(header).toEqual(['timestamp', 'alt@cpi_us']);
    const at = (date: string) => rows.find((row) => row[0] === date)?.[1];
    // A date-only publication is known by the end of that day: the daily bar of the release day sees it.
    expect([at('2004-09-16'), at('2004-09-17'), at('2004-10-18'), at('2004-10-19'), at('2004-11-16'), at('2004-11-17')]).toEqual(['', '189.5', '189.5', '189.9', '189.9', '190.9']);
  });

  it('refuses a file with no publication time unless the lag is said, and a bad value with its row and column', () => {
    const noPub = writeText(dir, 'sent.csv', 'date,sentiment\n2004-09-01,0.5\n2004-09-02,0.25\n');
    const r = sextantJson<{ error: { code: string; message: string } }>(['ingest-series', noPub, '--name', 'sent', '--db', db]);
    expect([r.status, r.json.error.code]).toEqual([1, 'CSV_MISSING_COLUMN']);
    expect(r.json.error.message).toMatch(/--publication-lag/);
    expect(sextant(['ingest-series', noPub, '--name', 'sent', '--publication-lag', '1d', '--db', db]).status).toBe(0);
    const badValue = writeText(dir, 'bad.csv', 'date,published,value\n2004-09-01,2004-09-02,1.5\n2004-09-02,2004-09-03,abc\n');
    const b = sextantJson<{ error: { code: string; message: string; details: { row: number } } }>(['ingest-series', badValue, '--name', 'bad', '--db', db]);
    expect(b.json.error.code).toBe('DATA_NOT_NUMERIC');
    expect(b.json.error.message).toContain("row 3, column 'value': 'abc'");
    const list = sextantJson<{ error: { code: string } }>(['features', 'compute', '--symbol', 'GOOG', '--interval', '1d', '--features', 'alt@bad', '--db', db]);
    expect(list.json.error.code).toBe('ALT_SERIES_NOT_FOUND');
  });

  it('refuses a changed value unless --overwrite, which the audit log records', () => {
    const changed = writeText(dir, 'cpi2.csv', 'observation_date,realtime_start,value\n2004-08-01,2004-09-17,189.6\n');
    const r = sextantJson<{ error: { code: string } }>(['ingest-series', changed, '--name', 'cpi_us', '--db', db]);
    expect([r.status, r.json.error.code]).toEqual([1, 'STORE_CONFLICT']);
    expect(sextant(['ingest-series', changed, '--name', 'cpi_us', '--overwrite', '--db', db]).status).toBe(0);
    const audit = sextantJson<{ action: string; subject: string }[]>(['audit', '--db', db]);
    expect(audit.json.filter((a) => a.action === 'ingest-series' && a.subject === 'cpi_us').length).toBe(2);
  });
});
