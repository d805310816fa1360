/**
 * Labels worked by hand on tiny series (each kind, the dead zone, triple-barrier touch order
 * including both barriers in one bar, the vertical barrier, dropped tail rows), the volatility
 * scale against its definition written out, and causality as a property: the label at t never
 * changes when bars before t (before its volatility window) or after t+h change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries } from '../../../src/core/bar-series.js';
import { SextantError } from '../../../src/core/errors.js';
import type { LabelColumns } from '../../../src/models/dataset/labels/label-columns.js';
import { type LabelSpec, type LabelSpecInput, computeLabels, labelTask, parseLabelSpec } from '../../../src/models/dataset/labels/label-spec.js';
import { trailingVolatility } from '../../../src/models/dataset/labels/volatility.js';
import { DAY, barsOf, randomWalkBars } from './make-bars.js';

const labels = (bars: BarSeries, spec: LabelSpecInput): LabelColumns => computeLabels(bars, parseLabelSpec(spec));
const list = (a: Float64Array) => Array.from(a);

/** Sample standard deviation of the last n one-bar returns, written out. */
function naiveVolatility(close: readonly number[], t: number, n: number): number {
  if (t < n) return NaN;
  const r = Array.from({ length: n }, (_, k) => close[t - k] / close[t - k - 1] - 1);
  const mean = r.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
}

describe('forward return', () => {
  const bars = barsOf([100, 110, 99, 121, 110]);

  it('close[t+h]/close[t] − 1 with its label end; the last h rows are dropped', () => {
    const l = labels(bars, { kind: 'forward-return', horizon: 2 });
    expect(l.y[0]).toBeCloseTo(-0.01, 14);
    expect(l.y[1]).toBeCloseTo(0.1, 14);
    expect(l.y[2]).toBeCloseTo(110 / 99 - 1, 14);
    expect(list(l.y.subarray(3))).toEqual([NaN, NaN]);
    expect(list(l.labelEnd)).toEqual([3 * DAY, 4 * DAY, 5 * DAY, NaN, NaN]);
    expect(list(l.forwardReturn.subarray(0, 3))).toEqual(list(l.y.subarray(0, 3)));
  });

  it('log option: ln(close[t+h]/close[t]); the forward return stays simple', () => {
    const l = labels(bars, { kind: 'forward-return', horizon: 1, log: true });
    expect(l.y[0]).toBeCloseTo(Math.log(1.1), 14);
    expect(l.y[1]).toBeCloseTo(Math.log(0.9), 14);
    expect(l.forwardReturn[1]).toBeCloseTo(-0.1, 14);
    expect(Number.isNaN(l.y[4])).toBe(true);
  });
});

describe('sign', () => {
  // returns over one bar: +1, −0.5, 0, +0.25 (exactly, in binary), −0.4
  const bars = barsOf([100, 200, 100, 100, 125, 75]);

  it('1 up, 0 down, a flat return dropped', () => {
    const l = labels(bars, { kind: 'sign', horizon: 1 });
    expect(list(l.y)).toEqual([1, 0, NaN, 1, 0, NaN]);
    expect(list(l.labelEnd)).toEqual([2 * DAY, 3 * DAY, NaN, 5 * DAY, 6 * DAY, NaN]);
  });

  it('a dead zone drops |r| <= deadZone, the boundary included', () => {
    const l = labels(bars, { kind: 'sign', horizon: 1, deadZone: 0.25 });
    expect(list(l.y)).toEqual([1, 0, NaN, NaN, 0, NaN]);
    expect(l.forwardReturn[4]).toBeCloseTo(-0.4, 14);
  });
});

