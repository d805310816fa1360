import { describe, expect, test } from 'vitest';
import { bars, fillsOf, runEngine, scripted } from './harness.js';

// Six hand-made daily bars: [open, high, low, close, volume]. Bar 3 gaps down, bar 5 gaps up.
const B = bars([
  [100, 105, 95, 102],
  [103, 108, 101, 107],
  [106, 110, 104, 105],
  [100, 102, 96, 98],
  [99, 112, 98, 111],
  [115, 116, 113, 114],
]);

describe('market orders', () => {
  test('an order decided on bar N fills at the open of bar N + 1', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10) }));
    expect(fillsOf(h)).toEqual([{ point: 1, qty: 10, price: 103, fee: 0 }]);
  });

  test('fill-price models: next close and the (H+L+C)/3 VWAP proxy of the next bar', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(10) }), { fill: 'next-close' }))[0].price).toBe(107);
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(10) }), { fill: 'vwap-proxy' }))[0].price).toBeCloseTo((108 + 101 + 107) / 3, 12);
  });

  test('latency delays the first possible fill by whole bars', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(10) }), { latencyBars: 2 }))[0]).toMatchObject({ point: 3, price: 100 });
  });

  test('fixed slippage moves buys up and sells down; range slippage uses the previous bar', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10), 1: (c) => c.sell(10) }), { slippageBps: 10 });
    expect(fillsOf(h).map((f) => f.price)).toEqual([103 * 1.001, 106 * 0.999]);
    const r = runEngine([B], scripted({ 0: (c) => c.buy(10) }), { slippageRange: 0.1 });
    expect(r.result.fills[0].price).toBeCloseTo(103 + 0.1 * (105 - 95), 12);
  });

  test('an order placed on the last bar never fills and is reported', () => {
    const h = runEngine([B], scripted({ 5: (c) => c.buy(1) }));
    expect(h.result.fills).toEqual([]);
    expect(h.result.unfilledAtEnd).toBe(1);
  });
});

describe('limit orders fill where touched, at the limit, or at the open on a gap', () => {
  test('buy limit touched inside the bar fills at the limit, not at the low', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10, { type: 'limit', limit: 102 }) }));
    expect(fillsOf(h)).toEqual([{ point: 1, qty: 10, price: 102, fee: 0 }]);
  });
  test('buy limit with the bar opening below it fills at the open', () => {
    const h = runEngine([B], scripted({ 2: (c) => c.buy(10, { type: 'limit', limit: 104 }) }));
    expect(fillsOf(h)).toEqual([{ point: 3, qty: 10, price: 100, fee: 0 }]);
  });
  test('a limit never touched stays working', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10, { type: 'limit', limit: 90 }) }));
    expect(h.result.fills).toEqual([]);
    expect(h.result.unfilledAtEnd).toBe(1);
  });
  test('sell limits mirror buy limits', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.sell(5, { type: 'limit', limit: 109 }) })))).toEqual([{ point: 2, qty: -5, price: 109, fee: 0 }]);
    expect(fillsOf(runEngine([B], scripted({ 4: (c) => c.sell(5, { type: 'limit', limit: 112 }) })))).toEqual([{ point: 5, qty: -5, price: 115, fee: 0 }]);
  });
  test('limit fills take no slippage', () => {
    expect(runEngine([B], scripted({ 0: (c) => c.buy(10, { type: 'limit', limit: 102 }) }), { slippageBps: 50 }).result.fills[0].price).toBe(102);
  });
});

describe('stop orders trigger where touched, at the stop, or at the open on a gap', () => {
  test('buy stop touched inside a bar fills at the stop plus slippage', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(1, { type: 'stop', stop: 109 }) })))[0]).toMatchObject({ point: 2, price: 109 });
    expect(runEngine([B], scripted({ 0: (c) => c.buy(1, { type: 'stop', stop: 109 }) }), { slippageBps: 10 }).result.fills[0].price).toBeCloseTo(109.109, 12);
  });
  test('a gap through a stop fills at the (worse) open', () => {
    expect(fillsOf(runEngine([B], scripted({ 4: (c) => c.buy(1, { type: 'stop', stop: 113 }) })))[0]).toMatchObject({ point: 5, price: 115 });
    expect(fillsOf(runEngine([B], scripted({ 2: (c) => c.sell(1, { type: 'stop', stop: 101 }) })))[0]).toMatchObject({ point: 3, price: 100 });
    expect(fillsOf(runEngine([B], scripted({ 2: (c) => c.sell(1, { type: 'stop', stop: 99 }) })))[0]).toMatchObject({ point: 3, price: 99 });
  });
  test('stop-limit: triggered inside a bar it fills at the stop when the stop is within the limit', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(1, { type: 'stop-limit', stop: 109, limit: 110 }) })))[0]).toMatchObject({ point: 2, price: 109 });
  });
  test('stop-limit: a limit below the stop waits for the next bar, then works as a limit', () => {
    expect(fillsOf(runEngine([B], scripted({ 0: (c) => c.buy(1, { type: 'stop-limit', stop: 109, limit: 106 }) })))[0]).toMatchObject({ point: 3, price: 100 });
  });
});

