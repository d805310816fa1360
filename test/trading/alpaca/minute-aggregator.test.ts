import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Interval, MINUTE_MS, intervalMs } from '../../../src/core/interval.js';
import { MinuteAggregator } from '../../../src/trading/alpaca/minute-aggregator.js';
import type { FeedBar } from '../../../src/trading/feeds/feed.js';

const T0 = Date.UTC(2024, 0, 2, 14, 30);

/** Minute bars (close-stamped) at the chosen minute offsets, with random prices. */
const minutes = fc
  .uniqueArray(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 120 })
  .chain((offs) =>
    fc.tuple(
      fc.constant([...offs].sort((a, b) => a - b)),
      fc.array(fc.tuple(fc.integer({ min: 100, max: 200 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1000 })), {
        minLength: offs.length,
        maxLength: offs.length,
      }),
    ),
  )
  .map(([offs, px]) =>
    offs.map((m, i): FeedBar => {
      const [o, up, down, v] = px[i];
      const c = o + up - down;
      return { symbol: 'X', time: T0 + m * MINUTE_MS, open: o, high: Math.max(o, c) + up, low: Math.min(o, c) - down, close: c, volume: v };
    }),
  );

/** The bars by definition: minutes grouped by the period holding their open. */
function byDefinition(bars: FeedBar[], iv: Interval): FeedBar[] {
  const step = intervalMs(iv);
  const groups = new Map<number, FeedBar[]>();
  for (const b of bars) {
    const end = Math.floor((b.time - MINUTE_MS) / step) * step + step;
    groups.set(end, [...(groups.get(end) ?? []), b]);
  }
  return [...groups].map(([end, g]) => ({
    symbol: 'X',
    time: end,
    open: g[0].open,
    high: Math.max(...g.map((b) => b.high)),
    low: Math.min(...g.map((b) => b.low)),
    close: g[g.length - 1].close,
    volume: g.reduce((s, b) => s + b.volume, 0),
  }));
}

describe('MinuteAggregator', () => {
  it('builds each period from its minutes; a period comes out at its last minute or when a later one starts', () => {
    fc.assert(
      fc.property(minutes, fc.constantFrom<Interval>('1m', '5m', '15m', '1h'), (bars, iv) => {
        const agg = new MinuteAggregator(iv);
        const out: FeedBar[] = [];
        for (const b of bars) agg.push({ ...b }, (x) => out.push({ ...x }));
        const expected = byDefinition(bars, iv);
        const last = expected[expected.length - 1];
        // The last period is still open unless its final minute arrived.
        const complete = bars[bars.length - 1].time === last.time;
        expect(out).toEqual(complete ? expected : expected.slice(0, -1));
      }),
    );
  });

  it('passes 1m bars straight through', () => {
    const agg = new MinuteAggregator('1m');
    const out: FeedBar[] = [];
    const bar = { symbol: 'X', time: T0 + MINUTE_MS, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 };
    agg.push(bar, (b) => out.push(b));
    expect(out).toEqual([bar]);
  });
});
