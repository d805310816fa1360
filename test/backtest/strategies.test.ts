import { describe, expect, test } from 'vitest';
import { compareWithBaselines, metricsOf, runBenchmark } from '../../src/backtest/baselines.js';
import { BacktestConfigSchema } from '../../src/backtest/config.js';
import { FeatureSource } from '../../src/backtest/feature-source.js';
import { marketData } from '../../src/backtest/market-data.js';
import { simulate } from '../../src/backtest/simulate.js';
import { getStrategy, parseParamAssignment, validateParams } from '../../src/strategy/registry.js';
import { googDaily } from '../helpers/real-bars.js';
import { bars, runEngine } from './harness.js';

const flat = (n: number) => bars(Array.from({ length: n }, () => [100, 101, 99, 100]));
const withFeatures = (cols: Record<string, number[]>) => new Map(Object.entries(cols).map(([k, v]) => [k, [Float64Array.from(v)]]));
const strategy = (name: string, params: Record<string, number>) => getStrategy(name).create(validateParams(getStrategy(name), params));
const fillPoints = (h: ReturnType<typeof runEngine>) => h.result.fills.map((f) => [f.point, Math.sign(f.qty)]);

describe('sma-cross', () => {
  test('signals only on strict crossovers (equal values are not a cross), reversing long/short', () => {
    // fast vs slow: below, equal (no cross), above (cross up on bar 2), above, below (cross down on bar 4)
    const features = withFeatures({ sma_2: [1, 2, 3, 3, 1, 1], sma_3: [2, 2, 2, 2, 2, 2] });
    const h = runEngine([flat(6)], strategy('sma-cross', { fast: 2, slow: 3 }), {}, { features });
    expect(fillPoints(h)).toEqual([
      [5, -1], // cross down on bar 4 → short at bar 5; the touch on bar 1 (2 = 2) and the move above on bar 2 (from equal) are not strict crosses
    ]);
    const g = runEngine([flat(6)], strategy('sma-cross', { fast: 2, slow: 3 }), {}, { features: withFeatures({ sma_2: [1, 3, 3, 1, 3, 3], sma_3: [2, 2, 2, 2, 2, 2] }) });
    expect(fillPoints(g)).toEqual([
      [2, 1],
      [4, -1],
      [5, 1],
    ]);
  });

  test('on GOOG the entries are exactly the strict crosses of naive SMAs, one bar later', () => {
    const goog = googDaily();
    const sma = (n: number) => Array.from(goog.close, (_, i) => (i + 1 < n ? NaN : goog.close.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n));
    const f = sma(10);
    const s = sma(20);
    const expected: number[][] = [];
    for (let i = 1; i + 1 < goog.length; i++) {
      if (f[i - 1] < s[i - 1] && f[i] > s[i]) expected.push([i + 1, 1]);
      else if (f[i - 1] > s[i - 1] && f[i] < s[i]) expected.push([i + 1, -1]);
    }
    const data = marketData([goog], 'equity', [1], null, null);
    const cfg = BacktestConfigSchema.parse({ strategy: 'sma-cross', params: { fast: 10, slow: 20 }, symbols: ['GOOG'], interval: '1d' });
    const r = simulate({ def: getStrategy('sma-cross'), params: cfg.params, cfg, data, features: new FeatureSource(data, 'UTC'), periodsPerYear: 252 });
    expect(r.fills.map((x) => [x.point, Math.sign(x.qty)])).toEqual(expected);
  });
});

