import { synthesize } from '../src/data/synth.js';
import { benchFeatures } from './features.js';

/**
 * The feature benchmarks alone (`npm run bench` runs them after ingest and load), after tsc:
 * `node dist/bench/features-run.js`. For a few kernels: BENCH_FEATURES=sma_20,rsi_14; to give
 * technicalindicators fewer bars (0: skip it): BENCH_TI_BARS=100000; BENCH_ROWS and BENCH_RUNS
 * as for `npm run bench`.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const only = process.env.BENCH_FEATURES?.split(',').map((s) => s.trim()).filter(Boolean);

const bars = synthesize({ symbol: 'BENCH', interval: '1m', bars: ROWS, seed: 1 });
const ref = synthesize({ symbol: 'REF', interval: '1m', bars: ROWS, seed: 2 }).close;
await benchFeatures(bars, ref, { runs: RUNS, tiBars: Number(process.env.BENCH_TI_BARS ?? ROWS), ...(only ? { only } : {}) });
