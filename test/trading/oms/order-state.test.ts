import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { ORDER_STATES, type OrderState, canMove, isTerminal, isWorking, nextState, parseOrderState } from '../../../src/trading/oms/order-state.js';
import { type Diagnostic, typecheck } from './compile.js';

/** The eleven states the issue names. */
const STATES: OrderState[] = ['pending-approval', 'new', 'submitted', 'accepted', 'partially-filled', 'filled', 'cancel-pending', 'canceled', 'rejected', 'expired', 'denied'];

/**
 * The lifecycle written out by hand from the issue: risk runs on `new` (denied, or on to a person
 * or the broker); a person approves, rejects, or lets the approval lapse; the broker acknowledges,
 * rejects (only before acknowledging), fills in parts or at once, cancels or expires a sent
 * order; another partial fill keeps an order partially filled; fills may still arrive while a
 * cancel is pending, and only the one that completes the order leaves that state.
 */
const LEGAL = new Set([
  'new>pending-approval', 'new>submitted', 'new>denied',
  'pending-approval>submitted', 'pending-approval>denied', 'pending-approval>expired',
  'submitted>accepted', 'submitted>rejected', 'submitted>partially-filled', 'submitted>filled', 'submitted>cancel-pending', 'submitted>canceled', 'submitted>expired',
  'accepted>partially-filled', 'accepted>filled', 'accepted>cancel-pending', 'accepted>canceled', 'accepted>expired',
  'partially-filled>partially-filled', 'partially-filled>filled', 'partially-filled>cancel-pending', 'partially-filled>canceled', 'partially-filled>expired',
  'cancel-pending>cancel-pending', 'cancel-pending>filled', 'cancel-pending>canceled', 'cancel-pending>expired',
]);
const legal = (from: OrderState, to: OrderState) => LEGAL.has(`${from}>${to}`);
const TERMINAL = new Set<OrderState>(['filled', 'canceled', 'rejected', 'expired', 'denied']);
const WORKING = new Set<OrderState>(['submitted', 'accepted', 'partially-filled', 'cancel-pending']);
const PAIRS = STATES.flatMap((from) => STATES.map((to) => [from, to] as const));

/** The state's name as a whole word (not `filled` inside `partially-filled`). */
const names = (message: string, state: string) => new RegExp(`(^|[^\\w-])${state}($|[^\\w-])`).test(message);

describe('the states', () => {
  it('are exactly the eleven of the issue', () => {
    expect([...ORDER_STATES].sort()).toEqual([...STATES].sort());
  });

  it('parse from text, and unknown text is refused', () => {
    for (const s of STATES) expect(parseOrderState(s)).toBe(s);
    for (const bad of ['', 'Filled', 'cancelled', 'partially_filled', ' new']) {
      expect(() => parseOrderState(bad), bad).toThrow(expect.objectContaining({ code: 'ORDER_TRANSITION_INVALID' }));
    }
  });

  // Names found on Object.prototype ('toString', …) are not states.
  test('refuse the names of Object.prototype', () => {
    for (const bad of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => parseOrderState(bad), bad).toThrow(expect.objectContaining({ code: 'ORDER_TRANSITION_INVALID' }));
    }
  });

  it('are terminal exactly when they have no exit, and working as the OMS counts exposure', () => {
    for (const s of STATES) {
      expect(isTerminal(s), s).toBe(TERMINAL.has(s));
      expect(isWorking(s), s).toBe(WORKING.has(s));
      if (TERMINAL.has(s)) for (const to of STATES) expect(canMove(s, to), `${s} → ${to}`).toBe(false);
    }
  });

  it('are all reachable from new through legal moves', () => {
    const path = new Map<OrderState, OrderState[]>([['new', ['new']]]);
    const queue: OrderState[] = ['new'];
    while (queue.length > 0) {
      const s = queue.shift()!;
      for (const to of STATES) if (canMove(s, to) && !path.has(to)) { path.set(to, [...path.get(s)!, to]); queue.push(to); }
    }
    expect([...path.keys()].sort()).toEqual([...STATES].sort());
    // Each path walks through nextState step by step, and agrees with the hand table.
    for (const [target, steps] of path) {
      let s: OrderState = 'new';
      for (const to of steps.slice(1)) {
        expect(legal(s, to), `${s} → ${to} on the way to ${target}`).toBe(true);
        s = nextState(s, to);
      }
      expect(s).toBe(target);
    }
  });
});

