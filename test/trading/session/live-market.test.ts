import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { BacktestConfigSchema, type BacktestConfigInput } from '../../../src/backtest/config.js';
import { FeatureSource } from '../../../src/backtest/feature-source.js';
import { type MarketData, marketData } from '../../../src/backtest/market-data.js';
import { createEngine } from '../../../src/backtest/simulate.js';
import { BarSeries, lowerBound } from '../../../src/core/bar-series.js';
import { SextantError } from '../../../src/core/errors.js';
import type { EngineResult } from '../../../src/engine/engine.js';
import { mergeTimeline } from '../../../src/engine/timeline.js';
import { getStrategy, validateParams } from '../../../src/strategy/registry.js';
import type { StrategyDefinition, StrategyParams } from '../../../src/strategy/strategy.js';
import type { FeedBar } from '../../../src/trading/feeds/feed.js';
import { LiveMarket } from '../../../src/trading/session/live-market.js';
import { googDaily, hasSharedData, loadReal, SHARED_DATA } from '../../helpers/real-bars.js';

/**
 * LiveMarket against the batch path: features appended bar by bar after a history prefix equal
 * FeatureSource over the whole series, and an Engine stepped as bars arrive makes exactly the
 * trades of the same Engine run over the stored range.
 */

const TZ = 'America/New_York';
const GOOG = googDaily();

/**
 * A second daily symbol made from GOOG's real bars: about one bar in seven dropped (so the two
 * do not share every close time, and the as-of join has holes to cross) and every price of a
 * bar scaled by a slowly moving factor (returns differ, OHLC stays consistent).
 */
function partnerOf(base: BarSeries, symbol: string): BarSeries {
  const keep: number[] = [];
  for (let i = 0; i < base.length; i++) if (i % 11 !== 4 && i % 17 !== 9) keep.push(i);
  const scaled = (col: Float64Array) => Float64Array.from(keep, (i) => col[i] * (1 + 0.3 * Math.sin(i / 29)));
  return new BarSeries(symbol, base.interval, {
    time: Float64Array.from(keep, (i) => base.time[i]),
    open: scaled(base.open),
    high: scaled(base.high),
    low: scaled(base.low),
    close: scaled(base.close),
    volume: Float64Array.from(keep, (i) => base.volume[i]),
    adjClose: null,
  });
}

const PAIRS: BarSeries[][] = [[GOOG, partnerOf(GOOG, 'GOOGX')]];
if (hasSharedData) PAIRS.push([loadReal(join(SHARED_DATA, 'NVDA_1d.csv')), loadReal(join(SHARED_DATA, 'ORCL_1d.csv'))]);

/** The stored bars before `split` (history) and the backtest's view of the rest (its range starts at `split`). */
function marketsAt(series: BarSeries[], split: number): { history: MarketData; range: MarketData } {
  const lots = series.map(() => 1);
  return {
    history: marketData(series.map((b) => b.slice(0, b.lowerBound(split))), 'equity', lots, null, null),
    range: marketData(series, 'equity', lots, split, null),
  };
}

function feedBar(data: MarketData, s: number, i: number): FeedBar {
  const b = data.bars[s];
  return { symbol: data.symbols[s], time: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] };
}

/** The range's bars as a feed sends them: by close time, ties in symbol order, grouped by close time. */
function feedGroups(range: MarketData): FeedBar[][] {
  const tl = mergeTimeline(range.bars);
  const groups: FeedBar[][] = [];
  for (let e = 0; e < tl.events; e++) {
    const s = tl.symbol === null ? 0 : tl.symbol[e];
    const p = tl.point === null ? e : tl.point[e];
    (groups[p] ??= []).push(feedBar(range, s, tl.bar === null ? e : tl.bar[e]));
  }
  return groups;
}

