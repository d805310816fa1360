import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { runBacktest } from '../../../src/backtest/run-backtest.js';
import type { BarSeries } from '../../../src/core/bar-series.js';
import { MINUTE_MS } from '../../../src/core/interval.js';
import type { TradeRecord } from '../../../src/engine/trade.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { AlpacaBarsFeed } from '../../../src/trading/alpaca/bars-feed.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import { type PaperOutcome, runPaperSession } from '../../../src/trading/session/paper-runner.js';
import { loadReal, SAMPLE_DATA } from '../../helpers/real-bars.js';
import { tempDir } from '../../helpers/tmp.js';
import { FakeAlpaca } from '../alpaca/fake-alpaca.js';
import type { FakeBar } from '../alpaca/fake-bars.js';
import { exitJson, killChildrenAfterAll, ok, readSession, setLimits, signal, spawnSextant, waitUntil } from '../session/session-helpers.js';

/**
 * Live bars into the kernel (`sextant paper --feed alpaca`): real FESX minute bars, the first
 * part stored (history that warms the features up), a few served by the fake Alpaca's REST API
 * (the catch-up from the stored history to the session's start: features only, not traded),
 * the rest pushed one by one over its market-data WebSocket while the session runs. The trades
 * must be exactly those of a backtest over the live bars; stopped half way and restarted, the
 * session re-runs its journaled bars and goes on with the feed to the same trades. A bar that
 * arrives late holds new orders (DATA_STALE).
 */

killChildrenAfterAll();

const fesx: BarSeries = loadReal(join(SAMPLE_DATA, 'FESX_1m.csv'));
const HISTORY = 100;
const WARM = 10;
const LIVE = 150;
/** The first run of a session stops after this many live bars; the restart takes the rest. */
const FIRST = 70;

/** Start of the first stretch of HISTORY + WARM + LIVE minute bars without a missing minute (so no gap hold can differ from the backtest). */
function contiguousStretch(): number {
  const need = HISTORY + WARM + LIVE;
  let run = 1;
  for (let i = 1; i < fesx.length; i++) {
    run = fesx.time[i] - fesx.time[i - 1] === MINUTE_MS ? run + 1 : 1;
    if (run === need && i + 1 - need > 500) return i + 1 - need;
  }
  throw new Error('no stretch of contiguous minutes in FESX_1m');
}

const a = contiguousStretch();
const first = a + HISTORY; // first bar served by the fake
const live0 = first + WARM; // first live bar
const end = live0 + LIVE;
const close = (i: number) => fesx.time[i];
const wire = (i: number): FakeBar => ({ t: close(i) - MINUTE_MS, o: fesx.open[i], h: fesx.high[i], l: fesx.low[i], c: fesx.close[i], v: fesx.volume[i] });
const csvOf = (to: number) => ['timestamp,open,high,low,close,volume', ...Array.from({ length: to }, (_, i) => `${new Date(close(i)).toISOString()},${fesx.open[i]},${fesx.high[i]},${fesx.low[i]},${fesx.close[i]},${fesx.volume[i]}`)].join('\n');

const CONFIG = { strategy: 'sma-cross', params: { fast: 5, slow: 20 }, symbols: ['FESX'], interval: '1m', randomSeeds: 2 };

/** Trades without bar indices (the live range also holds the warm-up bars, so indices are shifted). */
const comparable = (t: readonly TradeRecord[]) => t.map(({ entryBar: _e, exitBar: _x, ...rest }) => rest);

function storeWith(name: string, bars: number): string {
  const dir = tempDir('sextant-live-feed-');
  const csv = join(dir, `FESX_${bars}.csv`);
  writeFileSync(csv, csvOf(bars));
  const db = join(dir, name);
  ok(db, ['ingest', csv, '--symbol', 'FESX', '--interval', '1m', '--asset-class', 'future', '--stamp', 'close']);
  setLimits(db, ['maxDrawdownPct=off', 'dailyLossPct=off', 'circuitBreaker.consecutiveLosses=off', 'circuitBreaker.lossRateThreshold=off']);
  return db;
}