describe('triple barrier, fixed fractions (take-profit +10 %, stop −5 %, 3 bars)', () => {
  const spec = { kind: 'triple-barrier', horizon: 3, scale: 'fixed', upper: 0.1, lower: 0.05 } as const;
  const neutral = { ...spec, vertical: 'neutral' } as const;
  /** Entry at 100 on bar 0: take-profit at 110, stop at 95. */
  const path = (close: number[], high: number[], low: number[]) => barsOf(close, { high, low });

  it('take-profit first: 1 (2 of 3 classes with a neutral class), settled at the touch bar', () => {
    const bars = path([100, 102, 105, 101], [100, 104, 111, 102], [100, 99, 103, 96]);
    const l = labels(bars, spec);
    expect(l.y[0]).toBe(1);
    expect(l.labelEnd[0]).toBe(3 * DAY);
    expect(l.forwardReturn[0]).toBeCloseTo(0.05, 14);
    expect(labels(bars, neutral).y[0]).toBe(2);
  });

  it('stop first: 0', () => {
    const bars = path([100, 98, 105, 101], [100, 100, 111, 102], [100, 94, 103, 96]);
    const l = labels(bars, spec);
    expect([l.y[0], l.labelEnd[0]]).toEqual([0, 2 * DAY]);
    expect(l.forwardReturn[0]).toBeCloseTo(-0.02, 14);
    expect(labels(bars, neutral).y[0]).toBe(0);
  });

  it('both barriers in one bar: the stop counts as first', () => {
    const bars = path([100, 100, 105, 101], [100, 112, 106, 102], [100, 94, 103, 96]);
    const l = labels(bars, spec);
    expect([l.y[0], l.labelEnd[0], l.forwardReturn[0]]).toEqual([0, 2 * DAY, 0]);
  });

  it('vertical barrier: the sign of the return (a flat one dropped), or the neutral class', () => {
    const up = path([100, 101, 99, 103], [100, 102, 101, 104], [100, 99, 98, 99]);
    expect([labels(up, spec).y[0], labels(up, spec).labelEnd[0]]).toEqual([1, 4 * DAY]);
    expect(labels(up, neutral).y[0]).toBe(1);
    const down = path([100, 101, 99, 97], [100, 102, 101, 99], [100, 99, 98, 96]);
    expect(labels(down, spec).y[0]).toBe(0);
    expect(labels(down, neutral).y[0]).toBe(1);
    const flat = path([100, 101, 99, 100], [100, 102, 101, 101], [100, 99, 98, 99]);
    expect(Number.isNaN(labels(flat, spec).y[0])).toBe(true);
    expect(labels(flat, neutral).y[0]).toBe(1);
  });

  it('a row whose whole window does not exist yet is dropped, even if a barrier is already touched', () => {
    // bar 1 enters at 102; bar 2 (high 115) hits its take-profit, but bar 4 (t+3) does not exist
    const bars = path([100, 102, 105, 101], [100, 104, 115, 102], [100, 99, 103, 96]);
    const l = labels(bars, spec);
    expect(list(l.y)).toEqual([1, NaN, NaN, NaN]);
  });
});

