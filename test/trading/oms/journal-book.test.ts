import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import type { JournalEvent } from '../../../src/store/trading-store.js';
import { JournalBook } from '../../../src/trading/oms/journal-book.js';
import type { OrderState } from '../../../src/trading/oms/order-state.js';
import { JournalBuilder } from './journal.js';

const close = (a: number, b: number, scale = 1) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(scale)));
const fold = (events: readonly JournalEvent[]) => new JournalBook(events);

/** Everything the book holds, as plain data, for comparing two books. */
function snapshot(b: JournalBook) {
  return {
    orders: [...b.orders.entries()],
    positions: [...b.positions.entries()],
    cash: b.cash,
    fees: b.fees,
    lastTick: b.lastTick,
    lastSeq: b.lastSeq,
    applied: [...b.appliedCommands].sort((x, y) => x - y),
    commands: b.commands,
  };
}

describe('folding a hand-computed session', () => {
  // AAPL: buy 10 @ 100 and 10 @ 110 (one order, two fills), sell 5 @ 120, sell 25 @ 90 (a flip),
  // buy 10 @ 95 (flat again); MSFT: 4 @ 50 filled while a cancel was pending; a borrow charge;
  // a denial; an approval that lapses, one approved and one rejected by people.
  const j = new JournalBuilder().start(10_000);
  const mark: Record<string, number> = {};
  j.order('o1', 'AAPL', 'buy', 20).state('o1', 'submitted', { passed: ['max-position', 'price-band'] }).state('o1', 'accepted').fill('o1', 10, 100, 1, 10);
  mark.firstFill = j.length;
  j.fill('o1', 10, 110, 1, 0);
  mark.scaleIn = j.length;
  j.order('o2', 'AAPL', 'sell', 5, { type: 'limit', limitPrice: 120 }).states('o2', 'submitted', 'accepted').fill('o2', 5, 120, 0.5, 0);
  mark.partialClose = j.length;
  j.order('o3', 'AAPL', 'sell', 25).states('o3', 'submitted', 'accepted').fill('o3', 25, 90, 2, 0);
  mark.flip = j.length;
  // A fill straight after submission: the broker's acknowledgement is implied.
  j.order('o4', 'AAPL', 'buy', 10).states('o4', 'submitted').fill('o4', 10, 95, 1, 0);
  mark.flat = j.length;
  j.order('o5', 'AAPL', 'buy', 5).state('o5', 'denied', { code: 'RISK_MAX_POSITION', reason: 'too big' });
  j.order('o6', 'MSFT', 'buy', 10).states('o6', 'submitted', 'accepted', 'cancel-pending').fill('o6', 4, 50, 0.2, 6);
  mark.fillWhileCancelling = j.length;
  j.state('o6', 'canceled', { reason: 'cancelled by alice' }).carry('MSFT', 0.3);
  for (const id of ['o7', 'o8', 'o9']) j.order(id, 'MSFT', 'buy', 1).state(id, 'pending-approval', { passed: ['max-position'], expiresAt: 9_999 });
  mark.waiting = j.length;
  j.state('o7', 'expired', { code: 'APPROVAL_EXPIRED', reason: 'nobody decided', input: 'lapse' });
  const approve = j.command('alice', { command: 'approve', reason: 'looks fine' });
  j.state('o8', 'submitted', { passed: ['max-position'], reason: 'looks fine', input: `command:${approve}` }, 'alice').state('o8', 'accepted', { input: `command:${approve}` });
  const reject = j.command('bob', { command: 'reject', reason: 'not today' });
  j.state('o9', 'denied', { code: 'HUMAN_REJECTED', reason: 'not today', input: `command:${reject}` }, 'bob');
  const unapplied = j.command('carol', { command: 'cancel', reason: 'later' });
  const all = j.events;

  it('rebuilds a partly filled order and the position it opened', () => {
    const b = fold(all.slice(0, mark.firstFill));
    const o1 = b.orders.get('o1')!;
    expect(o1).toMatchObject({ state: 'partially-filled', filledQty: 10, avgFillPrice: 100, fees: 1, passed: ['max-position', 'price-band'] });
    expect(b.positions.get('AAPL')).toEqual({ qty: 10, avgPrice: 100, lastPrice: 100 });
    expect(b.cash).toBe(10_000 - 1_000 - 1);
    expect(b.working().map((o) => o.clientOrderId)).toEqual(['o1']);
  });

  it('averages the price through a scale-in', () => {
    const b = fold(all.slice(0, mark.scaleIn));
    expect(b.orders.get('o1')).toMatchObject({ state: 'filled', filledQty: 20, avgFillPrice: 105, fees: 2 });
    expect(b.positions.get('AAPL')).toEqual({ qty: 20, avgPrice: 105, lastPrice: 110 });
    expect(b.cash).toBe(7_898);
    expect(b.working()).toEqual([]);
  });

  it('keeps the average price on a partial close', () => {
    const b = fold(all.slice(0, mark.partialClose));
    expect(b.positions.get('AAPL')).toEqual({ qty: 15, avgPrice: 105, lastPrice: 120 });
    expect(b.cash).toBe(8_497.5);
    expect(b.fees).toBe(2.5);
  });

  it('restarts the average at the fill price on a flip', () => {
    const b = fold(all.slice(0, mark.flip));
    expect(b.positions.get('AAPL')).toEqual({ qty: -10, avgPrice: 90, lastPrice: 90 });
    expect(b.cash).toBe(10_745.5);
    // 10,000 − 4.5 fees + realised (5 × 15 − 15 × 15 = −150) + unrealised 0 at 90.
    expect(b.equity()).toBe(9_845.5);
  });

  it('goes flat, and a fill straight after submission is accepted implicitly', () => {
    const b = fold(all.slice(0, mark.flat));
    expect(b.positions.get('AAPL')!.qty).toBe(0);
    expect(b.orders.get('o4')).toMatchObject({ state: 'filled', filledQty: 10, avgFillPrice: 95 });
    expect(b.cash).toBe(9_794.5);
  });

  it('leaves an order cancel-pending when a fill arrives during the cancel', () => {
    const b = fold(all.slice(0, mark.fillWhileCancelling));
    expect(b.orders.get('o6')).toMatchObject({ state: 'cancel-pending', filledQty: 4, avgFillPrice: 50 });
    expect(b.working().map((o) => o.clientOrderId)).toEqual(['o6']);
  });

  it('lists the orders waiting for a person', () => {
    const b = fold(all.slice(0, mark.waiting));
    expect(b.pending().map((o) => [o.clientOrderId, o.approvalExpiresAt])).toEqual([['o7', 9_999], ['o8', 9_999], ['o9', 9_999]]);
    expect(b.working()).toEqual([]);
  });

  it('ends with the hand-computed cash, fees, positions, orders and decisions', () => {
    const b = fold(all);
    // Cash: 9,794.5 − 4 × 50 − 0.2 (MSFT fill) − 0.3 (borrow); fees 1+1+0.5+2+1+0.2+0.3.
    expect(b.cash).toBe(9_594);
    close(b.fees, 6);
    expect(b.positions.get('MSFT')).toEqual({ qty: 4, avgPrice: 50, lastPrice: 50 });
    // 10,000 − 6 fees + realised (75 − 225 − 50 = −200) + MSFT unrealised 0.
    expect(b.equity()).toBe(9_794);
    const states = Object.fromEntries([...b.orders].map(([id, o]) => [id, o.state]));
    expect(states).toEqual({ o1: 'filled', o2: 'filled', o3: 'filled', o4: 'filled', o5: 'denied', o6: 'canceled', o7: 'expired', o8: 'accepted', o9: 'denied' });
    expect(b.orders.get('o5')).toMatchObject({ code: 'RISK_MAX_POSITION', reason: 'too big', filledQty: 0 });
    expect(b.orders.get('o7')).toMatchObject({ code: 'APPROVAL_EXPIRED', decision: null });
    expect(b.orders.get('o8')!.decision).toEqual({ actor: 'alice', at: 1_000 + approve + 1, approved: true, reason: 'looks fine' });
    expect(b.orders.get('o9')!.decision).toEqual({ actor: 'bob', at: 1_000 + reject + 1, approved: false, reason: 'not today' });
    expect(b.working().map((o) => o.clientOrderId)).toEqual(['o8']);
    expect(b.pending()).toEqual([]);
    expect([...b.appliedCommands].sort()).toEqual([approve, reject].sort());
    expect(b.unappliedCommands().map((c) => c.seq)).toEqual([unapplied]);
    expect(b.lastSeq).toBe(all.length);
    expect(b.lastTick).toBe(all.length);
  });

  it('gives the same book folded in one go or in two parts, at every split', () => {
    const whole = snapshot(fold(all));
    for (let k = 0; k <= all.length; k++) {
      const b = fold(all.slice(0, k));
      for (const e of all.slice(k)) b.apply(e);
      expect(snapshot(b), `split at ${k}`).toEqual(whole);
    }
  });
});