describe('brackets', () => {
  test('when the stop-loss and the take-profit are both touched in one bar, the stop-loss is assumed', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10, { stopLoss: 102, takeProfit: 107.5 }) }));
    expect(fillsOf(h)).toEqual([
      { point: 1, qty: 10, price: 103, fee: 0 },
      { point: 1, qty: -10, price: 102, fee: 0 },
    ]);
    expect(h.result.trades).toHaveLength(1);
    expect(h.result.trades[0].pnl).toBe(-10);
    expect(h.result.unfilledAtEnd).toBe(0);
  });
  test('only the take-profit touched: it fills at its price and cancels the stop-loss', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10, { stopLoss: 95, takeProfit: 107.5 }) }));
    expect(fillsOf(h)[1]).toEqual({ point: 1, qty: -10, price: 107.5, fee: 0 });
    expect(h.result.trades[0].pnl).toBe(45);
    expect(h.result.unfilledAtEnd).toBe(0);
    expect(h.events.filter((e) => e.kind === 'cancel')).toHaveLength(1);
  });
  test('a gap through the stop-loss exits at the open', () => {
    const h = runEngine([B], scripted({ 1: (c) => c.buy(10, { stopLoss: 101, takeProfit: 200 }) }));
    expect(fillsOf(h)).toEqual([
      { point: 2, qty: 10, price: 106, fee: 0 },
      { point: 3, qty: -10, price: 100, fee: 0 },
    ]);
  });
});

describe('partial fills, commissions, borrow, leverage', () => {
  test('a volume-participation cap fills the order over several bars', () => {
    const V = bars(Array.from(B.open, (_, i) => [B.open[i], B.high[i], B.low[i], B.close[i], 50]));
    const h = runEngine([V], scripted({ 0: (c) => c.buy(12) }), { participation: 0.1 });
    expect(fillsOf(h).map((f) => [f.point, f.qty, f.price])).toEqual([
      [1, 5, 103],
      [2, 5, 106],
      [3, 2, 100],
    ]);
  });
  test('commission models: percent of notional, per share with a minimum', () => {
    expect(runEngine([B], scripted({ 0: (c) => c.buy(10) }), { commission: 0.01 }).result.fills[0].fee).toBeCloseTo(10.3, 12);
    expect(runEngine([B], scripted({ 0: (c) => c.buy(10) }), { commissionPerShare: 0.5, commissionMin: 7 }).result.fills[0].fee).toBe(7);
    expect(runEngine([B], scripted({ 0: (c) => c.buy(20) }), { commissionPerShare: 0.5, commissionMin: 7 }).result.fills[0].fee).toBe(10);
  });
  test('borrow cost: a short pays rate / periods-per-year of its value at every close it is held', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.sell(10) }), { borrowRate: 0.252 });
    // Short from bar 1's open; charged at the closes of bars 1..5: 0.001 · 10 · close.
    const expected = 0.001 * 10 * (107 + 105 + 98 + 111 + 114);
    expect(h.result.ledger.fees).toBeCloseTo(expected, 10);
    expect(h.result.equity[5]).toBeCloseTo(10_000 + 10 * 103 - 10 * 114 - expected, 9);
  });
  test('an order larger than leverage allows is cut to whole units that fit', () => {
    expect(runEngine([B], scripted({ 0: (c) => c.buy(20) }), { cash: 1000 }).result.fills[0].qty).toBe(9);
    expect(runEngine([B], scripted({ 0: (c) => c.buy(20) }), { cash: 1000, leverage: 2 }).result.fills[0].qty).toBe(19);
    const none = runEngine([B], scripted({ 0: (c) => c.buy(20) }), { cash: 50 });
    expect(none.result.fills).toEqual([]);
    expect(none.events.some((e) => e.kind === 'reject' && e.reason === 'INSUFFICIENT_MARGIN')).toBe(true);
  });
  test('reduce-only orders never open or flip a position', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(5), 1: (c) => c.sell(8, { reduceOnly: true }), 2: (c) => c.sell(1, { reduceOnly: true }) }));
    expect(fillsOf(h).map((f) => f.qty)).toEqual([5, -5]);
  });
  test('cancel removes a working order; closePosition flattens at the next open', () => {
    let id = 0;
    const h = runEngine([B], scripted({ 0: (c) => void (id = c.buy(1, { type: 'limit', limit: 90 })), 1: (c) => c.cancel(id) }));
    expect(h.result.unfilledAtEnd).toBe(0);
    const k = runEngine([B], scripted({ 0: (c) => c.sell(3), 2: (c) => c.closePosition() }));
    expect(fillsOf(k)).toEqual([
      { point: 1, qty: -3, price: 103, fee: 0 },
      { point: 3, qty: 3, price: 100, fee: 0 },
    ]);
    expect(k.result.trades[0]).toMatchObject({ side: 'short', qty: 3, entryPrice: 103, exitPrice: 100, pnl: 9, entryBar: 1, exitBar: 3 });
  });
});