describe('a session on a live feed (the fake Alpaca market data)', () => {
  let fake: FakeAlpaca;
  let reference: TradeRecord[];
  /** One market per test: the fake keeps every bar pushed to it as history. */
  beforeEach(async () => {
    fake = await FakeAlpaca.start();
  });
  afterEach(async () => fake.stop());
  beforeAll(async () => {
    // The reference: a backtest over the same live bars, with the whole series stored.
    const full = await SqliteStore.open(storeWith('full.db', end));
    try {
      reference = (await runBacktest(full, { ...CONFIG, from: close(live0), to: close(end - 1) })).trades;
    } finally {
      await full.close();
    }
    expect(reference.length).toBeGreaterThan(3);
  });

  /**
   * Runs the session while the bars [from, to) are pushed one by one, each when the session has
   * stepped the one before, the wall clock `lag` ms after the bar's close; then stops it. The
   * session starts (at its first run) a second after bar `from - 1` closed.
   */
  async function session(db: string, name: string, from: number, to: number, lag = 1_000, capacity?: number): Promise<PaperOutcome> {
    let now = close(from - 1) + 1_000;
    const store = await SqliteStore.open(db);
    const stop = new AbortController();
    let steps = 0;
    try {
      const running = runPaperSession(store, {
        session: name,
        config: CONFIG,
        speed: 'max',
        approval: false,
        approvalTtlSec: 60,
        stop: stop.signal,
        onTick: () => steps++,
        live: { name: 'alpaca', now: () => now, capacity, open: (after) => new AlpacaBarsFeed({ config: alpacaConfigFromEnv(fake.env()), symbols: ['FESX'], interval: '1m', start: after + 1 - MINUTE_MS, live: true, now: () => now }) },
      });
      let failed = false;
      running.catch(() => (failed = true));
      await waitUntil('the market-data subscription', () => fake.streamClients().data > 0, 10_000, 5);
      const rerun = steps;
      for (let i = from; i < to && !failed; i++) {
        now = close(i) + lag;
        fake.pushBar('FESX', wire(i));
        await waitUntil(`the session to step bar ${i - from}`, () => steps >= rerun + i - from + 1 || failed, 10_000, 2);
      }
      stop.abort();
      return await running;
    } finally {
      await store.close();
    }
  }

  test('live bars make exactly the backtest trades; stopped and restarted, the session re-runs its journal and goes on', async () => {
    const db = storeWith('live.db', first);
    fake.addBars('FESX', '1Min', Array.from({ length: WARM }, (_, k) => wire(first + k)));
    const one = await session(db, 'live', live0, live0 + FIRST);
    expect(one.finished).toBe(false);
    expect(one.ticks).toBe(FIRST);
    expect(one.differences).toEqual([]);
    // The catch-up bars warmed the features and were not traded; every bar is in the journal.
    const events = readSession(db, 'live').events;
    const bars = events.filter((e) => e.kind === 'bar');
    expect(bars.filter((e) => e.data.warm).map((e) => e.data.time)).toEqual(Array.from({ length: WARM }, (_, k) => close(first + k)));
    expect(bars.filter((e) => !e.data.warm).map((e) => e.data.time)).toEqual(Array.from({ length: FIRST }, (_, k) => close(live0 + k)));

    const two = await session(db, 'live', live0 + FIRST, end);
    expect(two.resumed).toBe(true);
    expect(two.ticks).toBe(LIVE);
    expect(two.differences).toEqual([]);
    expect(comparable(two.engine.ledger.closedTrades.records(['FESX']))).toEqual(comparable(reference));
    expect(two.book.orders.size).toBeGreaterThan(0);
    expect([...two.book.orders.values()].every((o) => o.state === 'filled')).toBe(true);
  });

  test('bars that arrive late hold new orders: every order is denied DATA_STALE, nothing fills', async () => {
    const db = storeWith('stale.db', first);
    // The wall clock runs ten minutes behind each bar's close (the default limit is 2 intervals + 60 s).
    const out = await session(db, 'stale', first, first + 80, 10 * MINUTE_MS);
    const orders = [...out.book.orders.values()];
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.state === 'denied' && o.code === 'DATA_STALE')).toBe(true);
    expect(out.engine.ledger.closedTrades.length).toBe(0);
  });

  test('sextant paper --feed alpaca: the catch-up bars warm up, a bar closing after the start is stepped, SIGTERM stops it cleanly', async () => {
    const db = storeWith('cli.db', first);
    fake.addBars('FESX', '1Min', Array.from({ length: WARM }, (_, k) => wire(first + k)));
    const child = spawnSextant(db, ['paper', '--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20', '--symbol', 'FESX', '--interval', '1m', '--feed', 'alpaca', '--session', 'cli', '--json'], fake.env());
    const bars = () => readSession(db, 'cli').events.filter((e) => e.kind === 'bar');
    await waitUntil('the catch-up bars in the journal', () => bars().length === WARM || child.proc.exitCode !== null, 30_000);
    expect(bars().every((e) => e.data.warm === true)).toBe(true);
    await waitUntil('the market-data subscription', () => fake.streamClients().data > 0, 10_000);
    // A minute that closes after the session started (its close is a minute from now): live, so stepped.
    const t = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    fake.pushBar('FESX', { t, o: 4000, h: 4001, l: 3999, c: 4000.5, v: 10 });
    await waitUntil('the live bar to be stepped', () => readSession(db, 'cli').record!.cursorTick === 1 || child.proc.exitCode !== null, 30_000);
    signal(child, 'SIGTERM');
    const exit = await child.done;
    expect(exit.code, exit.stderr).toBe(0);
    const out = exitJson(exit);
    expect(out).toMatchObject({ session: 'cli', finished: false, ticks: 1, total_ticks: null });
    expect(bars().map((e) => e.data.warm)).toEqual([...Array(WARM).fill(true), false]);
    expect(bars().at(-1)!.data).toMatchObject({ symbol: 'FESX', time: t + MINUTE_MS, close: 4000.5 });
  }, 60_000);

  test('a live session that fills its room stops with LIVE_CAPACITY_FULL and goes on after a restart, nothing lost or repeated', async () => {
    const db = storeWith('cap.db', live0);
    // Room for 20 bars: the 21st is refused and the session stops with the error.
    await expect(session(db, 'cap', live0, live0 + 30, 1_000, 20)).rejects.toMatchObject({ code: 'LIVE_CAPACITY_FULL' });
    const stepped = () => readSession(db, 'cap').events.filter((e) => e.kind === 'bar').map((e) => e.data.time);
    expect(stepped()).toEqual(Array.from({ length: 20 }, (_, k) => close(live0 + k)));
    // The restart has room for the journaled bars and 20 more. The feed brings what closed after the last journaled bar
    // (the refused 21st, pushed before the stop), then the bars pushed from here on.
    await session(db, 'cap', live0 + 21, live0 + 35, 1_000, 20);
    expect(stepped()).toEqual(Array.from({ length: 35 }, (_, k) => close(live0 + k)));
  });
});
