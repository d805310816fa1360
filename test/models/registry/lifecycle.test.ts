import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { ACTIONS, MODEL_STATES, type ModelState, checkReason, checkTransition } from '../../../src/models/registry/lifecycle.js';

// The lifecycle as the issue states it, written out independently of the code's table.
const LEGAL = new Set(['null>candidate', 'candidate>active', 'active>paused', 'paused>active', 'candidate>retired', 'active>retired', 'paused>retired']);
const FROM: (ModelState | null)[] = [null, 'candidate', 'active', 'paused', 'retired'];
const TO: ModelState[] = ['candidate', 'active', 'paused', 'retired'];

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof SextantError ? e.code : `not a SextantError: ${String(e)}`;
  }
}

describe('model lifecycle', () => {
  test('the states are exactly candidate, active, paused, retired', () => {
    expect([...MODEL_STATES].sort()).toEqual([...TO].sort());
  });

  test.each(FROM.flatMap((from) => TO.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const legal = LEGAL.has(`${from}>${to}`);
    expect(codeOf(() => checkTransition(from, to))).toBe(legal ? null : 'MODEL_TRANSITION_INVALID');
  });

  test('the error names both states and why', () => {
    expect(() => checkTransition('retired', 'active', 'model abc')).toThrow(/model abc cannot go from retired to active: retired is final/);
    expect(() => checkTransition('candidate', 'paused')).toThrow(/from candidate it may only become active or retired/);
    try {
      checkTransition('active', 'active');
    } catch (e) {
      expect((e as SextantError).details).toEqual({ from: 'active', to: 'active', allowed: ['paused', 'retired'] });
    }
  });

  test('the verbs: promote → active, pause → paused, retire → retired', () => {
    expect(ACTIONS).toEqual({ promote: 'active', pause: 'paused', retire: 'retired' });
  });

  test('a reason is required: empty or blank is refused, otherwise trimmed', () => {
    for (const r of ['', ' ', '\t\n  ']) expect(codeOf(() => checkReason(r))).toBe('MODEL_REASON_REQUIRED');
    expect(checkReason('  beat the baselines out of sample ')).toBe('beat the baselines out of sample');
  });

  test('any sequence of verbs: legal steps follow the table, and nothing leaves retired (property)', () => {
    const verbs = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...verbs), { maxLength: 30 }), (seq) => {
        let state: ModelState = 'candidate';
        for (const v of seq) {
          const to = ACTIONS[v];
          const ok = codeOf(() => checkTransition(state, to)) === null;
          expect(ok).toBe(LEGAL.has(`${state}>${to}`));
          if (state === 'retired') expect(ok).toBe(false);
          if (ok) state = to;
        }
      }),
      { numRuns: 300 },
    );
  });
});
