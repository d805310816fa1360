import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { CircuitBreaker } from '../../../src/trading/risk/circuit-breaker.js';
import { parseRiskConfig, type RiskConfig } from '../../../src/trading/risk/config.js';

const MIN = 60_000;
const T0 = Date.parse('2024-06-03T15:00:00Z');
const cfg = (c: Partial<RiskConfig['circuitBreaker']> = {}): RiskConfig['circuitBreaker'] => parseRiskConfig({ circuitBreaker: c }).circuitBreaker;

describe('consecutive losses (5 by default)', () => {
  it('pauses on the fifth loss in a row for the cool-down from that trade', () => {
    const b = new CircuitBreaker(cfg());
    for (let i = 0; i < 4; i++) expect(b.recordTrade('s1', -10, T0 + i * MIN)).toEqual({ paused: false });
    const r = b.recordTrade('s1', -10, T0 + 4 * MIN);
    expect(r).toEqual({ paused: true, until: T0 + 4 * MIN + 1440 * MIN, reason: '5 losing trades in a row (limit 5)' });
    expect(b.pausedUntil()).toEqual(new Map([['s1', T0 + 4 * MIN + 1440 * MIN]]));
  });

  it('a win or a scratch trade ends the streak; strategies are counted apart', () => {
    const b = new CircuitBreaker(cfg({ lossRateThreshold: null }));
    const pnls = [-1, -1, -1, -1, 0, -1, -1, -1, -1, 5, -1, -1, -1, -1];
    pnls.forEach((p, i) => expect(b.recordTrade('s1', p, T0 + i).paused).toBe(false));
    for (let i = 0; i < 4; i++) b.recordTrade('s2', -1, T0 + i);
    expect(b.recordTrade('s1', -1, T0 + 20).paused).toBe(true);
    expect(b.pausedUntil().has('s2')).toBe(false);
  });

  it('ignores trades closed during the pause and starts afresh after it', () => {
    const b = new CircuitBreaker(cfg({ consecutiveLosses: 2, lossRateThreshold: null, cooldownMinutes: 10 }));
    b.recordTrade('s1', -1, T0);
    const until = b.recordTrade('s1', -1, T0 + MIN).until!;
    expect(until).toBe(T0 + 11 * MIN);
    expect(b.recordTrade('s1', -1, until - 1)).toEqual({ paused: true, until });
    expect(b.recordTrade('s1', -1, until)).toEqual({ paused: false }); // one loss after the pause, not three
    expect(b.recordTrade('s1', -1, until + 1).paused).toBe(true);
  });
});

describe('loss rate over a full window', () => {
  it('7 of 10 lost trips a 0.7 threshold (no floating-point miss), 6 of 10 does not', () => {
    const b = new CircuitBreaker(cfg({ consecutiveLosses: null, lossRateWindow: 10, lossRateThreshold: 0.7 }));
    const seq = [-1, -1, 1, -1, -1, 1, -1, -1, 1];
    seq.forEach((p, i) => expect(b.recordTrade('s1', p, T0 + i).paused).toBe(false)); // 6 of 9: window not full
    const r = b.recordTrade('s1', -1, T0 + 9);
    expect(r.paused).toBe(true);
    expect(r.reason).toBe('7 of the last 10 trades lost (70%, limit 70%)');

    const c = new CircuitBreaker(cfg({ consecutiveLosses: null, lossRateWindow: 10, lossRateThreshold: 0.7 }));
    [...seq, 1].forEach((p, i) => expect(c.recordTrade('s1', p, T0 + i).paused).toBe(false));
  });

  it('the window slides: old losses drop out', () => {
    const b = new CircuitBreaker(cfg({ consecutiveLosses: null, lossRateWindow: 4, lossRateThreshold: 0.75 }));
    for (const p of [-1, -1, 1, 1, 1, -1, -1]) expect(b.recordTrade('s1', p, T0).paused).toBe(false); // windows: LLWW, LWWW, WWWL, WWLL
    expect(b.recordTrade('s1', -1, T0).paused).toBe(true); // WLLL
  });
});

