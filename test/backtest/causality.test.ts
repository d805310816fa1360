import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BacktestConfigSchema } from '../../src/backtest/config.js';
import { FeatureSource } from '../../src/backtest/feature-source.js';
import { marketData } from '../../src/backtest/market-data.js';
import { simulate } from '../../src/backtest/simulate.js';
import { isSextantError } from '../../src/core/errors.js';
import { getStrategy, listStrategies, validateParams } from '../../src/strategy/registry.js';
import { artifactOf, deployModel } from '../../src/models/deploy.js';
import { parseLabelSpec } from '../../src/models/dataset/labels/label-spec.js';
import { fitLogistic } from '../../src/models/linear/logistic.js';
import { googDaily } from '../helpers/real-bars.js';
import { bars, runEngine, scripted } from './harness.js';

describe('a strategy cannot read the future', () => {
  test('asking for a bar or a feature after the current one is refused with STRATEGY_LOOKAHEAD', () => {
    const B = bars([
      [1, 2, 0.5, 1.5],
      [1.5, 2, 1, 1.8],
    ]);
    for (const peek of [(c: Parameters<NonNullable<Parameters<typeof scripted>[0][number]>>[0]) => c.close(-1), (c: Parameters<NonNullable<Parameters<typeof scripted>[0][number]>>[0]) => c.high(-1)]) {
      let error: unknown = null;
      try {
        runEngine([B], scripted({ 0: (c) => void peek(c) }));
      } catch (e) {
        error = e;
      }
      expect(isSextantError(error) && error.code).toBe('STRATEGY_LOOKAHEAD');
    }
    const features = new Map([['x', [Float64Array.of(1, 2)]]]);
    let handle = -1;
    expect(() =>
      runEngine([B], scripted({ 0: (c) => void c.value(handle, -1) }, (ctx) => void (handle = ctx.feature('x'))), {}, { features }),
    ).toThrow(/after the current one/);
  });

  const goog = googDaily();
  const cases: [string, Record<string, number | string>][] = [
    ['sma-cross', { fast: 10, slow: 20 }],
    ['rsi-reversion', {}],
    ['donchian-breakout', {}],
    ['ml-signal', { model: 'm', threshold: 0.5 }],
    ['buy-and-hold', {}],
    ['random', { rate: 0.05 }],
  ];
  // ml-signal trades a logistic model of two features (fitted on the whole series: what matters here is that its decisions only read the past)
  const names = ['rsi_14', 'roc_10'];
  const whole = new FeatureSource(marketData([goog], 'equity', [1], null, null), 'UTC');
  const rows = Int32Array.from({ length: goog.length - 30 }, (_, i) => i + 30);
  const x = { rows: rows.length, cols: 2, data: Float64Array.from(Array.from(rows).flatMap((r) => names.map((n) => whole.columns(n)[0][r]))) };
  const y = Float64Array.from(rows, (r) => (goog.close[Math.min(r + 5, goog.length - 1)] > goog.close[r] ? 1 : 0));
  const model = fitLogistic({ x, y, featureNames: names }, { l2: 1 });
  const deps = { models: new Map([['m', deployModel('m', artifactOf(model, { normaliser: null, calibrator: null, label: parseLabelSpec({ kind: 'sign', horizon: 5 }), features: names.map((name) => ({ name, version: 1 })), interval: '1d', report: {} }))]]) };
  const run = (name: string, params: Record<string, number | string>, n: number) => {
    const data = marketData([goog.slice(0, n)], 'equity', [1], null, null);
    const cfg = BacktestConfigSchema.parse({ strategy: name, params: validateParams(getStrategy(name), params), symbols: ['GOOG'], interval: '1d', commission: 0.001, seed: 3 });
    return simulate({ def: getStrategy(name), params: cfg.params, cfg, data, features: new FeatureSource(data, 'UTC'), periodsPerYear: 252, deps });
  };

  test.each(cases)('%s on a prefix of the data decides exactly as on the full data, up to the cut', (name, params) => {
    const full = run(name, params, goog.length);
    fc.assert(
      fc.property(fc.integer({ min: 30, max: goog.length - 1 }), (cut) => {
        const part = run(name, params, cut);
        // Every fill of the prefix run happened identically in the full run, and the full run has no other fill before the cut.
        expect(part.fills).toEqual(full.fills.filter((f) => f.point < cut));
        expect(Array.from(part.equity)).toEqual(Array.from(full.equity.subarray(0, cut)));
      }),
      { numRuns: 12 },
    );
  });

  test('every built-in strategy is covered above', () => {
    expect(listStrategies().map((d) => d.name).filter((n) => n !== 'hold-cash')).toEqual(cases.map(([n]) => n));
  });
});
