import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRiskConfig } from '../../../src/trading/risk/config.js';
import { portfolioExposure } from '../../../src/trading/risk/exposure.js';
import { isReducing } from '../../../src/trading/risk/position-effect.js';
import { checkOrder, RISK_CHECKS } from '../../../src/trading/risk/risk-engine.js';
import type { RiskOrder } from '../../../src/trading/risk/types.js';
import { order, snapshot } from './fixtures.js';

const SYMBOLS = ['AAPL', 'MSFT', 'GOOG'];
/** Denials that must never stop an order getting out of a position. */
const NEVER_FOR_REDUCING = new Set(['RISK_MAX_POSITION', 'RISK_GROSS_EXPOSURE', 'RISK_NET_EXPOSURE', 'RISK_ORDER_NOTIONAL', 'RISK_ORDER_RISK', 'RISK_STOP_REQUIRED', 'RISK_DAILY_LOSS', 'RISK_MAX_DRAWDOWN', 'RISK_NO_PRICE', 'RISK_REDUCING_ONLY', 'RISK_CIRCUIT_BREAKER']);
const SIZE_CHECKS = ['daily-loss', 'max-drawdown', 'circuit-breaker', 'price-known', 'stop-required', 'order-notional', 'order-risk', 'max-position', 'gross-exposure', 'net-exposure'];

const price = fc.oneof(fc.double({ min: 0.01, max: 10_000, noNaN: true }), fc.constant(Number.NaN));
const pct = fc.oneof(fc.constant(null), fc.double({ min: 0.01, max: 100, noNaN: true }));
const config = fc.record({ maxPositionPct: pct, maxGrossExposurePct: pct, maxNetExposurePct: pct, maxRiskPerOrderPct: pct, dailyLossPct: pct, maxDrawdownPct: pct, maxOrderNotional: pct, requireStopLoss: fc.boolean() }).map((c) => parseRiskConfig(c));
const working = (symbol: fc.Arbitrary<string>) =>
  fc.record({ symbol, side: fc.constantFrom(1 as const, -1 as const), qty: fc.double({ min: 0.001, max: 500, noNaN: true }), price: fc.double({ min: 0.01, max: 10_000, noNaN: true }) });

/** Any portfolio, prices partly unknown, equity anything down to ruin, and an order that strictly reduces AAPL without flipping. */
const reducingCase = fc
  .record({
    held: fc.double({ min: 0.01, max: 10_000, noNaN: true }),
    long: fc.boolean(),
    fraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
    sameSideShare: fc.double({ min: 0, max: 1, noNaN: true }),
    others: fc.array(fc.tuple(fc.constantFrom('MSFT', 'GOOG'), fc.double({ min: -10_000, max: 10_000, noNaN: true }), price), { maxLength: 2 }),
    otherWorking: fc.array(working(fc.constantFrom(...SYMBOLS)), { maxLength: 4 }),
    equity: fc.double({ min: -1e6, max: 1e7, noNaN: true }),
    dayStart: fc.double({ min: 1, max: 1e7, noNaN: true }),
    peak: fc.double({ min: 1, max: 1e7, noNaN: true }),
    orderPrice: price,
    stopLoss: fc.oneof(fc.constant(null), fc.double({ min: 0.01, max: 10_000, noNaN: true })),
    paused: fc.boolean(),
    state: fc.constantFrom('ACTIVE' as const, 'REDUCING' as const),
    config,
  })
  .map((k) => {
    const side = k.long ? (-1 as const) : (1 as const);
    const qty = k.held * k.fraction * (1 - k.sameSideShare);
    const sameSide = k.held * k.fraction * k.sameSideShare;
    const openOrders: RiskOrder[] = k.otherWorking
      // working AAPL orders on the order's own side are limited to `sameSide` below
      .filter((w) => w.symbol !== 'AAPL' || w.side !== side)
      .map((w, i) => order({ clientOrderId: `w${i}`, ...w }));
    if (sameSide > 0) openOrders.push(order({ clientOrderId: 'same', side, qty: sameSide }));
    const positions: Record<string, [number, number]> = { AAPL: [k.long ? k.held : -k.held, 100] };
    for (const [s, q, p] of k.others) positions[s] = [q, p];
    const s = snapshot({
      positions,
      last: { AAPL: Number.NaN, MSFT: Number.NaN },
      openOrders,
      equity: k.equity,
      dayStartEquity: k.dayStart,
      peakEquity: k.peak,
      tradingState: k.state,
      pausedUntil: k.paused ? { s1: Date.parse('2030-01-01') } : {},
    });
    return { o: order({ side, qty, price: k.orderPrice, stopLoss: k.stopLoss }), s, c: k.config };
  })
  .filter(({ o }) => o.qty > 0);

