import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseBacktestConfig, runBacktest } from '../../../src/backtest/run-backtest.js';
import { modelsOf } from '../../../src/backtest/simulate.js';
import { periodsPerYear } from '../../../src/backtest/metrics/index.js';
import { parseInterval } from '../../../src/core/interval.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { BrokerUpdate } from '../../../src/trading/broker.js';
import { PaperBroker } from '../../../src/trading/paper-broker.js';
import { runPaperSession } from '../../../src/trading/session/paper-runner.js';
import { bookOf, writeCommand } from '../../../src/trading/session/commands.js';
import { tempDir } from '../../helpers/tmp.js';
import { goodStore } from '../session/session-helpers.js';

/**
 * The routed order path of a session (the one live trading takes to a real broker): orders
 * leave the kernel for a TradingBroker, and only what the broker reports reaches the ledger,
 * journaled first. Routed to the PaperBroker (the backtest's fill models behind the broker
 * interface, filling on the session's bars), a replay must give exactly the backtest's trades:
 * with fixed-unit sizing an order's size does not depend on the price it is sized at, so
 * sizing at submission (routed) and at the fill (kernel) agree.
 */

const config = (extra: Record<string, unknown> = {}) => ({
  strategy: 'sma-cross',
  params: { fast: 10, slow: 30 },
  symbols: ['GOOG'],
  interval: '1d',
  sizing: 'fixed' as const,
  sizingValue: 25,
  randomSeeds: 3,
  ...extra,
});

async function routedRun(db: string, session: string, extra: Record<string, unknown> = {}) {
  const store = await SqliteStore.open(db);
  try {
    const cfg = parseBacktestConfig(config(extra));
    const broker = new PaperBroker({ symbols: cfg.symbols, lotSizes: [1], cash: cfg.cash, latencyBars: cfg.latencyBars, models: modelsOf(cfg, periodsPerYear(parseInterval('1d'), 'equity')) });
    const updates: BrokerUpdate[] = [];
    broker.onUpdate((u) => updates.push(u));
    const out = await runPaperSession(store, { session, config: config(extra), speed: 'max', approval: false, approvalTtlSec: 60, stop: new AbortController().signal, broker });
    const backtest = await runBacktest(store, config(extra));
    return { out, backtest, broker, updates, events: store.trading().journal(session) };
  } finally {
    await store.close();
  }
}

describe('a session routed to a broker', () => {
  test('routed to the PaperBroker, a GOOG replay makes exactly the backtest trades, every fill coming from the broker', async () => {
    const db = goodStore();
    const { out, backtest, broker, updates, events } = await routedRun(db, 'routed', { commission: 0.001, slippageBps: 5 });
    expect(out.finished).toBe(true);
    expect(backtest.trades.length).toBeGreaterThan(40);
    expect(out.run!.trades).toEqual(backtest.trades);
    expect(out.run!.metrics).toEqual(backtest.metrics);
    expect(out.differences).toEqual([]);
    expect(out.problems).toEqual([]);
    // The session's ledger is the broker's account.
    const account = await broker.account();
    expect(out.engine.ledger.cash).toBeCloseTo(account.cash, 6);
    const held = await broker.positions();
    expect(out.engine.ledger.position[0]).toBe(held[0]?.qty ?? 0);
    expect(out.repairs).toEqual([]);
    // Every fill in the journal is one the broker reported, in the same order and amounts.
    const fills = events.filter((e) => e.kind === 'fill');
    const reported = updates.filter((u) => u.fill);
    expect(fills.length).toBe(reported.length);
    fills.forEach((f, k) => {
      expect(f.actor).toBe('broker');
      expect(f.orderId).toBe(reported[k].order.clientOrderId);
      expect(f.data.qty).toBe(reported[k].fill!.qty);
      expect(f.data.price).toBe(reported[k].fill!.price);
    });
    // Orders were accepted by the broker, not by the runner.
    const accepted = events.filter((e) => e.kind === 'state' && e.data.to === 'accepted');
    expect(accepted.length).toBe(new Set(fills.map((f) => f.orderId)).size);
    for (const a of accepted) expect(a.actor).toBe('broker');
  });

  test('routed with approval required: approved orders reach the broker and fill, rejected ones never leave the session', async () => {
    const db = goodStore();
    const store = await SqliteStore.open(db);
    const person = await SqliteStore.open(db);
    const cfg = parseBacktestConfig(config({ from: Date.UTC(2012, 0, 3), sizingValue: 10 }));
    const broker = new PaperBroker({ symbols: cfg.symbols, lotSizes: [1], cash: cfg.cash, latencyBars: cfg.latencyBars, models: modelsOf(cfg, periodsPerYear(parseInterval('1d'), 'equity')) });
    const decided = new Map<string, boolean>();
    // A person who approves every other order as it comes up.
    const deciding = setInterval(() => {
      const trading = person.trading();
      if (!trading.getSession('approve')) return;
      for (const o of bookOf(trading, 'approve').pending()) {
        if (decided.has(o.clientOrderId)) continue;
        const approve = decided.size % 2 === 0;
        decided.set(o.clientOrderId, approve);
        writeCommand(trading, 'approve', o.clientOrderId, 'alice', approve ? { command: 'approve', reason: 'fine' } : { command: 'reject', reason: 'no' });
      }
    }, 10);
    try {
      const out = await runPaperSession(store, { session: 'approve', config: config({ from: Date.UTC(2012, 0, 3), sizingValue: 10 }), speed: 'max', approval: true, approvalTtlSec: 600, stop: new AbortController().signal, broker });
      expect(out.finished).toBe(true);
      expect(out.differences).toEqual([]);
      expect([...decided.values()].filter((a) => a).length).toBeGreaterThanOrEqual(2);
      expect([...decided.values()].filter((a) => !a).length).toBeGreaterThanOrEqual(2);
      for (const [id, approved] of decided) {
        const order = out.book.orders.get(id)!;
        const atBroker = await broker.getOrder(id);
        if (approved) {
          expect(atBroker, id).not.toBeNull();
          expect(order.state).toBe(atBroker!.status === 'filled' ? 'filled' : order.state);
          expect(order.filledQty).toBe(atBroker!.filledQty);
        } else {
          expect(atBroker, id).toBeNull();
          expect(order.state).toBe('denied');
          expect(order.code).toBe('HUMAN_REJECTED');
        }
      }
      expect(out.engine.ledger.cash).toBeCloseTo((await broker.account()).cash, 6);
    } finally {
      clearInterval(deciding);
      await person.close();
      await store.close();
    }
  });
});
