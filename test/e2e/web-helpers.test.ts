/**
 * The dashboard's pure helpers, without a browser: the risk-limit fields it edits are exactly
 * the server's, typed values become what the API takes, the trade P&L histogram counts every
 * trade once in the bin that holds it, and times and countdowns read as written out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRiskConfig, RISK_LIMIT_FIELDS } from '../../src/trading/risk/config.js';
import { histogram } from '../../web/src/charts/histogram.js';
import { countdown, inUnit, when } from '../../web/src/lib/format.js';
import { flattenLimits, limitInput } from '../../web/src/lib/limits.js';

describe('risk limits on the Controls page', () => {
  it('lists every limit field of the server, in its order, with its value', () => {
    const limits = defaultRiskConfig();
    const rows = flattenLimits(JSON.parse(JSON.stringify(limits)));
    expect(rows.map(([k]) => k)).toEqual(RISK_LIMIT_FIELDS);
    expect(Object.fromEntries(rows)['circuitBreaker.consecutiveLosses']).toBe(limits.circuitBreaker.consecutiveLosses);
  });

  it('reads typed values as the API takes them', () => {
    expect(limitInput(' off ')).toBeNull();
    expect(limitInput('null')).toBeNull();
    expect(limitInput('true')).toBe(true);
    expect(limitInput('false')).toBe(false);
    expect(limitInput('1_000_000')).toBe(1_000_000);
    expect(limitInput('2,500.5')).toBe(2500.5);
    expect(limitInput('-3')).toBe(-3);
    expect(limitInput('fifty')).toBe('fifty');
  });
});

describe('trade P&L histogram', () => {
  it('puts every value in exactly one bin that contains it; bins are contiguous', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }), (values) => {
        const bins = histogram(values);
        expect(bins.length).toBeGreaterThanOrEqual(5);
        expect(bins.length).toBeLessThanOrEqual(40);
        expect(bins.reduce((a, b) => a + b.count, 0)).toBe(values.length);
        for (let i = 1; i < bins.length; i++) expect(bins[i].from).toBe(bins[i - 1].to);
        // Counted by brute force: a value belongs to the first bin whose upper edge is above it (the last bin is closed).
        const counts = bins.map(() => 0);
        for (const v of values) {
          const k = bins.findIndex((b, i) => v < b.to || i === bins.length - 1);
          counts[k]++;
        }
        expect(bins.map((b) => b.count)).toEqual(counts);
      }),
    );
  });

  it('has no bins without trades', () => {
    expect(histogram([])).toEqual([]);
  });
});

describe('formatting', () => {
  it('shows a midnight as its date and other times to the minute, in UTC', () => {
    expect(when(Date.UTC(2024, 0, 31))).toBe('2024-01-31');
    expect(when('2024-01-31T14:05:09.000Z')).toBe('2024-01-31 14:05');
    expect(when(null)).toBe('—');
  });

  it('counts down in minutes and seconds, hours when needed', () => {
    expect(countdown(65_000)).toBe('1:05');
    expect(countdown(3_725_400)).toBe('1:02:05');
    expect(countdown(0)).toBe('expired');
  });

  it('prints values in their glossary unit; undefined metrics as a dash', () => {
    expect(inUnit(-33.084, '%')).toBe('-33.08 %');
    expect(inUnit(1234567.891, 'currency')).toBe('1,234,567.89');
    expect(inUnit(null, 'ratio')).toBe('—');
    expect(inUnit(0.0123, 'ratio')).toBe('0.0123');
    expect(inUnit('2013-03-02T00:00:00.000Z', '')).toBe('2013-03-02');
  });
});