describe('reducing orders are never blocked by exposure, size or loss limits', () => {
  it('holds for any snapshot and any strictly reducing, non-flipping order', () => {
    fc.assert(
      fc.property(reducingCase, ({ o, s, c }) => {
        expect(isReducing(o, s)).toBe(true);
        const { decision } = checkOrder(o, s, c);
        if (!decision.ok) expect(NEVER_FOR_REDUCING.has(decision.code), `${decision.code}: ${decision.message}`).toBe(false);
        for (const check of RISK_CHECKS.filter((k) => SIZE_CHECKS.includes(k.name))) {
          const d = check.run(o, s, c);
          expect(d.ok, d.ok ? '' : `${check.name}: ${d.message}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('an order that goes one unit beyond zero is not reducing, and REDUCING denies it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100 }), fc.boolean(), (held, working, long) => {
        const side = long ? (-1 as const) : (1 as const);
        const openOrders = working > 0 && working < held ? [order({ clientOrderId: 'w', side, qty: working })] : [];
        const w = openOrders.length ? working : 0;
        const s = snapshot({ positions: { AAPL: [long ? held : -held, 100] }, openOrders, tradingState: 'REDUCING' });
        expect(isReducing(order({ side, qty: held - w }), s)).toBe(true);
        const flip = order({ side, qty: held - w + 1 });
        expect(isReducing(flip, s)).toBe(false);
        expect(checkOrder(flip, s, parseRiskConfig({})).decision).toMatchObject({ ok: false, code: 'RISK_REDUCING_ONLY' });
      }),
      { numRuns: 500 },
    );
  });
});

describe('portfolio exposure equals the worst case over every subset of working orders filling', () => {
  const exposureCase = fc.record({
    positions: fc.array(fc.tuple(fc.constantFrom(...SYMBOLS), fc.integer({ min: -50, max: 50 })), { maxLength: 3 }),
    prices: fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })),
    working: fc.array(fc.record({ symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom(1 as const, -1 as const), qty: fc.integer({ min: 1, max: 30 }) }), { maxLength: 6 }),
    mine: fc.record({ symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom(1 as const, -1 as const), qty: fc.integer({ min: 1, max: 30 }) }),
  });

  it('gross, net-high and net-low before and after the order', () => {
    fc.assert(
      fc.property(exposureCase, (k) => {
        const priceOf: Record<string, number> = Object.fromEntries(SYMBOLS.map((s, i) => [s, k.prices[i]]));
        const held: Record<string, number> = {};
        for (const [s, q] of k.positions) held[s] = q; // later duplicates win, as in a Map
        const s = snapshot({
          positions: Object.fromEntries(Object.entries(held).map(([sym, q]) => [sym, [q, priceOf[sym]]])),
          last: priceOf,
          openOrders: k.working.map((w, i) => order({ clientOrderId: `w${i}`, ...w, price: priceOf[w.symbol] })),
        });
        const o = order({ ...k.mine, price: priceOf[k.mine.symbol] });
        const e = portfolioExposure(o, s);

        // After the order it is one more working order: it may fill or not, like the others.
        const brute = (withOrder: boolean) => {
          const orders = withOrder ? [...k.working, o] : k.working;
          let gross = -Infinity;
          let high = -Infinity;
          let low = Infinity;
          for (let mask = 0; mask < 1 << orders.length; mask++) {
            const units: Record<string, number> = { ...held };
            orders.forEach((w, i) => {
              if (mask & (1 << i)) units[w.symbol] = (units[w.symbol] ?? 0) + w.side * w.qty;
            });
            let g = 0;
            let n = 0;
            for (const [sym, u] of Object.entries(units)) {
              g += Math.abs(u) * priceOf[sym];
              n += u * priceOf[sym];
            }
            gross = Math.max(gross, g);
            high = Math.max(high, n);
            low = Math.min(low, n);
          }
          return { gross, high, low };
        };
        const before = brute(false);
        const after = brute(true);
        expect(e.unpriced).toBeNull();
        // Gross: the per-symbol worst cases add up, since each symbol's working orders fill independently.
        expect(e.grossBefore).toBe(before.gross);
        expect(e.grossAfter).toBe(after.gross);
        expect(e.netHighBefore).toBe(before.high);
        expect(e.netLowBefore).toBe(before.low);
        expect(e.netHighAfter).toBe(after.high);
        expect(e.netLowAfter).toBe(after.low);
      }),
      { numRuns: 500 },
    );
  });
});
