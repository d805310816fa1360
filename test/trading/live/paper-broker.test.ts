import { describe, expect, test } from 'vitest';
import { noBorrow } from '../../../src/backtest/models/borrow.js';
import { percentOfNotional } from '../../../src/backtest/models/commission.js';
import { fillPriceModel } from '../../../src/backtest/models/fill-price.js';
import { type LiquidityModel, unlimitedLiquidity, volumeParticipation } from '../../../src/backtest/models/liquidity.js';
import { fixedBps } from '../../../src/backtest/models/slippage.js';
import type { BrokerUpdate } from '../../../src/trading/broker.js';
import type { FeedBar } from '../../../src/trading/feeds/feed.js';
import { PaperBroker } from '../../../src/trading/paper-broker.js';

const DAY = 86_400_000;
const bar = (k: number, open: number, high: number, low: number, close: number, volume = 1_000): FeedBar => ({ symbol: 'X', time: Date.UTC(2024, 0, 2) + k * DAY, open, high, low, close, volume });

function broker(opts: { slippageBps?: number; commission?: number; liquidity?: LiquidityModel; latencyBars?: number } = {}) {
  const b = new PaperBroker({
    symbols: ['X'],
    lotSizes: [1],
    cash: 10_000,
    latencyBars: opts.latencyBars ?? 0,
    models: { fillPrice: fillPriceModel('next-open'), slippage: fixedBps(opts.slippageBps ?? 0), commission: percentOfNotional(opts.commission ?? 0), liquidity: opts.liquidity ?? unlimitedLiquidity, borrow: noBorrow },
  });
  const updates: BrokerUpdate[] = [];
  b.onUpdate((u) => updates.push(u));
  return { b, updates };
}

