import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import type { Interval } from '../../../src/core/interval.js';
import { defaultStaleAfterMs, IntegrityWatch } from '../../../src/trading/session/data-integrity.js';
import { tradingDayOf } from '../../../src/trading/session/trading-day.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 5, 14, 31);

/** A watch over two crypto symbols (markets that never close, so any spacing over 1.5 bars is a gap) with a clock the test moves. */
function watch(interval: Interval = '1m', staleAfterMs = defaultStaleAfterMs(interval)) {
  const clock = { now: T0 };
  const w = new IntegrityWatch(['BTCUSD', 'ETHUSD'], interval, ['crypto', 'crypto'], [tradingDayOf('crypto'), tradingDayOf('crypto')], { staleAfterMs, now: () => clock.now });
  return { w, clock };
}

describe('defaultStaleAfterMs: two intervals and a minute', () => {
  test.each([
    ['1m', 180_000],
    ['5m', 660_000],
    ['1h', 7_260_000],
    ['1d', 172_860_000],
  ] as const)('%s → %i ms', (iv, ms) => expect(defaultStaleAfterMs(iv)).toBe(ms));
});

describe('the staleness hold (live feeds)', () => {
  test('no bar yet: held', () => {
    const { w } = watch();
    const hold = w.holdOf(0);
    expect(hold?.code).toBe('DATA_STALE');
    expect(hold?.message).toContain('BTCUSD');
    expect(hold?.message).toContain('no bar has arrived');
  });

  test('fresh → none; more than staleAfterMs after the close → DATA_STALE naming symbol, bar time and age; a fresh bar lifts it', () => {
    const { w, clock } = watch();
    w.onBar(0, T0);
    clock.now = T0 + 5_000;
    expect(w.holdOf(0)).toBeNull();
    clock.now = T0 + 180_000;
    expect(w.holdOf(0)).toBeNull();
    clock.now = T0 + 180_001;
    const hold = w.holdOf(0)!;
    expect(hold.code).toBe('DATA_STALE');
    expect(hold.message).toBe('BTCUSD: the latest bar closed at 2024-03-05T14:31:00.000Z, 3 min ago (more than 3 min); no new orders until a fresh bar arrives');
    // The other symbol never had a bar.
    expect(w.holdOf(1)?.message).toContain('ETHUSD: no bar');
    clock.now = T0 + 10 * MIN;
    w.onBar(0, T0 + MIN);
    expect(w.holdOf(0)?.code).toBe('DATA_STALE');
    w.onBar(0, T0 + 2 * MIN);
    w.onBar(0, T0 + 3 * MIN);
    w.onBar(0, T0 + 4 * MIN);
    w.onBar(0, T0 + 9 * MIN);
    // A gap (4 → 9 min) and fresh: the gap hold.
    expect(w.holdOf(0)?.code).toBe('DATA_GAP');
    w.onBar(0, T0 + 10 * MIN);
    expect(w.holdOf(0)).toBeNull();
  });

  test('a gap keeps priority over staleness', () => {
    const { w, clock } = watch();
    w.onBar(0, T0);
    w.onBar(0, T0 + 30 * MIN);
    clock.now = T0 + 3 * 60 * MIN;
    const hold = w.holdOf(0)!;
    expect(hold.code).toBe('DATA_GAP');
    expect(hold.message).toContain('bars missing between');
  });

  test('ages read in the unit that fits', () => {
    const { w, clock } = watch('1d');
    const close = Date.UTC(2024, 2, 2);
    w.onBar(0, close);
    clock.now = close + 2.6 * 86_400_000;
    expect(w.holdOf(0)?.message).toBe('BTCUSD: the latest bar closed at 2024-03-02T00:00:00.000Z, 2.6 days ago (more than 2.0 days); no new orders until a fresh bar arrives');
  });

  test('property: held as stale exactly when now − last close > staleAfterMs (no gap)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 86_400_000 }), fc.integer({ min: -MIN, max: 20 * 86_400_000 }), (staleAfterMs, age) => {
        const { w, clock } = watch('1m', staleAfterMs);
        w.onBar(0, T0);
        clock.now = T0 + age;
        expect(w.holdOf(0)?.code ?? null).toBe(age > staleAfterMs ? 'DATA_STALE' : null);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  test('a replay (no staleness option) is never stale', () => {
    const w = new IntegrityWatch(['BTCUSD'], '1m', ['crypto'], [tradingDayOf('crypto')]);
    expect(w.holdOf(0)).toBeNull();
    w.onBar(0, T0);
    expect(w.holdOf(0)).toBeNull();
  });

  test.each([0, -1, NaN, Infinity])('staleAfterMs %s is refused', (ms) => {
    expect(() => watch('1m', ms)).toThrow(SextantError);
    expect(() => watch('1m', ms)).toThrow(/staleAfterMs/);
  });
});
