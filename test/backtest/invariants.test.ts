import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Ledger } from '../../src/engine/ledger.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { BarContext, OrderRequest } from '../../src/strategy/strategy.js';
import { bars, runEngine } from './harness.js';

/** A random walk of OHLCV bars with gaps, so every order type and fill rule gets exercised. */
const barRows = fc.array(fc.tuple(fc.double({ min: -0.06, max: 0.06, noNaN: true }), fc.double({ min: 0, max: 0.04, noNaN: true }), fc.double({ min: 0, max: 0.04, noNaN: true }), fc.double({ min: -0.03, max: 0.03, noNaN: true }), fc.integer({ min: 0, max: 400 })), { minLength: 2, maxLength: 40 }).map((steps) => {
  let close = 100;
  return steps.map(([gap, up, down, move, volume]) => {
    const open = close * (1 + gap);
    close = open * (1 + move);
    return [open, Math.max(open, close) * (1 + up), Math.min(open, close) * (1 - down), close, volume];
  });
});

type Action = { bar: number; kind: number; qty: number; offset: number; offset2: number; symbol: number };
const action = fc.record({ bar: fc.integer({ min: 0, max: 39 }), kind: fc.integer({ min: 0, max: 10 }), qty: fc.integer({ min: 1, max: 150 }), offset: fc.double({ min: -0.08, max: 0.08, noNaN: true }), offset2: fc.double({ min: -0.08, max: 0.08, noNaN: true }), symbol: fc.integer({ min: 0, max: 1 }) });

const config = fc.record({
  commission: fc.constantFrom(0, 0.001, 0.01),
  commissionPerShare: fc.constantFrom(0, 0.01),
  commissionMin: fc.constantFrom(0, 1),
  slippageBps: fc.constantFrom(0, 5, 50),
  participation: fc.constantFrom(null, 0.05, 0.5),
  borrowRate: fc.constantFrom(0, 0.1),
  leverage: fc.constantFrom(1, 2, 4),
  latencyBars: fc.constantFrom(0, 1),
  closeAtEnd: fc.boolean(),
  sizing: fc.constantFrom('all-in' as const, 'percent' as const, 'fixed' as const),
  fill: fc.constantFrom('next-open' as const, 'next-close' as const, 'vwap-proxy' as const),
});

function act(ctx: BarContext, a: Action, symbols: string[]): void {
  const symbol = symbols[a.symbol % symbols.length];
  const ref = ctx.close();
  const side = a.qty % 2 === 0 ? 'buy' : 'sell';
  const base: OrderRequest = { side, qty: a.qty, symbol };
  const p1 = ref * (1 + a.offset);
  const p2 = ref * (1 + a.offset2);
  switch (a.kind) {
    case 0: return void ctx.order(base);
    case 1: return void ctx.order({ ...base, type: 'limit', limit: p1 });
    case 2: return void ctx.order({ ...base, type: 'stop', stop: p1 });
    case 3: return void ctx.order({ ...base, type: 'stop-limit', stop: p1, limit: p2 });
    case 4: return void ctx.order({ ...base, takeProfit: side === 'buy' ? ref * 1.05 : ref * 0.95, stopLoss: side === 'buy' ? ref * 0.96 : ref * 1.04 });
    case 5: return void ctx.order({ ...base, reduceOnly: true });
    case 6: return ctx.closePosition(symbol);
    case 7: return ctx.signal('BUY', 1, symbol);
    case 8: return ctx.signal('SELL', 1, symbol);
    case 9: return ctx.signal('ABSTAIN');
    default: return ctx.cancel(a.qty % 7);
  }
}

/**
 * Replays the events independently of the ledger: cash moves by -(qty·price + fee) per fill and
 * by -fee per carry charge; positions sum the fills. After every event the ledger must agree,
 * equity must equal cash + Σ position·price, and equity - initial cash must equal the P&L of the
 * closed and open round trips minus their fees.
 */