describe('every (from, to) pair', () => {
  for (const [from, to] of PAIRS) {
    const ok = legal(from, to);
    it(`${from} → ${to} is ${ok ? 'legal' : 'illegal'}`, () => {
      expect(canMove(from, to)).toBe(ok);
      if (ok) {
        expect(nextState(from, to)).toBe(to);
        return;
      }
      let err: unknown;
      try {
        nextState(from, to);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SextantError);
      const e = err as SextantError;
      expect(e.code).toBe('ORDER_TRANSITION_INVALID');
      expect(names(e.message, from) && names(e.message, to), e.message).toBe(true);
      expect(e.details).toMatchObject({ from, to });
    });
  }
});

const FIXTURE = 'test/trading/oms/transitions.typecheck.ts';
const show = (ds: Diagnostic[]) => ds.map((d) => `line ${d.line}: TS${d.code} ${d.text}`).join('\n');

/** A file that writes every pair, illegal ones under `@ts-expect-error`; returns the text and the pair on each line. */
function allPairs(call: (from: string, to: string) => string): { text: string; pairAt: Map<number, string> } {
  const lines = [
    "import { type NextState, type OrderState, nextState } from '../../../src/trading/oms/order-state.js';",
    'function move<S extends OrderState>(from: S, to: NextState<S>): void { void from; void to; }',
    'export function all(): void {',
  ];
  const pairAt = new Map<number, string>();
  for (const [from, to] of PAIRS) {
    if (!legal(from, to)) {
      lines.push('  // @ts-expect-error');
      pairAt.set(lines.length, `${from} → ${to}`);
    }
    lines.push(`  ${call(from, to)}`);
    pairAt.set(lines.length, `${from} → ${to}`);
  }
  lines.push('  void move; void nextState;', '}');
  return { text: lines.join('\n'), pairAt };
}

function exhaustive(call: (from: string, to: string) => string): string[] {
  const { text, pairAt } = allPairs(call);
  const ds = typecheck('test/trading/oms/all-pairs.typecheck.ts', text);
  return ds.map((d) => `${pairAt.get(d.line) ?? `line ${d.line}`}: TS${d.code} ${d.text}`);
}

describe('illegal transitions do not compile', () => {
  let fixture: { text: string; diagnostics: Diagnostic[] };
  beforeAll(() => {
    fixture = { text: readFileSync(join(import.meta.dirname, 'transitions.typecheck.ts'), 'utf8'), diagnostics: typecheck(FIXTURE) };
  });
  const inFunction = (name: string) => {
    const lines = fixture.text.split('\n');
    const start = lines.findIndex((l) => l.includes(`function ${name}(`)) + 1;
    const end = lines.findIndex((l, k) => k >= start && l === '}') + 1;
    expect(start, name).toBeGreaterThan(0);
    return fixture.diagnostics.filter((d) => d.line >= start && d.line <= end);
  };

  it('the fixture has nothing wrong outside its checks', () => {
    expect(show(fixture.diagnostics.filter((d) => d.code !== 2578 && d.code !== 2345))).toBe('');
  });

  it('NextState<S> (fixture): legal moves compile, illegal ones do not', () => {
    expect(show(inFunction('typedAlias'))).toBe('');
  });

  it('NextState<S>, all 121 pairs', () => {
    expect(exhaustive((f, t) => `move('${f}', '${t}');`)).toEqual([]);
  });

  // nextState takes only the typed signature; outside input goes through checkTransition.
  test('nextState(from, to) (fixture): illegal calls do not compile', () => {
    expect(show(inFunction('typedFunction'))).toBe('');
  });

  test('nextState(from, to), all 121 pairs', () => {
    expect(exhaustive((f, t) => `nextState('${f}', '${t}');`)).toEqual([]);
  });
});
