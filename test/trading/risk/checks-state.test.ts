import { describe, expect, it } from 'vitest';
import { checkCircuitBreaker } from '../../../src/trading/risk/checks/circuit-breaker.js';
import { checkDailyLoss } from '../../../src/trading/risk/checks/daily-loss.js';
import { checkMarketHours } from '../../../src/trading/risk/checks/market-hours.js';
import { checkMaxDrawdown } from '../../../src/trading/risk/checks/max-drawdown.js';
import { checkOrderRate } from '../../../src/trading/risk/checks/order-rate.js';
import { defaultRiskConfig, parseRiskConfig } from '../../../src/trading/risk/config.js';
import type { RiskDecision } from '../../../src/trading/risk/types.js';
import { order, snapshot } from './fixtures.js';

const c = defaultRiskConfig();
const code = (d: RiskDecision): string | null => (d.ok ? null : d.code);
/** Sells 5 of a held 10 AAPL: reduces. */
const reducing = order({ side: -1, qty: 5 });
const held = { AAPL: [10, 100] as [number, number] };

describe('circuit breaker (paused strategies)', () => {
  const now = Date.parse('2024-06-03T15:00:00Z');
  it('denies exposure-increasing orders while pausedUntil > now', () => {
    const d = checkCircuitBreaker(order(), snapshot({ now, pausedUntil: { s1: now + 1 } }), c);
    expect(code(d)).toBe('RISK_CIRCUIT_BREAKER');
    expect(d.ok ? '' : d.message).toContain('until 2024-06-03T15:00:00.001Z');
  });
  it('passes at the end of the pause, for other strategies, and for reducing orders', () => {
    expect(checkCircuitBreaker(order(), snapshot({ now, pausedUntil: { s1: now } }), c).ok).toBe(true);
    expect(checkCircuitBreaker(order({ strategy: 's2' }), snapshot({ now, pausedUntil: { s1: now + 1 } }), c).ok).toBe(true);
    expect(checkCircuitBreaker(reducing, snapshot({ now, positions: held, pausedUntil: { s1: now + 1 } }), c).ok).toBe(true);
  });
});

describe('daily loss (5 % of the day-start equity, reaching it counts)', () => {
  it('passes just under the limit and denies at it', () => {
    expect(checkDailyLoss(order(), snapshot({ dayStartEquity: 100_000, equity: 95_000.01 }), c).ok).toBe(true);
    const d = checkDailyLoss(order(), snapshot({ dayStartEquity: 100_000, equity: 95_000 }), c);
    expect(code(d)).toBe('RISK_DAILY_LOSS');
    expect(d.ok ? '' : d.message).toBe(
      "equity 95,000.00 is 5,000.00 (5%) below the day's start 100,000.00, at or past the 5% daily loss limit: only orders that reduce a position are accepted",
    );
    expect(d.ok ? null : d.details).toMatchObject({ loss: 5000, limit: 5000, limitPct: 5 });
  });
  it('lets reducing orders out, and is off with null', () => {
    expect(checkDailyLoss(reducing, snapshot({ positions: held, dayStartEquity: 100_000, equity: 50_000 }), c).ok).toBe(true);
    expect(checkDailyLoss(order(), snapshot({ dayStartEquity: 100_000, equity: 50_000 }), parseRiskConfig({ dailyLossPct: null })).ok).toBe(true);
  });
  it('fails closed on an unknown equity', () => {
    expect(code(checkDailyLoss(order(), snapshot({ dayStartEquity: 100_000, equity: Number.NaN }), c))).toBe('RISK_DAILY_LOSS');
  });
});

describe('max drawdown (25 % below the peak)', () => {
  it('passes just under and denies at the limit; reducing orders pass', () => {
    expect(checkMaxDrawdown(order(), snapshot({ peakEquity: 200_000, equity: 150_000.01, dayStartEquity: 150_000 }), c).ok).toBe(true);
    const d = checkMaxDrawdown(order(), snapshot({ peakEquity: 200_000, equity: 150_000, dayStartEquity: 150_000 }), c);
    expect(code(d)).toBe('RISK_MAX_DRAWDOWN');
    expect(d.ok ? null : d.details).toMatchObject({ drawdown: 50_000, limit: 50_000 });
    expect(checkMaxDrawdown(reducing, snapshot({ positions: held, peakEquity: 200_000, equity: 100_000 }), c).ok).toBe(true);
  });
});

describe('market hours', () => {
  const on = parseRiskConfig({ marketHoursOnly: true });
  it('denies while closed only when marketHoursOnly is on, and never holds back flattening', () => {
    expect(code(checkMarketHours(order(), snapshot({ marketOpen: false }), on))).toBe('RISK_MARKET_CLOSED');
    expect(checkMarketHours(order(), snapshot({ marketOpen: true }), on).ok).toBe(true);
    expect(checkMarketHours(order(), snapshot({ marketOpen: false }), c).ok).toBe(true);
    expect(checkMarketHours(order({ side: -1, origin: 'flatten' }), snapshot({ positions: held, marketOpen: false }), on).ok).toBe(true);
  });
});

describe('order rate (3 per 10 s)', () => {
  const rate = parseRiskConfig({ orderRate: { maxOrders: 3, perSeconds: 10 } });
  const t = Date.parse('2024-06-03T15:00:00Z');
  it('counts only orders inside the window: one exactly 10 s old has left it', () => {
    expect(checkOrderRate(order(), snapshot({ now: t, recentOrderTimes: [t - 20_000, t - 10_000, t - 9_999, t - 5_000] }), rate).ok).toBe(true);
  });
  it('denies the fourth within the window and says when the next is possible', () => {
    const d = checkOrderRate(order(), snapshot({ now: t, recentOrderTimes: [t - 10_000, t - 9_999, t - 5_000, t - 1] }), rate);
    expect(code(d)).toBe('RISK_ORDER_RATE');
    // the oldest of the three in the window (t − 9,999) leaves it at t + 1
    expect(d.ok ? null : d.details).toMatchObject({ orders: 3, maxOrders: 3, nextAt: t + 1 });
  });
  it('does not limit flattening, and is off with null', () => {
    const busy = snapshot({ now: t, positions: held, recentOrderTimes: [t - 3, t - 2, t - 1] });
    expect(checkOrderRate(order({ side: -1, origin: 'flatten' }), busy, rate).ok).toBe(true);
    expect(checkOrderRate(order(), busy, parseRiskConfig({ orderRate: { maxOrders: null } })).ok).toBe(true);
  });
});
