import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseParamSpace } from '../src/backtest/sweep/param-space.js';
import { type SweepInput, runSweep } from '../src/backtest/sweep/sweep.js';
import { TimeZone } from '../src/core/timezone.js';
import { applyIngest, prepareIngest } from '../src/data/ingest.js';
import { synthesize } from '../src/data/synth.js';
import { writeBars } from '../src/data/write-bars.js';
import type { Store } from '../src/store/store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { printBench, timeAgainstBaseline } from './measure.js';

const GOOG = fileURLToPath(new URL('../../examples/data/GOOG_1d.csv', import.meta.url));
const UTC = new TimeZone('UTC');

/** fast 2…26 × slow 30…69: 25 × 40 = 1,000 combinations, every one valid (fast < slow). */
const SPACE = parseParamSpace(['fast=2:26:1', 'slow=30:69:1']);

/** Whole sweeps (trials, DSR and PBO, the record) with every core against one lane, medians of `runs`. */
async function speedUp(store: Store, name: string, symbol: string, interval: string, runs: number): Promise<void> {
  const input: SweepInput = { run: { strategy: 'sma-cross', symbols: [symbol], interval }, space: SPACE, search: 'grid', objective: 'sharpe' };
  const cores = availableParallelism();
  let trials = 0;
  const { figureMs, baselineMs } = await timeAgainstBaseline(
    runs,
    async () => {
      trials = (await runSweep(store, input, { workers: cores })).outcome.trials.length;
    },
    () => runSweep(store, input, { workers: 1 }),
  );
  if (trials !== 1000) throw new Error(`the sweep ran ${trials} trials, expected 1000`);
  const ratio = baselineMs / figureMs;
  printBench({
    benchmark: name,
    figure: +(figureMs / 1000).toFixed(3),
    unit: `s with ${cores} workers`,
    baseline: +(baselineMs / 1000).toFixed(3),
    baselineName: '--workers 1 (every trial in the main thread)',
    ratio: +ratio.toFixed(3),
    target: 'speed-up >= 1.6 on 2 cores',
    pass: ratio >= 1.6,
    runs,
  });
}

/**
 * The 1,000-combination sma-cross sweep with all cores and with one lane: on the GOOG daily
 * sample (2,148 bars, as specified), and on 20,000 synthetic hourly bars, where each trial
 * costs about ten times more and the serial part (worker start-up, PBO) weighs less.
 */
export async function benchSweep(dir: string, runs: number): Promise<void> {
  const store = SqliteStore.open(join(dir, 'sweep.db'));
  try {
    await applyIngest(store, prepareIngest({ file: GOOG, symbol: 'GOOG', interval: '1d', timezone: UTC, stamp: 'open' }));
    await speedUp(store, 'sweep_1000_combos_goog_1d', 'GOOG', '1d', runs);
    await writeBars(store, synthesize({ symbol: 'SYN', interval: '1h', bars: 20_000, seed: 3 }), { assetClass: 'crypto', timezone: UTC, source: 'bench: synth' });
    await speedUp(store, 'sweep_1000_combos_synth_20000_1h', 'SYN', '1h', runs);
  } finally {
    await store.close();
  }
}
