import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TimeZone } from '../src/core/timezone.js';
import { seriesToCsv } from '../src/data/export-csv.js';
import { applyIngest, prepareIngest } from '../src/data/ingest.js';
import { synthesize } from '../src/data/synth.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { benchBacktest } from './backtest.js';
import { benchSweep } from './backtest-sweep.js';
import { benchTickToTrade } from './tick-to-trade.js';
import { benchApiLatency } from './api-latency.js';
import { benchFeatures } from './features.js';
import { benchTreeShap } from './treeshap.js';
import { benchGbdt } from './gbdt.js';
import { printBench, timeAgainstBaseline } from './measure.js';

/**
 * `npm run bench`: one JSON line per benchmark, each with a baseline measured in the same run.
 * ROWS can be lowered for a quick look: BENCH_ROWS=100000 npm run bench.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'sextant-bench-'));

try {
  const bars = synthesize({ symbol: 'BENCH', interval: '1m', bars: ROWS, seed: 1 });
  const csv = join(dir, 'bench_1m.csv');
  writeFileSync(csv, seriesToCsv(bars));

  // Ingest vs. the least any CSV reader must do: read the file and split lines and fields.
  let run = 0;
  const { figureMs: ingestMs, baselineMs } = await timeAgainstBaseline(
    RUNS,
    async () => {
      const store = SqliteStore.open(join(dir, `ingest-${run++}.db`));
      const prepared = prepareIngest({ file: csv, symbol: 'BENCH', interval: '1m', assetClass: 'crypto', timezone: new TimeZone('UTC'), stamp: 'open' });
      await applyIngest(store, prepared);
      await store.close();
    },
    () => {
      let fields = 0;
      for (const line of readFileSync(csv, 'utf8').split('\n')) fields += line.split(',').length;
      if (fields < ROWS) throw new Error('baseline read too little');
    },
  );
  const ingestRate = ROWS / (ingestMs / 1000);
  const baselineRate = ROWS / (baselineMs / 1000);
  printBench({
    benchmark: `ingest_csv_${ROWS}_rows`,
    figure: Math.round(ingestRate),
    unit: 'rows/s',
    baseline: Math.round(baselineRate),
    baselineName: 'read file + split lines and fields',
    ratio: +(ingestRate / baselineRate).toFixed(3),
    target: 'ratio >= 0.25',
    pass: ingestRate / baselineRate >= 0.25,
    runs: RUNS,
  });

  // Load into a BarSeries vs. the obvious design: one SQLite row per bar, read into typed arrays.
  const rowDb = new Database(join(dir, 'rows.db'));
  rowDb.pragma('journal_mode = WAL');
  rowDb.exec('CREATE TABLE bars (series_id INTEGER, time INTEGER, open REAL, high REAL, low REAL, close REAL, volume REAL, PRIMARY KEY (series_id, time)) WITHOUT ROWID');
  const insert = rowDb.prepare('INSERT INTO bars VALUES (1, ?, ?, ?, ?, ?, ?)');
  rowDb.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
  })();
  const select = rowDb.prepare('SELECT time, open, high, low, close, volume FROM bars WHERE series_id = 1 ORDER BY time').raw();
  const store = SqliteStore.open(join(dir, 'ingest-0.db'));
  let loaded = 0;
  const { figureMs: loadMs, baselineMs: rowMs } = await timeAgainstBaseline(
    RUNS * 2,
    async () => {
      loaded = (await store.loadBars('BENCH', '1m'))!.length;
    },
    () => {
      const cols = Array.from({ length: 6 }, () => new Float64Array(ROWS));
      let i = 0;
      for (const r of select.iterate() as IterableIterator<number[]>) {
        for (let c = 0; c < 6; c++) cols[c][i] = r[c];
        i++;
      }
    },
  );
  if (loaded !== ROWS) throw new Error(`loaded ${loaded} bars, expected ${ROWS}`);
  await store.close();
  rowDb.close();
  const loadRate = ROWS / (loadMs / 1000);
  const rowRate = ROWS / (rowMs / 1000);
  printBench({
    benchmark: `load_${ROWS}_bars`,
    figure: Math.round(loadRate),
    unit: 'rows/s',
    baseline: Math.round(rowRate),
    baselineName: 'one SQLite row per bar, read into typed arrays',
    ratio: +(loadRate / rowRate).toFixed(2),
    target: 'figure >= 2000000 rows/s',
    pass: loadRate >= 2_000_000,
    runs: RUNS * 2,
  });

  // Feature kernels vs. plain loops and technicalindicators, then a 40-feature set (bench/features.ts).
  const ref = synthesize({ symbol: 'REF', interval: '1m', bars: ROWS, seed: 2 }).close;
  await benchFeatures(bars, ref, { runs: RUNS, tiBars: ROWS });
  await benchBacktest(bars, RUNS);
  await benchSweep(dir, Math.min(RUNS, 3));
  await benchTickToTrade(dir);
  await benchApiLatency(dir);
  await benchTreeShap({ runs: Math.min(RUNS, 3) });
  await benchGbdt();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
