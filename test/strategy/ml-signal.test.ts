import { describe, expect, it } from 'vitest';
import { summariseDecisions } from '../../src/backtest/decisions.js';
import { mlSignal } from '../../src/strategy/builtins/ml-signal.js';
import { validateParams } from '../../src/strategy/registry.js';
import type { SignalModel } from '../../src/strategy/strategy.js';
import { bars, runEngine } from '../backtest/harness.js';

/** A model whose P(up) is the value of feature `p` on the bar: the test controls every decision. */
function scriptedModel(id: string, horizon = 1): SignalModel {
  return {
    id,
    features: ['p'],
    horizon,
    classes: 'up',
    predict: (row, out) => {
      out[0] = row[0];
    },
    reasons: (row, k) => [{ feature: 'p', value: row[0], contribution: row[0] - 0.5 }].slice(0, k),
  };
}

const prices = [100, 101, 103, 102, 104, 107, 105, 103, 104, 108];
const series = bars(prices.map((c, i) => [i === 0 ? c : prices[i - 1], Math.max(c, i === 0 ? c : prices[i - 1]) + 1, Math.min(c, i === 0 ? c : prices[i - 1]) - 1, c]));
//                  bar:  0     1    2    3     4    5    6     7    8    9
const probability = [NaN, 0.8, 0.8, 0.52, 0.3, 0.3, 0.9, 0.45, 0.9, 0.9];

function run(params: Record<string, unknown>, models = [scriptedModel('m1', 2)], config = {}) {
  const p = validateParams(mlSignal, { model: models.map((m) => m.id).join(','), ...params } as never);
  const strategy = mlSignal.create(p as never, { models: new Map(models.map((m) => [m.id, m])) });
  return runEngine([series], strategy, config, { features: new Map([['p', [Float64Array.from(probability)]]]), allowShort: p.short === true });
}

describe('ml-signal', () => {
  it('acts above the threshold, abstains below it, and counts the abstentions', () => {
    const { result } = run({ threshold: 0.6 });
    // bar 0 is warm-up (NaN): no decision; bars 3 (0.52) and 7 (0.45 → 0.55 down) abstain
    expect(result.counters.signals).toBe(9);
    expect(result.counters.abstentions).toBe(2);
    const abstained = result.decisions.filter((d) => !d.acted).map((d) => [d.bar, d.lean]);
    expect(abstained).toEqual([
      [3, 1],
      [7, -1],
    ]);
  });

  it('long-only: SELL flattens; the trades carry the reasons of the signal that opened them', () => {
    const { result } = run({ threshold: 0.6 });
    // long from the open of bar 2 (signal on bar 1), flat at the open of bar 5 (SELL on bar 4), long again from bar 7
    expect(result.trades.map((t) => [t.entryBar, t.exitBar, t.side])).toEqual([[2, 5, 'long']]);
    expect(JSON.parse(result.trades[0].reason!)).toEqual([{ feature: 'p', value: 0.8, contribution: 0.30000000000000004 }]);
    expect(result.openPositions.S0).toBeGreaterThan(0);
  });

  it('with short on, SELL reverses into a short', () => {
    const { result } = run({ threshold: 0.6, short: true });
    expect(result.trades.map((t) => [t.entryBar, t.exitBar, t.side])).toEqual([
      [2, 5, 'long'],
      [5, 7, 'short'],
    ]);
  });

  it('reports what acted and abstained decisions would have earned over the horizon', () => {
    const { result } = run({ threshold: 0.6 });
    const s = summariseDecisions(result.decisions, [series], ['S0']);
    // abstained: bar 3 up, next open (bar 4) = 102, open 2 bars later (bar 6) = 107 → +4.902 %;
    //            bar 7 down, open bar 8 = 103, open bar 10 does not exist → unsettled
    expect(s.abstained.count).toBe(2);
    expect(s.abstained.unsettled).toBe(1);
    expect(s.abstained.mean_return_pct).toBeCloseTo((100 * 5) / 102, 10);
    expect(s.abstained.hit_rate).toBe(1);
    // acted: bars 1,2,4,5,6,8,9; settled where bar + 3 ≤ 9: bars 1,2,4,5,6
    const open = series.open;
    const expected = [
      [1, 1],
      [2, 1],
      [4, -1],
      [5, -1],
      [6, 1],
    ].map(([b, l]) => l * (open[b + 3] / open[b + 1] - 1));
    expect(s.acted.count).toBe(7);
    expect(s.acted.unsettled).toBe(2);
    expect(s.acted.total_return_pct).toBeCloseTo(100 * expected.reduce((a, b) => a + b, 0), 10);
  });

  it('an ensemble that disagrees abstains', () => {
    const contrarian: SignalModel = { ...scriptedModel('m2'), predict: (row, out) => (out[0] = 1 - row[0]) };
    const { result } = run({ threshold: 0.6, max_disagreement: 0.5 }, [scriptedModel('m1'), contrarian]);
    // the members' scores 2p−1 and 1−2p are 2|2p−1| apart: only p within 0.125 of 0.5 agrees closely enough, and then confidence fails
    expect(result.counters.abstentions).toBe(9);
    expect(result.trades).toHaveLength(0);
  });

  it('kelly sizing stakes fraction × (2c − 1) of equity, capped', () => {
    const { result } = run({ threshold: 0.6 }, undefined, { sizing: 'kelly', sizingValue: 0.5, kellyCap: 0.25 });
    // signal on bar 1 with c = 0.8: 0.5 × 0.6 = 0.3 → capped at 0.25 of 10,000 at the bar-2 open (101)
    expect(result.fills[0].qty).toBe(Math.floor((0.25 * 10_000) / 101));
    const low = run({ threshold: 0.6 }, undefined, { sizing: 'kelly', sizingValue: 0.5, kellyCap: 1 });
    expect(low.result.fills[0].qty).toBe(Math.floor((0.3 * 10_000) / 101));
  });

  it('refuses to start without its model loaded', () => {
    const p = validateParams(mlSignal, { model: 'nope' });
    expect(() => mlSignal.create(p as never, { models: new Map() })).toThrow(/model nope was not loaded/);
  });
});
