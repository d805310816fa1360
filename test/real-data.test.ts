import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AssetClass } from '../src/core/instrument.js';
import { type Interval, isCalendarInterval, parseInterval } from '../src/core/interval.js';
import { applyIngest, prepareIngest } from '../src/data/ingest.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { ingestOptions } from './helpers/ingest.js';
import { tempDir } from './helpers/tmp.js';

const SHARED = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../examples/data/', import.meta.url));
const hasShared = existsSync(SHARED);
if (!hasShared) console.warn(`[real-data] ${SHARED} is absent: testing only the copies in examples/data`);

const ASSET_CLASS: Record<string, AssetClass> = { BTCUSD: 'crypto', EURUSD: 'forex', FESX: 'future' };

/** The label a bar with this raw file timestamp gets, worked out from the text alone. */
function expectedLabel(raw: string, iv: Interval): string {
  if (iv === '1mo') return raw.slice(0, 7);
  if (isCalendarInterval(iv)) return raw.slice(0, 10);
  return raw.replace('Z', '.000Z'); // read with --stamp close: the label is the file's time
}

function csvFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^[A-Z0-9]+_\w+\.csv$/.test(f)).sort() : [];
}

const dir = tempDir();

describe.each([
  ['shared', SHARED, csvFiles(SHARED)],
  ['examples', SAMPLES, csvFiles(SAMPLES)],
])('real OHLCV files in %s', (_name, base, files) => {
  it.skipIf(files.length === 0)('has files to test', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s ingests cleanly with the right row count and range', async (file) => {
    const [symbol, ivText] = file.replace('.csv', '').split('_');
    const interval = parseInterval(ivText);
    const lines = readFileSync(join(base, file), 'utf8').trim().split('\n');
    const firstRaw = lines[1].split(',')[0];
    const lastRaw = lines[lines.length - 1].split(',')[0];
    const store = SqliteStore.open(join(dir, `${_name}-${symbol}-${interval}.db`));
    const report = await applyIngest(store, prepareIngest(ingestOptions(join(base, file), { symbol, interval, assetClass: ASSET_CLASS[symbol] ?? 'equity', stamp: 'close' })));
    expect(report).toMatchObject({ outcome: 'created', rowsRead: lines.length - 1, rowsAdded: lines.length - 1, rowsDropped: 0 });
    expect(report.first).toBe(expectedLabel(firstRaw, interval));
    expect(report.last).toBe(expectedLabel(lastRaw, interval));
    const info = (await store.listSeries())[0];
    expect(info).toMatchObject({ symbol, interval, rows: lines.length - 1 });
    await store.close();
  });
});

describe.skipIf(!hasShared)('real data against independent counts (shared/data/README.md)', () => {
  it('FESX_1m has 725 intra-session gaps, as the data notes count', async () => {
    const store = SqliteStore.open(join(dir, 'fesx-gaps.db'));
    const r = await applyIngest(store, prepareIngest(ingestOptions(join(SHARED, 'FESX_1m.csv'), { symbol: 'FESX', interval: '1m', assetClass: 'future', stamp: 'close' })));
    expect(r.warnings.gaps).toBe(725);
    expect((await store.getSeries('FESX', '1m'))!.gaps).toBe(725);
    await store.close();
  });

  it('the sample copies in examples/data are byte-identical to the shared files', () => {
    for (const f of csvFiles(SAMPLES)) expect(readFileSync(join(SAMPLES, f)).equals(readFileSync(join(SHARED, f))), f).toBe(true);
  });
});
