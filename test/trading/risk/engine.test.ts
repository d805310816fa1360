import { describe, expect, it } from 'vitest';
import { defaultRiskConfig, parseRiskConfig } from '../../../src/trading/risk/config.js';
import { checkOrder, RISK_CHECKS } from '../../../src/trading/risk/risk-engine.js';
import { RISK_CODES } from '../../../src/trading/risk/codes.js';
import { order, snapshot } from './fixtures.js';

const ALL_ON = parseRiskConfig({ requireStopLoss: true, marketHoursOnly: true });

describe('checkOrder', () => {
  it('runs every enabled check in the documented order and lists them when all pass', () => {
    const { decision, passed } = checkOrder(order({ stopLoss: 95 }), snapshot(), ALL_ON);
    expect(decision).toEqual({ ok: true });
    expect(passed).toEqual([
      'trading-state', 'kill-switch', 'circuit-breaker', 'daily-loss', 'max-drawdown', 'market-hours', 'order-rate',
      'price-known', 'price-band', 'stop-required', 'order-notional', 'order-risk', 'max-position', 'gross-exposure', 'net-exposure',
    ]);
    expect(RISK_CHECKS.map((c) => c.name)).toEqual(passed);
  });

  it('stops at the first denial and names the checks passed before it', () => {
    // 100 × |150 − 88| = 6,200 > 5 % of 100,000
    const { decision, passed } = checkOrder(order({ qty: 100, price: 150, stopLoss: 88 }), snapshot({ last: { AAPL: 150 } }), defaultRiskConfig());
    expect(decision).toMatchObject({ ok: false, code: 'RISK_ORDER_RISK' });
    expect(passed).toEqual(['trading-state', 'kill-switch', 'circuit-breaker', 'daily-loss', 'max-drawdown', 'order-rate', 'price-known', 'price-band', 'order-notional']);
  });

  it('the per-order risk rule of the issue: size × distance to stop above 5 % of equity is denied, 4.99 % passes', () => {
    const s = snapshot({ equity: 100_000, last: { AAPL: 150 } });
    expect(checkOrder(order({ qty: 499, price: 150, stopLoss: 140 }), s, defaultRiskConfig()).decision.ok).toBe(true);
    expect(checkOrder(order({ qty: 501, price: 150, stopLoss: 140 }), s, defaultRiskConfig()).decision).toMatchObject({ ok: false, code: 'RISK_ORDER_RISK' });
  });

  it('state gates come before size checks: a halted fat-finger order reads as halted', () => {
    const { decision, passed } = checkOrder(order({ qty: 1e9 }), snapshot({ tradingState: 'HALTED' }), defaultRiskConfig());
    expect(decision).toMatchObject({ ok: false, code: 'RISK_TRADING_HALTED' });
    expect(passed).toEqual([]);
  });

  it('a limit that is off is neither run nor listed', () => {
    const off = parseRiskConfig({ dailyLossPct: null, maxDrawdownPct: null, priceBandPct: null });
    const { decision, passed } = checkOrder(order(), snapshot({ dayStartEquity: 200_000, peakEquity: 400_000 }), off);
    expect(decision.ok).toBe(true);
    expect(passed).not.toContain('daily-loss');
    expect(passed).not.toContain('max-drawdown');
    expect(passed).not.toContain('price-band');
  });

  it('every denial code the checks can return is documented in RISK_CODES', () => {
    const seen = new Set<string>();
    const cases = [
      checkOrder(order(), snapshot({ tradingState: 'HALTED' }), ALL_ON),
      checkOrder(order(), snapshot({ tradingState: 'REDUCING' }), ALL_ON),
      checkOrder(order(), snapshot({ killGlobal: true }), ALL_ON),
      checkOrder(order(), snapshot({ disabledStrategies: [order().strategy] }), ALL_ON),
      checkOrder(order(), snapshot({ pausedUntil: { s1: Date.parse('2030-01-01') } }), ALL_ON),
      checkOrder(order(), snapshot({ dayStartEquity: 200_000 }), ALL_ON),
      checkOrder(order(), snapshot({ peakEquity: 200_000 }), parseRiskConfig({ dailyLossPct: null })),
      checkOrder(order(), snapshot({ marketOpen: false }), ALL_ON),
      checkOrder(order(), snapshot({ recentOrderTimes: Array.from({ length: 60 }, (_, i) => Date.parse('2024-06-03T15:00:00Z') - i) }), ALL_ON),
      checkOrder(order({ price: Number.NaN }), snapshot(), ALL_ON),
      checkOrder(order({ type: 'limit', limitPrice: 200 }), snapshot(), ALL_ON),
      checkOrder(order(), snapshot(), ALL_ON),
      checkOrder(order({ qty: 20_000 }), snapshot(), defaultRiskConfig()),
      checkOrder(order({ qty: 100, stopLoss: 1 }), snapshot(), defaultRiskConfig()),
      checkOrder(order({ qty: 1001 }), snapshot(), defaultRiskConfig()),
      checkOrder(order({ qty: 1 }), snapshot({ positions: { MSFT: [500, 200] } }), parseRiskConfig({ maxPositionPct: null })),
      checkOrder(order({ qty: 1 }), snapshot({ positions: { MSFT: [500, 200] } }), parseRiskConfig({ maxGrossExposurePct: null })),
    ];
    for (const { decision } of cases) {
      expect(decision.ok).toBe(false);
      if (!decision.ok) seen.add(decision.code);
    }
    expect([...seen].sort()).toEqual(Object.keys(RISK_CODES).sort());
  });
});