function invariantChecker(initialCash: number, nSymbols: number) {
  let cash = initialCash;
  const pos = new Float64Array(nSymbols);
  const symbolIndex = (s: string) => Number(s.slice(1));
  let checks = 0;
  const check = (e: EngineEvent, l: Ledger) => {
    if (e.kind === 'fill') {
      cash -= e.fill.qty * e.fill.price + e.fill.fee;
      pos[symbolIndex(e.fill.symbol)] += e.fill.qty;
    } else if (e.kind === 'carry') cash -= e.fee;
    const tol = 1e-9 * (Math.abs(initialCash) + l.tradedNotional);
    expect(Math.abs(l.cash - cash)).toBeLessThanOrEqual(tol);
    let equity = l.cash;
    for (let s = 0; s < nSymbols; s++) {
      expect(Math.abs(l.position[s] - pos[s])).toBeLessThan(1e-9);
      if (pos[s] !== 0) equity += pos[s] * l.mark[s];
    }
    expect(Math.abs(l.equity() - equity)).toBeLessThanOrEqual(tol);
    let tradePnl = 0;
    for (const t of l.closedTrades.records(l.symbols)) tradePnl += t.pnl;
    expect(Math.abs(tradePnl - l.closedTrades.pnlSum)).toBeLessThanOrEqual(tol);
    for (let s = 0; s < nSymbols; s++) {
      const open = l.openTrade(s);
      if (open) tradePnl += open.realised - open.fees + l.position[s] * (l.mark[s] - l.avgPrice[s]);
      else expect(l.position[s]).toBe(0);
    }
    expect(Math.abs(equity - initialCash - tradePnl)).toBeLessThanOrEqual(tol);
    checks++;
  };
  return { check, checks: () => checks };
}

describe('accounting invariants over random order streams', () => {
  test('checked after every event, on one and two symbols, with every cost model', () => {
    fc.assert(
      fc.property(barRows, barRows, fc.array(action, { maxLength: 60 }), config, fc.boolean(), (rows1, rows2, actions, cfg, two) => {
        const list = two ? [bars(rows1), bars(rows2)] : [bars(rows1)];
        const symbols = list.map((_, k) => `S${k}`);
        const byBar = new Map<number, Action[]>();
        for (const a of actions) byBar.set(a.bar, [...(byBar.get(a.bar) ?? []), a]);
        const checker = invariantChecker(10_000, list.length);
        const strategy = {
          init() {},
          onBar(ctx: BarContext) {
            if (ctx.symbolIndex !== 0) return;
            for (const a of byBar.get(ctx.barIndex) ?? []) act(ctx, a, symbols);
          },
        };
        const h = runEngine(list, strategy, { ...cfg, sizingValue: cfg.sizing === 'percent' ? 0.3 : cfg.sizing === 'fixed' ? 5 : null }, { listener: checker.check });
        expect(checker.checks()).toBeGreaterThan(0);
        // The recorded equity curve is the ledger's equity at each point.
        const last = h.result.equity[h.result.equity.length - 1];
        expect(Math.abs(last - h.result.ledger.equity())).toBeLessThanOrEqual(1e-9 * (10_000 + h.result.ledger.tradedNotional));
        // Quantities are whole units; fills never exceed what leverage allows at the fill.
        for (const f of h.result.fills) expect(Number.isInteger(f.qty)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('same inputs and seed give byte-identical results; another seed changes the random strategy', () => {
    const rows = Array.from({ length: 300 }, (_, i) => {
      const c = 100 + 10 * Math.sin(i / 7) + i * 0.05;
      return [c - 0.5, c + 1, c - 1, c, 100];
    });
    const rand = {
      init() {},
      onBar(ctx: BarContext) {
        if (ctx.random() < 0.1) ctx.signal(ctx.random() < 0.5 ? 'BUY' : 'SELL');
      },
    };
    const run = (seed: number) => {
      const r = runEngine([bars(rows)], rand, { seed, commission: 0.001 }).result;
      return JSON.stringify({ fills: r.fills, trades: r.trades, equity: Array.from(r.equity) });
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});