describe('rsi-reversion and donchian-breakout', () => {
  test('rsi-reversion buys leaving oversold, exits at the middle, sells leaving overbought', () => {
    const features = withFeatures({ rsi_14: [25, 35, 45, 55, 75, 65, 60, 45, 40] });
    const h = runEngine([flat(9)], strategy('rsi-reversion', {}), {}, { features });
    // bar 1 crosses up through 30 → long at 2; bar 3 reaches 50 → flat at 4; bar 5 crosses down through 70 → short at 6; bar 7 ≤ 50 → flat at 8.
    expect(fillPoints(h)).toEqual([
      [2, 1],
      [4, -1],
      [6, -1],
      [8, 1],
    ]);
    expect(h.result.trades.map((t) => t.side)).toEqual(['long', 'short']);
  });

  test('donchian-breakout compares the close with the previous bar’s channel', () => {
    const B = bars([
      [100, 101, 99, 100],
      [100, 101, 99, 100],
      [100, 106, 99, 105], // close 105 > previous upper 101 → BUY
      [105, 106, 104, 105],
      [105, 106, 99.5, 100], // close 100: above the previous entry lower 99, below the previous exit lower 104 → flat
      [100, 101, 90, 91], // close 91 < previous entry lower 99 → SELL
      [91, 92, 89, 90],
    ]);
    const features = withFeatures({
      donchian_upper_3: [101, 101, 106, 106, 106, 106, 101],
      donchian_lower_3: [99, 99, 99, 99, 99, 90, 89],
      donchian_upper_2: [101, 101, 106, 106, 106, 101, 101],
      donchian_lower_2: [99, 99, 99, 104, 99.5, 90, 89],
    });
    const h = runEngine([B], strategy('donchian-breakout', { entry: 3, exit: 2 }), {}, { features });
    expect(fillPoints(h)).toEqual([
      [3, 1],
      [5, -1],
      [6, -1],
    ]);
    expect(h.result.trades.map((t) => [t.side, t.entryBar, t.exitBar])).toEqual([['long', 3, 5]]);
    expect(h.result.counters.signals).toBe(2);
  });

  test('parameters are validated with the strategy’s schema', () => {
    expect(parseParamAssignment('fast=10')).toEqual(['fast', 10]);
    expect(() => validateParams(getStrategy('sma-cross'), { fast: 30, slow: 20 })).toThrow(/fast must be shorter than slow/);
    expect(() => validateParams(getStrategy('sma-cross'), { speed: 3 })).toThrow(/no parameter 'speed'/);
    expect(() => getStrategy('nope')).toThrow(/unknown strategy/);
  });
});

describe('baselines', () => {
  const goog = googDaily().slice(0, 400);
  const data = marketData([goog], 'equity', [1], null, null);
  const cfg = BacktestConfigSchema.parse({ strategy: 'sma-cross', params: { fast: 10, slow: 20 }, symbols: ['GOOG'], interval: '1d', commission: 0.001, randomSeeds: 20 });
  const features = new FeatureSource(data, 'UTC');

  test('buy-and-hold is all-in at the second open; hold-cash never moves', () => {
    const bench = runBenchmark(cfg, data, features, 252);
    const units = Math.floor(10_000 / (goog.open[1] * 1.001));
    expect(bench.fills).toHaveLength(1);
    expect(bench.fills[0]).toMatchObject({ point: 1, qty: units, price: goog.open[1] });
    const last = goog.length - 1;
    expect(bench.equity[last]).toBeCloseTo(10_000 - units * goog.open[1] * 1.001 + units * goog.close[last], 8);
    const cash = simulate({ def: getStrategy('hold-cash'), params: {}, cfg, data, features, periodsPerYear: 252 });
    expect(new Set(cash.equity)).toEqual(new Set([10_000]));
  });

  test('the Sharpe percentile ranks the strategy among the random seeds (ties count half)', () => {
    const result = simulate({ def: getStrategy('sma-cross'), params: cfg.params, cfg, data, features, periodsPerYear: 252 });
    const bench = runBenchmark(cfg, data, features, 252);
    const metrics = metricsOf(result, cfg, 252, bench.equity);
    const { comparison, randomSharpes, baselines } = compareWithBaselines({ metrics, result }, bench, cfg, data, features, 252);
    expect(randomSharpes).toHaveLength(20);
    const below = randomSharpes.filter((s) => s < metrics.sharpe).length + 0.5 * randomSharpes.filter((s) => s === metrics.sharpe).length;
    expect(comparison.sharpe_percentile_random).toBeCloseTo((below / 20) * 100, 12);
    expect(comparison.excess_return_pct).toBeCloseTo(metrics.total_return_pct - baselines[1].total_return_pct, 12);
    expect(comparison.regret_pct).toBeCloseTo(Math.max(0, ...baselines.map((b) => b.total_return_pct - metrics.total_return_pct)), 12);
    // Random seeds differ from each other and are reproducible.
    expect(new Set(randomSharpes).size).toBeGreaterThan(10);
    expect(compareWithBaselines({ metrics, result }, bench, cfg, data, features, 252).randomSharpes).toEqual(randomSharpes);
  });
});
