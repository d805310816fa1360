import { describe, expect, it } from 'vitest';
import { periodsPerYear } from '../../src/backtest/metrics/index.js';

describe('periodsPerYear', () => {
  it('uses trading days per year for daily bars', () => {
    expect(periodsPerYear('1d', 'equity')).toBe(252);
    expect(periodsPerYear('1d', 'future')).toBe(252);
    expect(periodsPerYear('1d', 'forex')).toBe(260);
    expect(periodsPerYear('1d', 'crypto')).toBe(365);
  });

  it('uses 52 and 12 for weekly and monthly bars whatever the asset class', () => {
    for (const ac of ['equity', 'crypto', 'forex', 'future'] as const) {
      expect(periodsPerYear('1w', ac)).toBe(52);
      expect(periodsPerYear('1mo', ac)).toBe(12);
    }
  });

  it('scales intraday by session hours / interval hours', () => {
    // 252 days · 6.5 h
    expect(periodsPerYear('1h', 'equity')).toBe(1638);
    // 252 · 6.5 · 60 / 5
    expect(periodsPerYear('5m', 'equity')).toBe(19_656);
    // 252 · 6.5 / 4
    expect(periodsPerYear('4h', 'equity')).toBe(409.5);
    // 260 · 24
    expect(periodsPerYear('1h', 'forex')).toBe(6240);
    // 365 · 24 · 60
    expect(periodsPerYear('1m', 'crypto')).toBe(525_600);
    // 252 · 24 · 60 / 15
    expect(periodsPerYear('15m', 'future')).toBe(24_192);
  });
});
