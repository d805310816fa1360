import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../src/backtest/run-backtest.js';
import { TimeZone } from '../src/core/timezone.js';
import { synthesize } from '../src/data/synth.js';
import { writeBars } from '../src/data/write-bars.js';
import { startApiServer } from '../src/api/server.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { LoadJob, LoadResult } from './api-load.js';
import { printBench } from './measure.js';

const SYMBOL = 'BENCH';
const BARS = 200_000;
const RUNS = 50;
/** Bars each recorded run covers: short windows keep the set-up quick and the store small. */
const RUN_BARS = 4_000;
const CONNECTIONS = 10;
const TARGET_MS = 20;
/** Far above the load, so the rate limiter (default 6,000 a minute per address) is not what is measured. */
const RATE_LIMIT = 1_000_000_000;
const WARMUP_SECONDS = 3;

/** The load generator, compiled: a child process cannot start from a .ts file. */
function loaderPath(): string {
  return fileURLToPath(import.meta.url.endsWith('.ts') ? new URL('../dist/bench/api-load.js', import.meta.url) : new URL('./api-load.js', import.meta.url));
}

/** One steady-rate load in a second process, so that it does not share the server's event loop. */
function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(loaderPath(), [JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
    let result: LoadResult | null = null;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`the load generator for ${job.url} exited with code ${code} and no result`))));
  });
}

/** A store with 200,000 synthetic minute bars of BENCH, 50 recorded sma-cross runs and a viewer key. */
async function fillStore(dbPath: string): Promise<{ key: string; middle: number }> {
  const store = SqliteStore.open(dbPath);
  try {
    const bars = synthesize({ symbol: SYMBOL, interval: '1m', bars: BARS, seed: 7 });
    await writeBars(store, bars, { assetClass: 'crypto', timezone: new TimeZone('UTC'), source: 'bench: synth' });
    const step = Math.floor((BARS - RUN_BARS) / RUNS);
    for (let k = 0; k < RUNS; k++) {
      const first = k * step;
      await runBacktest(store, {
        strategy: 'sma-cross',
        params: { fast: 2 + (k % 10), slow: 30 + 5 * Math.floor(k / 10) },
        symbols: [SYMBOL],
        interval: '1m',
        from: bars.time[first],
        to: bars.time[first + RUN_BARS - 1],
        randomSeeds: 10,
      });
    }
    const { key } = store.keys().create('viewer', 'api latency bench', 'bench');
    return { key, middle: bars.time[BARS >> 1] };
  } finally {
    await store.close();
  }
}

/** Each route must answer what it says before its speed means anything. */
async function checkAnswers(base: string, headers: Record<string, string>, runsPath: string, barsPath: string, middle: number): Promise<void> {
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const runs = (await get(runsPath)) as unknown[];
  if (runs.length !== RUNS) throw new Error(`GET ${runsPath} listed ${runs.length} runs, expected ${RUNS}`);
  const page = (await get(barsPath)) as { bars: { time: number }[] };
  if (page.bars.length !== 1000 || page.bars[0].time < middle) throw new Error(`GET ${barsPath} gave ${page.bars.length} bars from ${page.bars[0]?.time}, expected 1000 from ${middle}`);
}

function line(name: string, what: string, job: LoadJob, r: LoadResult, base: LoadResult) {
  const expected = job.rate * job.seconds;
  return {
    benchmark: name,
    figure: r.p99Ms,
    unit: `ms p99 (${what}) at ${job.rate} req/s for ${job.seconds} s over ${job.connections} connections, from a second process`,
    baseline: base.p99Ms,
    baselineName: 'GET /healthz (public, no work), same load, same run',
    ratio: +(r.p99Ms / base.p99Ms).toFixed(2),
    target: `p99 < ${TARGET_MS} ms, zero errors and non-2xx, at least 95 % of rate × seconds answered`,
    pass: r.p99Ms < TARGET_MS && r.errors === 0 && r.non2xx === 0 && r.requests >= 0.95 * expected,
    runs: 1,
    warmup: 1,
    p50Ms: r.p50Ms,
    p90Ms: r.p90Ms,
    p99Ms: r.p99Ms,
    maxMs: r.maxMs,
    requests: r.requests,
    expectedRequests: expected,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: r.statusCodes,
    baselineP50Ms: base.p50Ms,
    baselineP99Ms: base.p99Ms,
    baselineMaxMs: base.maxMs,
    baselineRequests: base.requests,
    rateLimitPerMinute: RATE_LIMIT,
    note: 'rate limit raised so the limiter is not what is measured; open-loop load, each request timed from when it was due',
  };
}

/**
 * API latency under load (issue 7): `GET /api/v1/runs` and a 1,000-bar page of
 * `GET /api/v1/assets/BENCH/bars` at a fixed rate from a load generator in a second process on
 * loopback, against the same load on `GET /healthz`. BENCH_API_SECONDS and BENCH_API_RATE
 * shorten it for a quick look.
 */
export async function benchApiLatency(dir: string): Promise<void> {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 20);
  const rate = Number(process.env.BENCH_API_RATE ?? 500);
  const dbPath = join(dir, 'api-latency.db');
  const { key, middle } = await fillStore(dbPath);
  const server = await startApiServer({ dbPath, port: 0, rateLimit: RATE_LIMIT, webRoot: null });
  try {
    const headers = { authorization: `Bearer ${key}` };
    const runsPath = '/api/v1/runs';
    const barsPath = `/api/v1/assets/${SYMBOL}/bars?interval=1m&from=${middle}&limit=1000`;
    await checkAnswers(server.url, headers, runsPath, barsPath, middle);
    const job = (path: string, s: number): LoadJob => ({ url: server.url + path, headers, rate, seconds: s, connections: CONNECTIONS });
    // Untimed rounds first, so every route is measured with optimised code.
    for (const path of ['/healthz', runsPath, barsPath]) await load(job(path, WARMUP_SECONDS));
    const base = await load(job('/healthz', seconds));
    const runs = await load(job(runsPath, seconds));
    const page = await load(job(barsPath, seconds));
    printBench(line(`api_latency_runs_list_${RUNS}_runs`, `GET ${runsPath}, ${RUNS} recorded runs`, job(runsPath, seconds), runs, base));
    printBench(line(`api_latency_bars_page_1000_of_${BARS}`, `GET a 1,000-bar page from the middle of ${BARS} minute bars`, job(barsPath, seconds), page, base));
  } finally {
    await server.close();
  }
}
