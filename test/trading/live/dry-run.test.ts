import { describe, expect, test } from 'vitest';
import { ordersToAlign } from '../../../src/trading/session/dry-run.js';

describe('ordersToAlign: what a dry run would send', () => {
  test('scales the strategy’s holdings to the account, in whole lots, minus what the broker already holds', () => {
    // Strategy: equity 20,000, long 100 A and short 30 B. Account: equity 50,000 → ×2.5: 250 A, −75 B.
    const orders = ordersToAlign(
      [
        { symbol: 'A', qty: 100, price: 50, lotSize: 1 },
        { symbol: 'B', qty: -30, price: 200, lotSize: 1 },
        { symbol: 'C', qty: 0.3, price: 30_000, lotSize: 0.01 },
      ],
      20_000,
      50_000,
      [
        { symbol: 'A', qty: 40, avgEntryPrice: 45, price: 50 },
        { symbol: 'C', qty: 0.75, avgEntryPrice: 29_000, price: 30_000 },
      ],
      'dry',
    );
    expect(orders).toEqual([
      { clientOrderId: 'dry-A', symbol: 'A', side: 'buy', qty: 210, type: 'market', tif: 'day' },
      { clientOrderId: 'dry-B', symbol: 'B', side: 'sell', qty: 75, type: 'market', tif: 'day' },
    ]);
  });

  test('a flat strategy closes what the broker holds', () => {
    expect(ordersToAlign([{ symbol: 'A', qty: 0, price: 10, lotSize: 1 }], 1_000, 5_000, [{ symbol: 'A', qty: -7, avgEntryPrice: 11, price: 10 }], 'x')).toEqual([
      { clientOrderId: 'x-A', symbol: 'A', side: 'buy', qty: 7, type: 'market', tif: 'day' },
    ]);
  });
});