/** Equal to 1e-12 relative (NaN only where NaN), reporting the first bar that is not. */
function expectSameColumn(got: Float64Array, want: Float64Array, label: string): void {
  expect(got.length, `${label}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const same = Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    if (!same) expect(a, `${label}: bar ${i} of ${want.length}`).toBe(b);
  }
}

describe('LiveMarket features equal FeatureSource over the whole series', () => {
  // Recursive (ema, kama, rsi, macd signal, sar), rolling (sma, zscore, atr, bb), calendar in New York time.
  const SINGLE = ['ema_20', 'kama', 'rsi_14', 'macd_signal_12_26_9', 'sar', 'sma_10', 'zscore_20', 'atr_14', 'bb_pctb_20_2', 'day_of_week'];

  test('one symbol: any split of history and live bars, features asked before and during the live bars', () => {
    const n = GOOG.length;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (k, askFraction) => {
        const { history, range } = marketsAt([GOOG], GOOG.time[k]);
        const live = new LiveMarket(history, TZ);
        const early = SINGLE.filter((_, j) => j % 2 === 0);
        for (const name of early) live.features(name);
        const bars = feedGroups(range).flat();
        const askAt = Math.floor(askFraction * bars.length);
        bars.forEach((bar, j) => {
          if (j === askAt) for (const name of SINGLE) live.features(name);
          expect(live.append(bar)).toEqual({ s: 0, i: j });
        });
        expect(live.count(0)).toBe(n - k);
        const batch = new FeatureSource(range, TZ);
        for (const name of SINGLE) expectSameColumn(live.features(name)[0].subarray(0, n - k), batch.columns(name)[0], `${name} split ${k}`);
        // Past the bars held: padding.
        expect(Array.from(live.features('ema_20')[0].subarray(n - k)).every(Number.isNaN)).toBe(true);
      }),
      { numRuns: 20, seed: 6 },
    );
  });

  test.each(PAIRS.map((p) => [p.map((b) => b.symbol).join('+'), p] as const))('two symbols, cross-asset features (%s)', (_, pair) => {
    const [a, b] = pair.map((x) => x.symbol);
    const names = [`corr_20@${b}`, `beta_20@${b}`, `corr_20@${a}`, `beta_10@${a}`, 'ema_10', 'sma_5'];
    // Appended alone, a bar sees the reference bars already held: exact for references that come first at a shared close time.
    const refFirst = names.filter((x) => !x.endsWith(`@${b}`));
    const times = Float64Array.from(new Set([...pair[0].time, ...pair[1].time])).sort();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: times.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (k, askFraction) => {
        const { history, range } = marketsAt(pair, times[k]);
        const grouped = new LiveMarket(history, TZ);
        const single = new LiveMarket(history, TZ);
        grouped.features(names[0]);
        const groups = feedGroups(range);
        const askAt = Math.floor(askFraction * groups.length);
        groups.forEach((group, g) => {
          if (g === askAt) for (const name of names) (grouped.features(name), single.features(name));
          grouped.appendAll(group);
          for (const bar of group) single.append(bar);
        });
        const batch = new FeatureSource(range, TZ);
        for (let s = 0; s < 2; s++) {
          const held = range.bars[s].time.length;
          expect(grouped.count(s)).toBe(held);
          for (const name of names) expectSameColumn(grouped.features(name)[s].subarray(0, held), batch.columns(name)[s], `${name} on ${pair[s].symbol}, split ${k}`);
          for (const name of refFirst) expectSameColumn(single.features(name)[s].subarray(0, held), batch.columns(name)[s], `${name} on ${pair[s].symbol} appended alone, split ${k}`);
        }
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  test('a reference that is not one of the symbols is refused', () => {
    const live = new LiveMarket(marketsAt([GOOG], GOOG.time[100]).history, TZ);
    expect(() => live.features('corr_20@SPY')).toThrow(expect.objectContaining({ code: 'FEATURE_REF_MISSING' }));
  });
});

// ---- the kernel over live bars ------------------------------------------------------------

const source = (live: LiveMarket) => ({ columns: (name: string) => live.features(name) }) as unknown as FeatureSource;

/** Reads `corr_20` against the other symbol and follows its direction: up → BUY, down → SELL. */
const coMovement: StrategyDefinition = {
  name: 'co-movement',
  description: 'test strategy reading a cross-asset feature',
  params: z.object({}),
  allowShort: true,
  create: () => {
    const handles: number[] = [];
    return {
      init(ctx) {
        for (const other of [...ctx.symbols].reverse()) handles.push(ctx.feature(`corr_20@${other}`));
      },
      onBar(ctx) {
        const h = handles[ctx.symbolIndex];
        const c = ctx.value(h);
        const c1 = ctx.value(h, 1);
        if (c > c1) ctx.signal('BUY');
        else if (c < c1) ctx.signal('SELL');
      },
    };
  },
};

interface KernelCase {
  def: StrategyDefinition;
  params: StrategyParams;
  config: Partial<BacktestConfigInput>;
}

const SMA: KernelCase = {
  def: getStrategy('sma-cross'),
  params: validateParams(getStrategy('sma-cross'), { fast: 10, slow: 30 }),
  config: { commission: 0.001, slippageBps: 5, slippageRange: 0.1, latencyBars: 1, sizing: 'percent', sizingValue: 0.45 },
};

function configOf(c: KernelCase, series: BarSeries[]) {
  return BacktestConfigSchema.parse({ strategy: c.def.name, params: c.params, symbols: series.map((b) => b.symbol), interval: '1d', timezone: TZ, closeAtEnd: false, ...c.config });
}

/** The backtest: one Engine run over the stored range. */
function backtest(c: KernelCase, series: BarSeries[], split: number): EngineResult {
  const { range } = marketsAt(series, split);
  return createEngine({ def: c.def, params: c.params, cfg: configOf(c, series), data: range, features: new FeatureSource(range, TZ), periodsPerYear: 252 }).run();
}

/**
 * A live session in miniature: bars arrive by close time; `grouped` appends each close time's
 * bars together and then steps them, otherwise each bar is appended and stepped before the next
 * arrives. After every step the engine's view of the other symbols is checked against the
 * definitions over the stored range: `nextFillableBar` as in the backtest, `barOf` = the latest
 * bar held that closed at or before now.
 */
function liveRun(c: KernelCase, series: BarSeries[], split: number, grouped: boolean): EngineResult {
  const { history, range } = marketsAt(series, split);
  const live = new LiveMarket(history, TZ);
  const engine = createEngine({ def: c.def, params: c.params, cfg: configOf(c, series), data: live.data, features: source(live), periodsPerYear: 252 });
  const groups = feedGroups(range);
  const times = Float64Array.from(groups, (g) => g[0].time);
  const equity = new Float64Array(groups.length);
  const exposure = new Float64Array(groups.length);
  const step = (s: number, i: number, p: number) => {
    engine.step(s, i, p);
    for (let o = 0; o < series.length; o++) {
      const k = lowerBound(range.bars[o].time, engine.time + 1) - 1;
      const wantNext = o === s ? i + 1 : k >= 0 && range.bars[o].time[k] === engine.time ? k + 1 : k + 2;
      expect(engine.nextFillableBar(o)).toBe(wantNext);
      const held = live.data.bars[o].time.subarray(0, live.count(o));
      expect(engine.barOf(o)).toBe(o === s ? i : held.filter((t) => t <= engine.time).length - 1);
    }
  };
  groups.forEach((group, p) => {
    if (grouped) for (const { s, i } of live.appendAll(group)) step(s, i, p);
    else
      for (const bar of group) {
        const { s, i } = live.append(bar);
        step(s, i, p);
      }
    engine.record(p, equity, exposure);
  });
  return engine.result(times, equity, exposure);
}

function expectSameRun(got: EngineResult, want: EngineResult): void {
  expect(got.trades.length).toBeGreaterThan(10);
  expect(got.trades).toEqual(want.trades);
  expect(got.fills).toEqual(want.fills);
  expect(got.times).toEqual(want.times);
  expect(got.equity).toEqual(want.equity);
  expect(got.exposure).toEqual(want.exposure);
  expect(got.openPositions).toEqual(want.openPositions);
  expect(got.counters).toEqual(want.counters);
}

describe('an Engine stepped as live bars arrive trades exactly as the backtest', () => {
  test.each([0, 250, 1400])('sma-cross on GOOG, live from bar %i', (k) => {
    const split = GOOG.time[k];
    expectSameRun(liveRun(SMA, [GOOG], split, false), backtest(SMA, [GOOG], split));
  });

  test.each(PAIRS.map((p) => [p.map((b) => b.symbol).join('+'), p] as const))('sma-cross on %s, bars interleaved one by one', (_, pair) => {
    const split = pair[0].time[300];
    expectSameRun(liveRun(SMA, pair, split, false), backtest(SMA, pair, split));
  });

  test.each(PAIRS.map((p) => [p.map((b) => b.symbol).join('+'), p] as const))('a cross-asset strategy on %s, each close time appended together', (_, pair) => {
    const c: KernelCase = { def: coMovement, params: {}, config: { sizing: 'percent', sizingValue: 0.4, commission: 0.0005 } };
    const split = pair[0].time[200];
    expectSameRun(liveRun(c, pair, split, true), backtest(c, pair, split));
  });
});

// ---- refusals and padding -----------------------------------------------------------------

function refusal(f: () => unknown): SextantError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SextantError);
    return e as SextantError;
  }
  throw new Error('expected a refusal');
}

describe('append refuses clearly and leaves the market as it was', () => {
  const k = 500;
  const fresh = (capacity?: number) => {
    const { history, range } = marketsAt([GOOG, partnerOf(GOOG, 'GOOGX')], GOOG.time[k]);
    return { live: new LiveMarket(history, TZ, capacity), next: feedBar(range, 0, 0), range };
  };
  const last = new Date(GOOG.time[k - 1]).toISOString().replace('.000Z', 'Z');

  test('an unknown symbol', () => {
    const { live, next } = fresh();
    const e = refusal(() => live.append({ ...next, symbol: 'MSFT' }));
    expect(e.code).toBe('LIVE_BAR_UNKNOWN_SYMBOL');
    expect(e.message).toContain('MSFT');
    expect(e.message).toContain('GOOG, GOOGX');
  });

  test('a duplicate of the latest bar (the last stored one) and a bar before it', () => {
    const { live, next } = fresh();
    const dup = refusal(() => live.append({ ...next, time: GOOG.time[k - 1] }));
    expect(dup.code).toBe('LIVE_BAR_OUT_OF_ORDER');
    expect(dup.message).toContain('duplicate');
    expect(dup.message).toContain(last);
    live.append(next);
    const older = refusal(() => live.append({ ...next, time: GOOG.time[k - 3] }));
    expect(older.code).toBe('LIVE_BAR_OUT_OF_ORDER');
    expect(older.message).toMatch(/GOOG bar at \S+ is before the previous GOOG bar at /);
    expect(older.details).toMatchObject({ symbol: 'GOOG', time: GOOG.time[k - 3], previous: GOOG.time[k] });
    expect(live.count(0)).toBe(1);
  });

  test.each([
    ['close', NaN],
    ['open', 0],
    ['low', -1],
    ['high', Infinity],
    ['volume', -5],
    ['volume', NaN],
    ['time', NaN],
    ['time', Infinity],
  ] as const)('%s = %s', (field, value) => {
    const { live, next } = fresh();
    const e = refusal(() => live.append({ ...next, [field]: value }));
    expect(e.code).toBe('LIVE_BAR_INVALID');
    expect(e.message).toContain(`${field} is ${value}`);
    expect(e.message).toContain('GOOG');
    expect(live.count(0)).toBe(0);
    expect(live.data.bars[0].time[0]).toBe(Infinity);
  });

  test('a full capacity: restart the session', () => {
    const { live, range } = fresh(3);
    for (let i = 0; i < 3; i++) live.append(feedBar(range, 0, i));
    const e = refusal(() => live.append(feedBar(range, 0, 3)));
    expect(e.code).toBe('LIVE_CAPACITY_FULL');
    expect(e.message).toContain('restart the session');
    expect(e.message).toContain('GOOG');
    // The other symbol still has room.
    expect(live.append(feedBar(range, 1, 0))).toEqual({ s: 1, i: 0 });
  });

  test('appendAll takes nothing when one bar of the group is refused', () => {
    const { live, range } = fresh();
    const col = live.features('ema_10');
    const e = refusal(() => live.appendAll([feedBar(range, 0, 0), feedBar(range, 1, 0), { ...feedBar(range, 0, 0), time: range.bars[0].time[0] }]));
    expect(e.code).toBe('LIVE_BAR_OUT_OF_ORDER');
    expect([live.count(0), live.count(1)]).toEqual([0, 0]);
    expect(Number.isNaN(col[0][0])).toBe(true);
    expect(live.appendAll([feedBar(range, 0, 0), feedBar(range, 1, 0)])).toEqual([
      { s: 0, i: 0 },
      { s: 1, i: 0 },
    ]);
  });

  test('a capacity that is not a whole number ≥ 1', () => {
    const { history } = marketsAt([GOOG], GOOG.time[k]);
    for (const bad of [0, -1, 2.5, NaN]) expect(refusal(() => new LiveMarket(history, TZ, bad)).code).toBe('OPTION_INVALID');
  });
});

describe('the preallocated layout', () => {
  test('arrays never move; the room after the bars held is padded so binary searches stay right', () => {
    const pair = [GOOG, partnerOf(GOOG, 'GOOGX')];
    const k = 700;
    const { history, range } = marketsAt(pair, GOOG.time[k]);
    const live = new LiveMarket(history, TZ, 50);
    const { data } = live;
    const before = data.bars.map((b) => b.time);
    const feature = live.features('sma_5');
    expect(data.symbols).toEqual(['GOOG', 'GOOGX']);
    expect(data.start).toEqual(history.full.map((h) => h.time.length));
    expect(data.dataHash).toBe(history.dataHash);
    for (let s = 0; s < 2; s++) {
      expect(data.bars[s].time.length).toBe(50);
      expect(data.full[s].time.length).toBe(data.start[s] + 50);
      expect(Array.from(data.full[s].close.subarray(0, data.start[s]))).toEqual(Array.from(history.full[s].close));
    }
    const groups = feedGroups(range).slice(0, 12);
    for (const g of groups) live.appendAll(g);
    for (let s = 0; s < 2; s++) {
      const n = live.count(s);
      expect(data.bars[s].time).toBe(before[s]);
      expect(Array.from(data.bars[s].time.subarray(0, n))).toEqual(Array.from(range.bars[s].time.subarray(0, n)));
      expect(Array.from(data.bars[s].time.subarray(n)).every((t) => t === Infinity)).toBe(true);
      expect(Array.from(data.bars[s].close.subarray(n)).every(Number.isNaN)).toBe(true);
      // lowerBound finds the first bar closing at or after a time among the bars held, never in the padding.
      const lastHeld = data.bars[s].time[n - 1];
      expect(lowerBound(data.bars[s].time, lastHeld)).toBe(n - 1);
      expect(lowerBound(data.bars[s].time, lastHeld + 1)).toBe(n);
      expect(lowerBound(data.full[s].time, lastHeld + 1)).toBe(data.start[s] + n);
      expect(feature[s].length).toBe(50);
      expect(Number.isNaN(feature[s][n - 1])).toBe(false);
      expect(Number.isNaN(feature[s][n])).toBe(true);
    }
  });
});
