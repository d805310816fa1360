import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrokerOrder, BrokerUpdate } from '../../../src/trading/broker.js';
import { FillTracker } from '../../../src/trading/alpaca/fill-tracker.js';
import type { WireTradeUpdate } from '../../../src/trading/alpaca/schemas.js';

const BASE: BrokerOrder = {
  brokerOrderId: 'b-1',
  clientOrderId: 'c-1',
  symbol: 'AAPL',
  side: 'buy',
  qty: 0,
  filledQty: 0,
  filledAvgPrice: null,
  type: 'limit',
  tif: 'day',
  limitPrice: 200,
  stopPrice: null,
  status: 'new',
  submittedAt: 1_000,
  updatedAt: 1_000,
};

/** Alpaca's average price, written to 12 significant digits as a decimal string would be. */
const avgOf = (notional: number, qty: number): number => Number((notional / qty).toPrecision(12));

/** The order as Alpaca reports it after each of `execs`: index 0 is before any fill. */
function states(qty: number, execs: Array<{ qty: number; price: number }>): BrokerOrder[] {
  const out: BrokerOrder[] = [{ ...BASE, qty }];
  let cum = 0;
  let notional = 0;
  execs.forEach((e, i) => {
    cum += e.qty;
    notional += e.qty * e.price;
    const done = cum >= qty;
    out.push({ ...BASE, qty, filledQty: cum, filledAvgPrice: avgOf(notional, cum), status: done ? 'filled' : 'partially-filled', updatedAt: 2_000 + i });
  });
  return out;
}

const fillsOf = (us: BrokerUpdate[]) => us.filter((u) => u.fill).map((u) => ({ event: u.event, qty: u.fill!.qty, price: u.fill!.price }));

/** Executions of whole shares at cent prices, filling `qty` completely or in part. */
const scenario = fc
  .array(fc.record({ qty: fc.integer({ min: 1, max: 50 }), price: fc.integer({ min: 1000, max: 30000 }).map((c) => c / 100) }), { minLength: 1, maxLength: 8 })
  .chain((execs) => {
    const total = execs.reduce((s, e) => s + e.qty, 0);
    return fc.record({ execs: fc.constant(execs), qty: fc.integer({ min: total, max: total + 20 }) });
  });