/** A legal path from new to each state, written from the lifecycle (not from the code). */
const PATH: Record<OrderState, OrderState[]> = {
  new: [],
  'pending-approval': ['pending-approval'],
  submitted: ['submitted'],
  accepted: ['submitted', 'accepted'],
  'partially-filled': ['submitted', 'partially-filled'],
  filled: ['submitted', 'filled'],
  'cancel-pending': ['submitted', 'cancel-pending'],
  canceled: ['submitted', 'canceled'],
  rejected: ['submitted', 'rejected'],
  expired: ['submitted', 'expired'],
  denied: ['denied'],
};
const STATES = Object.keys(PATH) as OrderState[];
const EXITS: Record<OrderState, OrderState[]> = {
  new: ['pending-approval', 'submitted', 'denied'],
  'pending-approval': ['submitted', 'denied', 'expired'],
  submitted: ['accepted', 'rejected', 'partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  accepted: ['partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  'cancel-pending': ['cancel-pending', 'filled', 'canceled', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
  denied: [],
};
const invalid = expect.objectContaining({ code: 'JOURNAL_INVALID' });

function orderIn(state: OrderState): JournalBuilder {
  return new JournalBuilder().start(1_000).order('x', 'AAPL', 'buy', 10).states('x', ...PATH[state]);
}

describe('a journal that breaks the rules is refused with JOURNAL_INVALID', () => {
  for (const from of STATES) {
    it(`state changes from ${from}: the legal ones apply, the others are refused`, () => {
      for (const to of STATES) {
        const j = orderIn(from).state('x', to);
        if (EXITS[from].includes(to)) expect(fold(j.events).orders.get('x')!.state, `${from} → ${to}`).toBe(to);
        else expect(() => fold(j.events), `${from} → ${to}`).toThrow(invalid);
      }
    });
  }

  it('a state change, a fill or a cancel for an order never created', () => {
    expect(() => fold(new JournalBuilder().state('ghost', 'submitted').events)).toThrow(invalid);
    expect(() => fold(new JournalBuilder().fill('ghost', 1, 10, 0, 0).events)).toThrow(invalid);
    expect(() => fold(orderIn('accepted').fill('other', 1, 10, 0, 0).events)).toThrow(invalid);
  });

  it('an order created twice, or a state that does not exist', () => {
    expect(() => fold(orderIn('accepted').order('x', 'AAPL', 'sell', 1).events)).toThrow(invalid);
    expect(() => fold(orderIn('accepted').state('x', 'done').events)).toThrow(invalid);
  });

  it('the message names the session, the event and the order', () => {
    const j = orderIn('filled').state('x', 'canceled');
    expect(() => fold(j.events)).toThrow(/session s1, event 5\b.*filled.*canceled.*order x/);
  });

  it('fills on orders that can fill apply', () => {
    for (const s of ['submitted', 'accepted', 'partially-filled', 'cancel-pending'] as const) {
      expect(fold(orderIn(s).fill('x', 2, 10, 0, 8).events).orders.get('x')!.filledQty, s).toBe(2);
    }
  });

  // A fill on an order that cannot fill (new, pending-approval, or a final state) is a corrupt
  // journal: JOURNAL_INVALID, and the order is left as it was.
  test('a fill on an order that cannot fill', () => {
    for (const s of ['new', 'pending-approval', 'filled', 'canceled', 'rejected', 'expired', 'denied'] as const) {
      expect(() => fold(orderIn(s).fill('x', 2, 10, 0, 8).events), s).toThrow(invalid);
    }
  });
});

interface GenFill { qty: number; price: number; fee: number }
/** An order and its fills; a cancelled one (with more than one fill) never gets its last fill. */
interface GenOrder { symbol: number; buy: boolean; skipAccept: boolean; cancel: boolean; fills: GenFill[] }
const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const fillArb = fc.record({
  qty: fc.integer({ min: 1, max: 40 }),
  price: fc.integer({ min: 100, max: 20_000 }).map((c) => c / 100),
  fee: fc.integer({ min: 0, max: 300 }).map((c) => c / 100),
});
const orderArb = fc.record({ symbol: fc.integer({ min: 0, max: 2 }), buy: fc.boolean(), skipAccept: fc.boolean(), cancel: fc.boolean(), fills: fc.array(fillArb, { minLength: 1, maxLength: 3 }) });
const cancelled = (o: GenOrder) => o.cancel && o.fills.length > 1;
const executed = (o: GenOrder) => (cancelled(o) ? o.fills.slice(0, -1) : o.fills);

/** The journal of the orders: each submitted (and usually accepted), filled, or cancelled after its first fill with the middle fills arriving while the cancel is pending. */
function journalOf(orders: GenOrder[], cash0: number): JournalEvent[] {
  const j = new JournalBuilder().start(cash0);
  orders.forEach((o, k) => {
    const id = `g${k}`;
    let remaining = o.fills.reduce((s, f) => s + f.qty, 0);
    j.order(id, SYMBOLS[o.symbol], o.buy ? 'buy' : 'sell', remaining).state(id, 'submitted');
    if (!o.skipAccept) j.state(id, 'accepted');
    executed(o).forEach((f, n) => {
      j.fill(id, f.qty, f.price, f.fee, (remaining -= f.qty));
      if (n === 0 && cancelled(o)) j.state(id, 'cancel-pending');
    });
    if (cancelled(o)) j.state(id, 'canceled');
  });
  return j.events;
}

/**
 * Average-cost accounting from its definition: a fill first closes what it can of an opposite
 * position (realising (price − average) per unit in the position's direction), and the rest
 * opens or adds at its price; closing does not move the average.
 */
function averageCost(orders: GenOrder[]) {
  const pos = SYMBOLS.map(() => ({ qty: 0, avg: 0, last: NaN }));
  let realised = 0;
  let fees = 0;
  for (const o of orders) {
    const p = pos[o.symbol];
    const dir = o.buy ? 1 : -1;
    for (const f of executed(o)) {
      fees += f.fee;
      p.last = f.price;
      const closing = p.qty * dir < 0 ? Math.min(f.qty, Math.abs(p.qty)) : 0;
      realised += closing * (f.price - p.avg) * Math.sign(p.qty);
      p.qty += dir * closing;
      const opening = f.qty - closing;
      if (opening > 0) {
        p.avg = (p.avg * Math.abs(p.qty) + f.price * opening) / (Math.abs(p.qty) + opening);
        p.qty += dir * opening;
      }
    }
  }
  return { pos, realised, fees };
}

describe('properties of random fill sequences', () => {
  it('cash + Σ qty × last fill price = initial cash − fees + realised + unrealised (average cost)', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 40 }), (orders) => {
        const cash0 = 100_000;
        const b = fold(journalOf(orders, cash0));
        const m = averageCost(orders);
        let marked = 0;
        let unrealised = 0;
        SYMBOLS.forEach((s, k) => {
          const want = m.pos[k];
          const got = b.positions.get(s);
          if (Number.isNaN(want.last)) return expect(got).toBeUndefined();
          expect(got!.qty, s).toBe(want.qty);
          expect(got!.lastPrice, s).toBe(want.last);
          if (want.qty !== 0) close(got!.avgPrice, want.avg, want.avg);
          marked += got!.qty * got!.lastPrice;
          unrealised += want.qty * (want.last - want.avg);
        });
        close(b.fees, m.fees, m.fees);
        const scale = cash0 + Math.abs(marked);
        close(b.cash + marked, cash0 - m.fees + m.realised + unrealised, scale);
        close(b.equity(), b.cash + marked, scale);
      }),
      { numRuns: 300 },
    );
  });

  it('closed out at the end: cash = initial cash − fees + realised P&L, and realised = −Σ signed qty × price', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 100, max: 20_000 }), (orders, exitCents) => {
        const cash0 = 100_000;
        // Close every open position at one price, so nothing is left unrealised.
        const open = averageCost(orders).pos;
        const all = [...orders];
        open.forEach((p, k) => {
          if (p.qty !== 0) all.push({ symbol: k, buy: p.qty < 0, skipAccept: false, cancel: false, fills: [{ qty: Math.abs(p.qty), price: exitCents / 100, fee: 0.01 }] });
        });
        const b = fold(journalOf(all, cash0));
        const m = averageCost(all);
        for (const p of b.positions.values()) expect(p.qty).toBe(0);
        let flows = 0;
        for (const o of all) for (const f of executed(o)) flows -= (o.buy ? 1 : -1) * f.qty * f.price;
        close(m.realised, flows, Math.abs(flows) + cash0);
        close(b.cash, cash0 - m.fees + m.realised, cash0 + Math.abs(m.realised));
        close(b.equity(), b.cash, cash0);
      }),
      { numRuns: 200 },
    );
  });

  it('orders carry the sum of their fills, their VWAP, their fees and their final state', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 10 }), (orders) => {
        const b = fold(journalOf(orders, 1_000));
        orders.forEach((o, k) => {
          const got = b.orders.get(`g${k}`)!;
          const fills = executed(o);
          const qty = fills.reduce((s, f) => s + f.qty, 0);
          const notional = fills.reduce((s, f) => s + f.qty * f.price, 0);
          expect(got.state).toBe(cancelled(o) ? 'canceled' : 'filled');
          expect(got.filledQty).toBe(qty);
          close(got.avgFillPrice, notional / qty, notional / qty);
          close(got.fees, fills.reduce((s, f) => s + f.fee, 0));
        });
        expect(b.working()).toEqual([]);
      }),
    );
  });

  it('folding a prefix and then the rest equals folding everything', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 15 }), fc.nat(), (orders, cut) => {
        const events = journalOf(orders, 5_000);
        const k = cut % (events.length + 1);
        const b = fold(events.slice(0, k));
        for (const e of events.slice(k)) b.apply(e);
        expect(snapshot(b)).toEqual(snapshot(fold(events)));
      }),
    );
  });
});
