import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { changeLimits, defaultRiskConfig, parseRiskConfig, RISK_LIMIT_FIELDS } from '../../../src/trading/risk/config.js';

function errorOf(f: () => unknown): SextantError {
  try {
    f();
  } catch (e) {
    if (e instanceof SextantError) return e;
    throw e;
  }
  throw new Error('expected a SextantError');
}

describe('parseRiskConfig', () => {
  it('fills every default', () => {
    expect(parseRiskConfig({})).toEqual({
      maxPositionPct: 100,
      maxGrossExposurePct: 100,
      maxNetExposurePct: 100,
      maxOrderNotional: 1_000_000,
      maxRiskPerOrderPct: 5,
      requireStopLoss: false,
      dailyLossPct: 5,
      maxDrawdownPct: 25,
      circuitBreaker: { consecutiveLosses: 5, lossRateWindow: 20, lossRateThreshold: 0.8, cooldownMinutes: 1440 },
      orderRate: { maxOrders: 60, perSeconds: 60 },
      priceBandPct: 5,
      marketHoursOnly: false,
    });
    expect(parseRiskConfig(undefined)).toEqual(defaultRiskConfig());
  });

  it('keeps the nested defaults when a section is given in part, and null turns a limit off', () => {
    const c = parseRiskConfig({ circuitBreaker: { consecutiveLosses: null }, maxPositionPct: null, orderRate: { perSeconds: 10 } });
    expect(c.circuitBreaker).toEqual({ consecutiveLosses: null, lossRateWindow: 20, lossRateThreshold: 0.8, cooldownMinutes: 1440 });
    expect(c.orderRate).toEqual({ maxOrders: 60, perSeconds: 10 });
    expect(c.maxPositionPct).toBeNull();
  });

  it.each([
    [{ maxRiskPerOrderPct: 0 }, 'maxRiskPerOrderPct', /a percentage > 0 and ≤ 100 .*, or null to turn it off \(got 0\)/],
    [{ maxRiskPerOrderPct: 101 }, 'maxRiskPerOrderPct', /≤ 100/],
    [{ maxOrderNotional: '5' }, 'maxOrderNotional', /a number > 0 .*, or null to turn it off \(got "5"\)/],
    [{ circuitBreaker: { lossRateThreshold: 1.5 } }, 'circuitBreaker.lossRateThreshold', /loss rate > 0 and ≤ 1/],
    [{ circuitBreaker: { consecutiveLosses: 2.5 } }, 'circuitBreaker.consecutiveLosses', /whole number ≥ 1/],
    [{ circuitBreaker: { cooldownMinutes: null } }, 'circuitBreaker.cooldownMinutes', /a number > 0 \(minutes of cool-down\)/],
    [{ orderRate: 5 }, 'orderRate', /an object of limits/],
    [{ requireStopLoss: 'yes' }, 'requireStopLoss', /true or false/],
  ])('rejects %j naming %s', (input, field, expected) => {
    const e = errorOf(() => parseRiskConfig(input));
    expect(e.code).toBe('RISK_CONFIG_INVALID');
    expect(e.details.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.message).toMatch(expected);
  });

  it('rejects an unknown field and lists the known ones', () => {
    const e = errorOf(() => parseRiskConfig({ circuitBreaker: { coolDown: 5 } }));
    expect(e.details.field).toBe('circuitBreaker.coolDown');
    expect(e.message).toContain('circuitBreaker.cooldownMinutes');
    expect(errorOf(() => parseRiskConfig({ maxLoss: 1 })).details.field).toBe('maxLoss');
  });
});

describe('changeLimits', () => {
  it('sets dotted fields from text and reports exactly what changed', () => {
    const before = defaultRiskConfig();
    const { config, changes } = changeLimits(before, {
      maxRiskPerOrderPct: '2.5',
      'circuitBreaker.consecutiveLosses': 'off',
      'orderRate.maxOrders': '1_000',
      marketHoursOnly: 'true',
      maxOrderNotional: '1,000,000', // unchanged: not in the diff
    });
    expect(config.maxRiskPerOrderPct).toBe(2.5);
    expect(config.circuitBreaker.consecutiveLosses).toBeNull();
    expect(config.orderRate.maxOrders).toBe(1000);
    expect(config.marketHoursOnly).toBe(true);
    expect(changes).toEqual([
      { field: 'maxRiskPerOrderPct', from: 5, to: 2.5 },
      { field: 'circuitBreaker.consecutiveLosses', from: 5, to: null },
      { field: 'orderRate.maxOrders', from: 60, to: 1000 },
      { field: 'marketHoursOnly', from: false, to: true },
    ]);
    expect(before).toEqual(defaultRiskConfig());
  });

  it('names the known limits for an unknown one, and a section is not a limit', () => {
    for (const field of ['maxLoss', 'circuitBreaker']) {
      const e = errorOf(() => changeLimits(defaultRiskConfig(), { [field]: '1' }));
      expect(e.code).toBe('RISK_CONFIG_INVALID');
      expect(e.message).toContain(`'${field}'`);
      for (const known of RISK_LIMIT_FIELDS) expect(e.message).toContain(known);
    }
  });

  it('re-validates: a value out of range or not a number names the field', () => {
    const range = errorOf(() => changeLimits(defaultRiskConfig(), { 'circuitBreaker.lossRateThreshold': '2' }));
    expect(range.details.field).toBe('circuitBreaker.lossRateThreshold');
    const text = errorOf(() => changeLimits(defaultRiskConfig(), { dailyLossPct: 'five' }));
    expect(text.details.field).toBe('dailyLossPct');
    expect(text.message).toContain("'five'");
    expect(errorOf(() => changeLimits(defaultRiskConfig(), { dailyLossPct: '' })).details.field).toBe('dailyLossPct');
  });

  it('lists every leaf field', () => {
    expect(RISK_LIMIT_FIELDS).toContain('orderRate.perSeconds');
    expect(RISK_LIMIT_FIELDS).not.toContain('orderRate');
    expect(RISK_LIMIT_FIELDS.length).toBe(16);
  });
});