/** The rule recomputed from the whole history each time: slices of counted trades, no running counters. */
function bruteForce(c: RiskConfig['circuitBreaker'], trades: { strategy: string; pnl: number; time: number }[]): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < trades.length; i++) {
    const { strategy } = trades[i];
    const mine = trades.slice(0, i + 1).filter((t) => t.strategy === strategy);
    // replay this strategy's pauses to find which trades count
    let until = -Infinity;
    let counted: number[] = [];
    let paused = false;
    for (const t of mine) {
      if (t.time < until) {
        paused = true;
        continue;
      }
      counted = [...counted, t.pnl];
      let lastLosses = 0;
      while (lastLosses < counted.length && counted[counted.length - 1 - lastLosses] < 0) lastLosses++;
      const window = counted.slice(-c.lossRateWindow);
      const rate = window.filter((p) => p < 0).length / c.lossRateWindow;
      const trip = (c.consecutiveLosses !== null && lastLosses >= c.consecutiveLosses) || (c.lossRateThreshold !== null && window.length === c.lossRateWindow && rate >= c.lossRateThreshold);
      paused = trip;
      if (trip) {
        until = t.time + c.cooldownMinutes * MIN;
        counted = [];
      }
    }
    out.push(paused);
  }
  return out;
}

describe('property: paused iff the rule holds on the trade history', () => {
  const history = fc.record({
    consecutiveLosses: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 6 })),
    lossRateWindow: fc.integer({ min: 1, max: 8 }),
    lossRateThreshold: fc.oneof(fc.constant(null), fc.constantFrom(0.5, 0.6, 0.7, 0.75, 0.8, 1)),
    cooldownMinutes: fc.integer({ min: 1, max: 30 }),
    trades: fc.array(fc.record({ strategy: fc.constantFrom('a', 'b'), pnl: fc.constantFrom(-2, -1, 0, 1), gap: fc.integer({ min: 0, max: 10 }) }), { maxLength: 80 }),
  });

  it('matches a brute-force recomputation after every trade, and survives a toJSON/fromJSON at any point', () => {
    fc.assert(
      fc.property(history, fc.nat(), (h, cut) => {
        const c = cfg({ consecutiveLosses: h.consecutiveLosses, lossRateWindow: h.lossRateWindow, lossRateThreshold: h.lossRateThreshold, cooldownMinutes: h.cooldownMinutes });
        let time = T0;
        const trades = h.trades.map((t) => ({ strategy: t.strategy, pnl: t.pnl, time: (time += t.gap * MIN) }));
        const want = bruteForce(c, trades);
        let b = new CircuitBreaker(c);
        const split = trades.length === 0 ? 0 : cut % trades.length;
        trades.forEach((t, i) => {
          if (i === split) b = CircuitBreaker.fromJSON(c, JSON.parse(JSON.stringify(b.toJSON())));
          expect(b.recordTrade(t.strategy, t.pnl, t.time).paused).toBe(want[i]);
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('toJSON / fromJSON', () => {
  it('round-trips, keeps the newest trades under a shorter window, and refuses malformed state', () => {
    const b = new CircuitBreaker(cfg());
    b.recordTrade('s1', -1, T0);
    b.recordTrade('s1', 1, T0);
    b.recordTrade('s1', -1, T0);
    expect(b.toJSON()).toEqual({ strategies: { s1: { streak: 1, recent: [true, false, true], pausedUntil: null } } });
    expect(CircuitBreaker.fromJSON(cfg({ lossRateWindow: 2 }), b.toJSON()).toJSON().strategies.s1.recent).toEqual([false, true]);
    expect(() => CircuitBreaker.fromJSON(cfg(), { strategies: { s1: { streak: -1, recent: [], pausedUntil: null } } })).toThrow(SextantError);
    const bad = () => CircuitBreaker.fromJSON(cfg(), { strategies: { s1: { streak: 0, recent: 'x', pausedUntil: null } } });
    expect(bad).toThrow(expect.objectContaining({ code: 'RISK_STATE_INVALID', message: expect.stringContaining('strategies.s1.recent') }));
  });
});
