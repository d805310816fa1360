import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compareWithBaselines, metricsOf, runBenchmark } from '../../src/backtest/baselines.js';
import { BacktestConfigSchema, type BacktestConfigInput } from '../../src/backtest/config.js';
import { FeatureSource } from '../../src/backtest/feature-source.js';
import { marketData } from '../../src/backtest/market-data.js';
import { periodsPerYear } from '../../src/backtest/metrics/index.js';
import { simulate } from '../../src/backtest/simulate.js';
import type { AssetClass } from '../../src/core/instrument.js';
import { getStrategy, validateParams } from '../../src/strategy/registry.js';
import { SAMPLE_DATA, loadReal } from '../helpers/real-bars.js';

/*
 * Golden-master regression runs (LEAN style): a few real-data runs with pinned statistics. A change
 * that moves any of them is either a bug or a deliberate change of semantics; in the latter case
 * regenerate with UPDATE_GOLDEN=1 and say why in the commit. Data: the samples in examples/data.
 */
const GOLDEN = fileURLToPath(new URL('./golden.json', import.meta.url));

interface Case {
  name: string;
  file: string;
  assetClass: AssetClass;
  config: Partial<BacktestConfigInput>;
}

const CASES: Case[] = [
  { name: 'rsi-reversion GOOG 1d, per-share commission with a minimum, 5 bps slippage', file: 'GOOG_1d.csv', assetClass: 'equity', config: { strategy: 'rsi-reversion', commissionPerShare: 0.005, commissionMin: 1, slippageBps: 5 } },
  { name: 'donchian-breakout GOOG 1d, vol-target sizing, borrow 3 %, close at end', file: 'GOOG_1d.csv', assetClass: 'equity', config: { strategy: 'donchian-breakout', sizing: 'vol-target', sizingValue: 0.2, borrowRate: 0.03, closeAtEnd: true, commission: 0.001 } },
  { name: 'sma-cross EURUSD 1h 24/50, percent sizing, 2x leverage, one bar of latency', file: 'EURUSD_1h.csv', assetClass: 'forex', config: { strategy: 'sma-cross', params: { fast: 24, slow: 50 }, sizing: 'percent', sizingValue: 1.5, leverage: 2, latencyBars: 1, slippageBps: 0.5 } },
  { name: 'sma-cross FESX 1m 5/30, 10 % volume participation, next-close fills', file: 'FESX_1m.csv', assetClass: 'future', config: { strategy: 'sma-cross', params: { fast: 5, slow: 30 }, sizing: 'fixed', sizingValue: 20, participation: 0.1, fill: 'next-close', commissionPerShare: 1 } },
];

const KEYS = ['final_equity', 'num_trades', 'sharpe', 'sortino', 'max_drawdown_pct', 'win_rate_pct', 'total_fees', 'exposure_pct', 'var_95_pct', 'beta', 'turnover'] as const;

function runCase(c: Case): Record<string, number> {
  const bars = loadReal(join(SAMPLE_DATA, c.file));
  const data = marketData([bars], c.assetClass, [1], null, null);
  const def = getStrategy(c.config.strategy!);
  const cfg = BacktestConfigSchema.parse({ symbols: [bars.symbol], interval: bars.interval, randomSeeds: 10, ...c.config, params: validateParams(def, c.config.params ?? {}) });
  const ppy = periodsPerYear(bars.interval, c.assetClass);
  const features = new FeatureSource(data, 'UTC');
  const result = simulate({ def, params: cfg.params, cfg, data, features, periodsPerYear: ppy });
  const bench = runBenchmark(cfg, data, features, ppy);
  const m = metricsOf(result, cfg, ppy, bench.equity);
  const cmp = compareWithBaselines({ metrics: m, result }, bench, cfg, data, features, ppy).comparison;
  return { ...Object.fromEntries(KEYS.map((k) => [k, m[k] as number])), fills: result.counters.fills, sharpe_percentile_random: cmp.sharpe_percentile_random };
}

describe('golden-master runs on real data', () => {
  const actual = Object.fromEntries(CASES.map((c) => [c.name, runCase(c)]));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  const pinned = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, number | null>>;

  test.each(CASES.map((c) => c.name))('%s', (name) => {
    const want = pinned[name];
    const got = JSON.parse(JSON.stringify(actual[name])) as Record<string, number | null>;
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) {
      if (v === null) expect(got[k], k).toBeNull();
      else expect(Math.abs(got[k]! - v), `${k}: ${got[k]} vs pinned ${v}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
    }
    expect(want.num_trades).toBeGreaterThan(0);
  });
});
