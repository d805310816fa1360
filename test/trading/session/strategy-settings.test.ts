import { beforeAll, describe, expect, test } from 'vitest';
import type { JournalEvent } from '../../../src/store/trading-store.js';
import { goodStore, killChildrenAfterAll, ok, readSession, signal, smaArgs, spawnSextant, waitUntil } from './session-helpers.js';

/**
 * Issue 7: a strategy switched off, and a strategy whose orders must wait for a person, set in
 * the controls while a paper session runs (the dashboard's Strategies page does the same through
 * the API). The session applies both at its next bar and journals them.
 */

killChildrenAfterAll();

const SPEED = '3600000';
const RANGE = ['--from', '2006-01-01', '--to', '2010-12-31'];
const S = 'settings';

const strategyOrders = (events: readonly JournalEvent[], fromTick: number) => events.filter((e) => e.kind === 'order' && e.data.origin === 'strategy' && e.tick >= fromTick);
const states = (events: readonly JournalEvent[], id: string) => events.filter((e) => e.orderId === id && e.kind === 'state').map((e) => e.data as { to: string; code?: string });
const controlAfter = (db: string, afterSeq: number, what: (e: JournalEvent) => boolean) =>
  waitUntil('the runner to apply the change', () => readSession(db, S).events.find((e) => e.kind === 'control' && e.seq > afterSeq && what(e)));
const listed = (e: JournalEvent, key: string) => (e.data[key] as string[] | undefined) ?? [];

describe('strategy settings in a running session', () => {
  let db: string;
  beforeAll(() => {
    db = goodStore(['maxDrawdownPct=off', 'dailyLossPct=off', 'priceBandPct=off']);
  });

  test('switched off: its orders are denied RISK_STRATEGY_DISABLED and nothing is cancelled; approval required: its orders wait for a person', async () => {
    const child = spawnSextant(db, ['paper', ...smaArgs(5, 20, RANGE), '--session', S, '--speed', SPEED, '--json']);
    await waitUntil('a first strategy order', () => strategyOrders(readSession(db, S).events, 0).length > 0);

    const start = readSession(db, S).events.length;
    const off = ok(db, ['controls', 'strategy', 'sma-cross', '--disable', '--reason', 'test']);
    expect(off).toMatchObject({ name: 'sma-cross', enabled: false, approval_mode: 'session' });
    const disabled = await controlAfter(db, start, (e) => listed(e, 'disabledStrategies').includes('sma-cross'));
    await waitUntil('a strategy order while off', () => strategyOrders(readSession(db, S).events, disabled.tick + 1).length > 0);

    ok(db, ['controls', 'strategy', 'sma-cross', '--enable', '--approval', 'required']);
    const required = await controlAfter(db, disabled.seq, (e) => listed(e, 'approvalStrategies').includes('sma-cross') && listed(e, 'disabledStrategies').length === 0);
    const held = await waitUntil('a strategy order waiting for approval', () =>
      strategyOrders(readSession(db, S).events, required.tick + 1).find((o) => states(readSession(db, S).events, o.orderId!).some((s) => s.to === 'pending-approval')),
    );
    ok(db, ['controls', 'strategy', 'sma-cross', '--approval', 'session']);
    signal(child, 'SIGTERM');
    const exit = await child.done;
    expect(exit.code, exit.stderr).toBe(0);

    const { events } = readSession(db, S);
    const whileOff = strategyOrders(events, disabled.tick).filter((o) => o.tick < required.tick);
    expect(whileOff.length).toBeGreaterThanOrEqual(1);
    for (const o of whileOff) {
      const end = states(events, o.orderId!).at(-1);
      // A signal sized at zero (already positioned that way) trades nothing and may end cancelled instead.
      if (o.data.qty === 0 && end?.to === 'canceled') continue;
      expect(end, o.orderId!).toMatchObject({ to: 'denied', code: 'RISK_STRATEGY_DISABLED' });
    }
    // Switching off cancels nothing (unlike the kill switch): no order changed state at the tick it was applied, by the runner's hand.
    expect(events.filter((e) => e.kind === 'state' && e.tick === disabled.tick && (e.data as { to: string }).to === 'canceled' && e.seq > disabled.seq && e.seq < disabled.seq + 3)).toEqual([]);
    // Before approval was required, no strategy order waited; after, the held one did.
    expect(strategyOrders(events, 0).filter((o) => o.tick < required.tick && states(events, o.orderId!).some((s) => s.to === 'pending-approval'))).toEqual([]);
    expect(held.tick).toBeGreaterThanOrEqual(required.tick);

    const audit = ok<{ action: string; subject: string }[]>(db, ['audit', '--limit', '20']).filter((a) => a.action.startsWith('strategy.'));
    expect(audit.map((a) => a.action).sort()).toEqual(['strategy.approval', 'strategy.approval', 'strategy.disable', 'strategy.enable']);
  });

  test('launch parameters are validated against the strategy and audited; an unknown strategy is refused', () => {
    const saved = ok(db, ['controls', 'strategy', 'sma-cross', '--param', 'fast=7', '--param', 'slow=40']);
    expect(saved.launch_params).toMatchObject({ fast: 7, slow: 40 });
    expect(saved.defaults).not.toMatchObject({ fast: 7, slow: 40 });
    expect(() => ok(db, ['controls', 'strategy', 'sma-cross', '--param', 'fast=-3'])).toThrow(/STRATEGY_PARAM_INVALID/);
    expect(() => ok(db, ['controls', 'strategy', 'sma-cross', '--param', 'nope=1'])).toThrow(/STRATEGY_PARAM_INVALID/);
    expect(() => ok(db, ['controls', 'strategy', 'no-such', '--disable'])).toThrow(/STRATEGY_UNKNOWN/);
  });
});