describe('FillTracker', () => {
  it('passes each execution on once, with the event’s own quantity and price, when nothing is missed', () => {
    fc.assert(
      fc.property(scenario, ({ execs, qty }) => {
        const t = new FillTracker();
        const s = states(qty, execs);
        t.follow(s[0].clientOrderId);
        const out: BrokerUpdate[] = [...t.fromEvent({ event: 'new', order: s[0], time: 1_000, price: null, qty: null })];
        execs.forEach((e, i) => {
          const ev: WireTradeUpdate = { event: s[i + 1].status === 'filled' ? 'fill' : 'partial_fill', order: s[i + 1], time: 3_000 + i, price: e.price, qty: e.qty };
          out.push(...t.fromEvent(ev), ...t.fromEvent(ev)); // a repeated message changes nothing
        });
        expect(out[0].event).toBe('new');
        expect(fillsOf(out)).toEqual(
          execs.map((e, i) => ({ event: i === execs.length - 1 && s[i + 1].status === 'filled' ? 'fill' : 'partial-fill', qty: e.qty, price: e.price })),
        );
      }),
    );
  });

  it('never loses or doubles a fill whatever is dropped, repeated or re-read late', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.record({ k: fc.nat(), kind: fc.constantFrom('event', 'snapshot') }), { maxLength: 20 }),
        ({ execs, qty }, deliveries) => {
          const t = new FillTracker();
          const s = states(qty, execs);
          t.follow(s[0].clientOrderId);
          const out: BrokerUpdate[] = [];
          // Reports arrive in any order (a late snapshot is stale), some never, some twice ...
          for (const d of deliveries) {
            const k = d.k % s.length;
            if (d.kind === 'snapshot' || k === 0) out.push(...t.fromSnapshot(s[k]));
            else out.push(...t.fromEvent({ event: s[k].status === 'filled' ? 'fill' : 'partial_fill', order: s[k], time: k, price: execs[k - 1].price, qty: execs[k - 1].qty }));
          }
          // ... and a final re-sync reads the order as it ends.
          out.push(...t.fromSnapshot(s[s.length - 1]));
          const fills = fillsOf(out);
          const totalQty = fills.reduce((a, f) => a + f.qty, 0);
          const notional = fills.reduce((a, f) => a + f.qty * f.price, 0);
          const trueNotional = execs.reduce((a, e) => a + e.qty * e.price, 0);
          expect(totalQty).toBe(s[s.length - 1].filledQty);
          expect(fills.every((f) => f.qty > 0)).toBe(true);
          expect(Math.abs(notional - trueNotional)).toBeLessThan(1e-6 * trueNotional);
          expect(fills.filter((f) => f.event === 'fill').length).toBe(s[s.length - 1].status === 'filled' ? 1 : 0);
          // Cumulative quantities only grow: no fill is ever re-applied.
          let cum = 0;
          for (const u of out.filter((x) => x.fill)) {
            cum += u.fill!.qty;
            expect(cum).toBe(u.order.filledQty);
          }
        },
      ),
    );
  });

  it('passes lifecycle events once and in order; a missed partial fill comes before the cancel', () => {
    const t = new FillTracker();
    const [s0, s1] = states(10, [{ qty: 4, price: 50 }]);
    t.follow(s0.clientOrderId);
    const ev = (event: string, order: BrokerOrder): BrokerUpdate[] => t.fromEvent({ event, order, time: 5, price: null, qty: null });
    expect(ev('accepted', { ...s0, status: 'accepted' }).map((u) => u.event)).toEqual(['accepted']);
    expect(ev('new', s0)).toEqual([]); // late: the order is past new
    expect(ev('pending_cancel', { ...s0, status: 'cancel-pending' }).map((u) => u.event)).toEqual(['cancel-pending']);
    const canceled = { ...s1, status: 'canceled' as const };
    const out = ev('canceled', canceled);
    expect(out.map((u) => [u.event, u.fill?.qty, u.fill?.price])).toEqual([['partial-fill', 4, 50, ], ['canceled', undefined, undefined]]);
    expect(t.fromSnapshot(canceled)).toEqual([]);
    expect(ev('canceled', canceled)).toEqual([]);
    expect(t.openIds()).toEqual([]);
  });

  it('an order first seen on the stream counts only the execution the event reports', () => {
    const t = new FillTracker();
    const [, , s2] = states(10, [{ qty: 3, price: 10 }, { qty: 2, price: 11 }]);
    const out = t.fromEvent({ event: 'partial_fill', order: s2, time: 9, price: 11, qty: 2 });
    expect(fillsOf(out)).toEqual([{ event: 'partial-fill', qty: 2, price: 11 }]);
  });

  it('an order followed before Alpaca answered its POST is not mistaken for a stranger by a re-sync', () => {
    const t = new FillTracker();
    const [, s1] = states(10, [{ qty: 10, price: 10 }]);
    t.follow(s1.clientOrderId);
    expect(t.fromSnapshot(s1).map((u) => [u.event, u.fill?.qty])).toEqual([['fill', 10]]);
    const stranger = new FillTracker();
    expect(stranger.fromSnapshot(s1)).toEqual([]); // unknown: taken as it stands
  });

  it('an order followed from its present state passes on only later changes', () => {
    const t = new FillTracker();
    const [, s1, s2] = states(10, [{ qty: 3, price: 10 }, { qty: 7, price: 12 }]);
    t.baseline(s1);
    expect(t.fromSnapshot(s1)).toEqual([]);
    expect(fillsOf(t.fromSnapshot(s2))).toEqual([{ event: 'fill', qty: 7, price: 12 }]);
  });
});