describe('PaperBroker: the backtest fill models behind the TradingBroker interface', () => {
  test('a market order sent after bar N fills on bar N+1 at its open plus slippage, with the commission; cash and position follow', async () => {
    const { b, updates } = broker({ slippageBps: 10, commission: 0.001 });
    b.onBar(bar(0, 100, 101, 99, 100));
    await b.submit({ clientOrderId: 'a', symbol: 'X', side: 'buy', qty: 10, type: 'market', tif: 'gtc' });
    expect((await b.getOrder('a'))!.status).toBe('accepted');
    b.onBar(bar(1, 102, 103, 101, 102.5));
    const price = 102 * 1.001;
    const fee = 10 * price * 0.001;
    expect(updates.map((u) => u.event)).toEqual(['accepted', 'fill']);
    expect(updates[1].fill!.price).toBeCloseTo(price, 12);
    expect(updates[1].fill!.fee).toBeCloseTo(fee, 12);
    const acct = await b.account();
    expect(acct.cash).toBeCloseTo(10_000 - 10 * price - fee, 9);
    expect(acct.equity).toBeCloseTo(acct.cash + 10 * 102.5, 9);
    expect(await b.positions()).toEqual([{ symbol: 'X', qty: 10, avgEntryPrice: price, price: 102.5 }]);
  });

  test('submitting a client order id twice creates one order', async () => {
    const { b, updates } = broker();
    b.onBar(bar(0, 100, 101, 99, 100));
    const first = await b.submit({ clientOrderId: 'dup', symbol: 'X', side: 'buy', qty: 5, type: 'market', tif: 'gtc' });
    const again = await b.submit({ clientOrderId: 'dup', symbol: 'X', side: 'buy', qty: 5, type: 'market', tif: 'gtc' });
    expect(again.brokerOrderId).toBe(first.brokerOrderId);
    expect(await b.listOrders('all')).toHaveLength(1);
    b.onBar(bar(1, 100, 101, 99, 100));
    expect(updates.filter((u) => u.event === 'fill')).toHaveLength(1);
  });

  test('a buy limit fills only where the bar touches it, at the limit, or at the open when it gaps through', async () => {
    const { b, updates } = broker();
    b.onBar(bar(0, 100, 101, 99, 100));
    await b.submit({ clientOrderId: 'l1', symbol: 'X', side: 'buy', qty: 1, type: 'limit', limitPrice: 95, tif: 'gtc' });
    await b.submit({ clientOrderId: 'l2', symbol: 'X', side: 'buy', qty: 1, type: 'limit', limitPrice: 90, tif: 'gtc' });
    b.onBar(bar(1, 99, 100, 96, 97)); // touches neither
    expect(updates.filter((u) => u.event === 'fill')).toHaveLength(0);
    b.onBar(bar(2, 96, 97, 94, 95)); // touches 95 inside the bar
    b.onBar(bar(3, 88, 92, 87, 91)); // gaps below 90: fills at the open
    const fills = updates.filter((u) => u.event === 'fill').map((u) => [u.order.clientOrderId, u.fill!.price]);
    expect(fills).toEqual([
      ['l1', 95],
      ['l2', 88],
    ]);
  });

  test('volume participation gives partial fills that add up exactly to the order', async () => {
    const { b, updates } = broker({ liquidity: volumeParticipation(0.1) });
    b.onBar(bar(0, 100, 101, 99, 100, 1_000));
    await b.submit({ clientOrderId: 'big', symbol: 'X', side: 'buy', qty: 250, type: 'market', tif: 'gtc' });
    for (let k = 1; k <= 3; k++) b.onBar(bar(k, 100, 101, 99, 100, 1_000));
    const fills = updates.filter((u) => u.event === 'fill' || u.event === 'partial-fill');
    expect(fills.map((u) => [u.event, u.fill!.qty])).toEqual([
      ['partial-fill', 100],
      ['partial-fill', 100],
      ['fill', 50],
    ]);
    expect((await b.getOrder('big'))!.filledQty).toBe(250);
  });

  test('time in force: ioc keeps what fills and cancels the rest, fok fills all or nothing, day expires with its day', async () => {
    const { b, updates } = broker({ liquidity: volumeParticipation(0.1) });
    b.onBar(bar(0, 100, 101, 99, 100, 1_000));
    await b.submit({ clientOrderId: 'ioc', symbol: 'X', side: 'buy', qty: 150, type: 'market', tif: 'ioc' });
    await b.submit({ clientOrderId: 'fok', symbol: 'X', side: 'buy', qty: 150, type: 'market', tif: 'fok' });
    await b.submit({ clientOrderId: 'day', symbol: 'X', side: 'buy', qty: 1, type: 'limit', limitPrice: 50, tif: 'day' });
    b.onBar(bar(1, 100, 101, 99, 100, 1_000));
    b.onBar(bar(2, 100, 101, 99, 100, 1_000));
    const of = (id: string) => updates.filter((u) => u.order.clientOrderId === id).map((u) => [u.event, u.fill?.qty ?? null]);
    expect(of('ioc')).toEqual([
      ['accepted', null],
      ['partial-fill', 100],
      ['canceled', null],
    ]);
    expect(of('fok')).toEqual([
      ['accepted', null],
      ['canceled', null],
    ]);
    expect(of('day')).toEqual([
      ['accepted', null],
      ['expired', null],
    ]);
  });

  test('latency: with one bar of latency an order skips the next bar', async () => {
    const { b, updates } = broker({ latencyBars: 1 });
    b.onBar(bar(0, 100, 101, 99, 100));
    await b.submit({ clientOrderId: 'late', symbol: 'X', side: 'sell', qty: 3, type: 'market', tif: 'gtc' });
    b.onBar(bar(1, 101, 102, 100, 101));
    expect(updates.some((u) => u.event === 'fill')).toBe(false);
    b.onBar(bar(2, 104, 105, 103, 104));
    expect(updates.find((u) => u.event === 'fill')!.fill!.price).toBe(104);
    expect((await b.positions())[0].qty).toBe(-3);
  });

  test('orders for unknown symbols or without a limit price are refused', async () => {
    const { b } = broker();
    await expect(b.submit({ clientOrderId: 'u', symbol: 'Y', side: 'buy', qty: 1, type: 'market', tif: 'gtc' })).rejects.toMatchObject({ code: 'BROKER_REJECTED' });
    await expect(b.submit({ clientOrderId: 'v', symbol: 'X', side: 'buy', qty: 1, type: 'limit', tif: 'gtc' })).rejects.toMatchObject({ code: 'BROKER_REJECTED' });
  });
});