describe('volatility scale', () => {
  it('trailing volatility = the sample std of the last n one-bar returns (definition written out)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 12 }), (seed, n) => {
        const close = Array.from(randomWalkBars(40, seed).close);
        const v = trailingVolatility(Float64Array.from(close), n);
        for (let t = 0; t < close.length; t++) {
          const want = naiveVolatility(close, t, n);
          if (Number.isNaN(want)) expect(Number.isNaN(v[t])).toBe(true);
          else expect(v[t]).toBeCloseTo(want, 12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('triple barrier at k·σ: rows without σ dropped, barriers at close·(1 ± k·σ)', () => {
    const close = [100, 101, 99, 100, 98];
    const sigma = naiveVolatility(close, 2, 2); // ≈ 0.0211: take-profit ≈ 101.09, stop ≈ 96.91 from 99
    const bars = barsOf(close, { high: [100, 101, 101, 101.5, 100], low: [100, 100, 99, 99, 97.5] });
    const l = labels(bars, { kind: 'triple-barrier', horizon: 2, upper: 1, lower: 1, lookback: 2 });
    expect(99 * (1 + sigma)).toBeLessThan(101.5); // bar 3 reaches the take-profit
    expect(list(l.y)).toEqual([NaN, NaN, 1, NaN, NaN]);
    expect(l.labelEnd[2]).toBe(4 * DAY);
    // with a 2σ take-profit (≈ 103.2) nothing is touched: the vertical barrier, down at bar 4
    const wide = labels(bars, { kind: 'triple-barrier', horizon: 2, upper: 2, lower: 2, lookback: 2 });
    expect([wide.y[2], wide.labelEnd[2]]).toEqual([0, 5 * DAY]);
  });
});

describe('regime', () => {
  // σ at bar 2 from returns +10 % and −10 %: √0.02 ≈ 0.1414; horizon 1, threshold 0.5
  const regime = (last: number) => labels(barsOf([100, 110, 99, last]), { kind: 'regime', horizon: 1, lookback: 2, threshold: 0.5 });

  it('down / range / up by the forward return in units of σ·√h', () => {
    expect(list(regime(108.9).y)).toEqual([NaN, NaN, 2, NaN]); // z ≈ +0.71
    expect(regime(94.05).y[2]).toBe(1); // z ≈ −0.35
    expect(regime(89.1).y[2]).toBe(0); // z ≈ −0.71
    expect(regime(89.1).labelEnd[2]).toBe(4 * DAY);
  });

  it('√h scaling: horizon 4 needs twice the move of horizon 1', () => {
    const close = [100, 110, 99, 99, 99, 99, 99 * 1.2];
    const l = labels(barsOf(close), { kind: 'regime', horizon: 4, lookback: 2, threshold: 0.5 });
    // r = 20 % at t=2, z = 0.2 / (0.1414·2) ≈ 0.71 → up
    expect(l.y[2]).toBe(2);
  });
});

describe('label specs', () => {
  it('defaults are filled in and tasks follow the kind', () => {
    expect(parseLabelSpec({ kind: 'sign', horizon: 5 })).toEqual({ kind: 'sign', horizon: 5, deadZone: 0 });
    expect(parseLabelSpec({ kind: 'triple-barrier', horizon: 5, upper: 2, lower: 1 })).toEqual({
      kind: 'triple-barrier',
      horizon: 5,
      scale: 'volatility',
      upper: 2,
      lower: 1,
      lookback: 20,
      vertical: 'sign',
    });
    expect(labelTask(parseLabelSpec({ kind: 'forward-return', horizon: 1 }))).toEqual({ task: 'regression', numClasses: 0 });
    expect(labelTask(parseLabelSpec({ kind: 'sign', horizon: 1 }))).toEqual({ task: 'binary', numClasses: 2 });
    expect(labelTask(parseLabelSpec({ kind: 'triple-barrier', horizon: 5, upper: 2, lower: 1, vertical: 'neutral' }))).toEqual({ task: 'multiclass', numClasses: 3 });
    expect(labelTask(parseLabelSpec({ kind: 'regime', horizon: 5 }))).toEqual({ task: 'multiclass', numClasses: 3 });
  });

  it.each([
    [{ kind: 'sign', horizon: 0 }, 'label.horizon'],
    [{ kind: 'sign', horizon: 1.5 }, 'label.horizon'],
    [{ kind: 'sign', horizon: 3, dead_zone: 0.1 }, 'label'],
    [{ kind: 'momentum', horizon: 3 }, 'label.kind'],
    [{ kind: 'triple-barrier', horizon: 3, scale: 'fixed', upper: 0.1, lower: 1.2 }, 'label.lower'],
    [{ kind: 'regime', horizon: 3, lookback: 1 }, 'label.lookback'],
  ])('%j is refused, naming %s', (spec, field) => {
    try {
      parseLabelSpec(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SextantError);
      expect((e as SextantError).code).toBe('LABEL_SPEC_INVALID');
      expect((e as SextantError).message.startsWith(field)).toBe(true);
    }
  });
});

describe('causality: the label at t reads only bars t … t+h (and the volatility window before t)', () => {
  const SPECS: LabelSpecInput[] = [
    { kind: 'forward-return', horizon: 3 },
    { kind: 'forward-return', horizon: 1, log: true },
    { kind: 'sign', horizon: 4, deadZone: 0.002 },
    { kind: 'triple-barrier', horizon: 5, scale: 'fixed', upper: 0.01, lower: 0.01 },
    { kind: 'triple-barrier', horizon: 6, upper: 1, lower: 1.5, lookback: 5, vertical: 'neutral' },
    { kind: 'regime', horizon: 4, lookback: 6 },
  ];

  /** The bars with every price of the bars `touched` scaled by `factor`. */
  function scaled(bars: BarSeries, touched: (i: number) => boolean, factor: number): BarSeries {
    const out = bars.resized(bars.length);
    for (let i = 0; i < bars.length; i++) {
      if (!touched(i)) continue;
      for (const f of ['open', 'high', 'low', 'close'] as const) out[f][i] = bars[f][i] * factor;
    }
    return out;
  }

  /** Bars before t the label's volatility scale reads (closes t−lookback … t). */
  const volatilityLookback = (spec: LabelSpec): number =>
    spec.kind === 'regime' || (spec.kind === 'triple-barrier' && spec.scale === 'volatility') ? spec.lookback : 0;

  const same = (a: LabelColumns, b: LabelColumns, t: number) =>
    Object.is(a.y[t], b.y[t]) && Object.is(a.labelEnd[t], b.labelEnd[t]) && Object.is(a.forwardReturn[t], b.forwardReturn[t]);

  it('changing bars after t+h, or before t (before t−lookback for volatility-scaled labels), never changes it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SPECS.length - 1 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 39 }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (k, seed, t, factor) => {
          const spec = parseLabelSpec(SPECS[k]);
          const bars = randomWalkBars(40, seed);
          const base = computeLabels(bars, spec);
          const before = t - volatilityLookback(spec);
          const later = computeLabels(scaled(bars, (i) => i > t + spec.horizon, factor), spec);
          const earlier = computeLabels(scaled(bars, (i) => i < before, factor), spec);
          expect(same(base, later, t)).toBe(true);
          expect(same(base, earlier, t)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('and the property is not vacuous: bars inside the window do change labels', () => {
    const bars = randomWalkBars(40, 7);
    for (const input of SPECS) {
      const spec = parseLabelSpec(input);
      const base = computeLabels(bars, spec);
      const changed = computeLabels(scaled(bars, (i) => i >= 10, 1.5), spec);
      const t = 9; // entry unchanged, every bar of its window 50 % higher
      expect(same(base, changed, t), `${spec.kind}`).toBe(false);
    }
  });

  it('every labelled row is settled strictly after it and at the latest at t+h; the last h rows are dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SPECS.length - 1 }), fc.integer({ min: 1, max: 10_000 }), (k, seed) => {
        const spec = parseLabelSpec(SPECS[k]);
        const bars = randomWalkBars(30, seed);
        const l = computeLabels(bars, spec);
        for (let t = 0; t < bars.length; t++) {
          if (t + spec.horizon >= bars.length) {
            expect(Number.isNaN(l.y[t])).toBe(true);
          } else if (!Number.isNaN(l.y[t])) {
            expect(l.labelEnd[t]).toBeGreaterThan(bars.time[t]);
            expect(l.labelEnd[t]).toBeLessThanOrEqual(bars.time[t + spec.horizon]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