describe('signals and sizing', () => {
  test('all-in: the largest whole number of units whose cost plus commission fits the cash', () => {
    // 10,000 / (103 · 1.002) = 96.9 → 96; 96 · 103 · 1.002 = 9,907.5 fits, 97 would cost 10,011.
    const h = runEngine([B], scripted({ 0: (c) => c.signal('BUY') }), { commission: 0.002 });
    expect(h.result.fills[0]).toMatchObject({ qty: 96, price: 103 });
    expect(h.result.fills[0].fee).toBeCloseTo(96 * 103 * 0.002, 10);
  });
  test('a SELL signal reverses a long: close and open short in one fill, sized with the cash after the close', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.signal('BUY'), 2: (c) => c.signal('SELL') }), { commission: 0.002 });
    const cashAfterClose = 10_000 - 96 * 103 * 1.002 + 96 * 100 * 0.998;
    const short = Math.floor(cashAfterClose / (100 * 1.002));
    expect(h.result.fills[1]).toMatchObject({ point: 3, qty: -(96 + short), price: 100 });
    expect(h.result.trades).toHaveLength(1);
    expect(h.result.trades[0].pnl).toBeCloseTo(96 * (100 - 103) - 96 * 103 * 0.002 - 96 * 100 * 0.002, 9);
    expect(h.result.openPositions).toEqual({ S0: -short });
  });
  test('repeating the current direction keeps the position; without shorting SELL means flat', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.signal('BUY'), 1: (c) => c.signal('BUY'), 2: (c) => c.signal('SELL') }), {}, { allowShort: false });
    expect(fillsOf(h).map((f) => f.qty)).toEqual([97, -97]);
  });
  test('ABSTAIN changes nothing and is counted', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.signal('ABSTAIN', 0.4), 1: (c) => c.signal('ABSTAIN') }));
    expect(h.result.fills).toEqual([]);
    expect(h.result.counters).toMatchObject({ signals: 2, abstentions: 2 });
  });
  test('percent and fixed sizing', () => {
    expect(runEngine([B], scripted({ 0: (c) => c.signal('BUY') }), { sizing: 'percent', sizingValue: 0.5 }).result.fills[0].qty).toBe(48);
    expect(runEngine([B], scripted({ 0: (c) => c.signal('BUY') }), { sizing: 'fixed', sizingValue: 7 }).result.fills[0].qty).toBe(7);
  });
  test('close-at-end closes at the last close and makes it a trade', () => {
    const h = runEngine([B], scripted({ 0: (c) => c.buy(10) }), { closeAtEnd: true, commission: 0.001 });
    expect(h.result.trades).toHaveLength(1);
    expect(h.result.trades[0]).toMatchObject({ exitPrice: 114, exitBar: 5 });
    expect(h.result.equity[5]).toBeCloseTo(10_000 + 10 * (114 - 103) - 0.001 * 10 * (103 + 114), 9);
  });
});

describe('multi-asset and volatility-target sizing', () => {
  test('bars of different symbols are handled in close-time order; each symbol’s orders fill on its own next bar', () => {
    const DAY = 86_400_000;
    const a = bars([
      [10, 11, 9, 10],
      [10, 11, 9, 10.5],
      [11, 12, 10, 11],
    ]);
    // Symbol 1 closes half a day later than symbol 0 each day.
    const b = bars(
      [
        [50, 51, 49, 50],
        [52, 53, 51, 52],
        [54, 55, 53, 54],
      ],
      Date.UTC(2020, 0, 2) + DAY / 2,
    );
    const seen: string[] = [];
    const strategy = {
      init() {},
      onBar(ctx: Parameters<ReturnType<typeof scripted>['onBar']>[0]) {
        seen.push(`${ctx.symbol}@${ctx.barIndex}`);
        if (ctx.symbol === 'S0' && ctx.barIndex === 0) ctx.buy(1, { symbol: 'S1' });
      },
    };
    const h = runEngine([a, b], strategy);
    expect(seen).toEqual(['S0@0', 'S1@0', 'S0@1', 'S1@1', 'S0@2', 'S1@2']);
    // Decided at S0's first close, while S1's first bar was under way (it opened before the
    // decision): the order may only fill on S1's next bar, at its open.
    expect(h.result.fills.map((f) => [f.symbol, f.point, f.price])).toEqual([['S1', 3, 52]]);
    expect(h.result.times.length).toBe(6);
  });

  test('vol-target: units = equity · min(target / σ, leverage) / price, σ read at the decision bar', () => {
    const features = new Map([['volatility_21', [Float64Array.from([0.4, 0.4, 0.1, 0.1, 0.1, 0.1])]]]);
    const h = runEngine([B], scripted({ 0: (c) => c.signal('BUY') }), { sizing: 'vol-target', sizingValue: 0.2 }, { features });
    expect(h.result.fills[0].qty).toBe(Math.floor((10_000 * 0.5) / 103));
    const capped = runEngine([B], scripted({ 2: (c) => c.signal('SELL') }), { sizing: 'vol-target', sizingValue: 0.2, leverage: 1.5 }, { features });
    expect(capped.result.fills[0].qty).toBe(-Math.floor((10_000 * 1.5) / 100));
  });
});
