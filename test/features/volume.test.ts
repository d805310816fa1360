/**
 * Volume kernels against references written here from the definitions, hand series and edge cases.
 */
import { describe, expect, it } from 'vitest';
import { cmf, obv } from '../../src/features/kernels/volume.js';
import { googDaily } from '../helpers/real-bars.js';

const goog = googDaily();
const { high: H, low: L, close: C, volume: V } = goog;
const N = C.length;

/** Index and values of the first element that differs by more than tol relative (NaN must match NaN), or 'same'. */
function compare(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): string {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) return `bar ${i}: ${a} vs ${e}`;
  }
  return 'same';
}

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('obv', () => {
  it("starts at the first bar's volume; adds on up closes, subtracts on down closes, holds on equal ones", () => {
    expect(Array.from(obv(f64([10, 11, 11, 9, 12]), f64([100, 20, 30, 5, 7])))).toEqual([100, 120, 120, 115, 122]);
  });

  it('matches the running sum on GOOG', () => {
    const want = [V[0]];
    for (let i = 1; i < N; i++) want.push(want[i - 1] + (C[i] > C[i - 1] ? V[i] : C[i] < C[i - 1] ? -V[i] : 0));
    expect(compare(obv(C, V), want, 0)).toBe('same');
  });

  it("starts again from the next bar's volume after a NaN", () => {
    expect(Array.from(obv(f64([10, 11, NaN, 9, 12]), f64([100, 20, 30, 5, 7])))).toEqual([100, 120, NaN, 5, 12]);
  });
});

describe('cmf', () => {
  function naiveCmf(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>, n: number): number[] {
    const out = new Array<number>(c.length).fill(NaN);
    for (let i = n - 1; i < c.length; i++) {
      let flow = 0;
      let vol = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const mult = h[j] > l[j] ? (c[j] - l[j] - (h[j] - c[j])) / (h[j] - l[j]) : 0;
        flow += mult * v[j];
        vol += v[j];
      }
      out[i] = vol > 0 ? flow / vol : 0;
    }
    return out;
  }

  it.each([20, 5, 1])('is Σ(multiplier·volume)/Σvolume over n bars on GOOG (n = %i)', (n) => {
    expect(compare(cmf(H, L, C, V, n), naiveCmf(H, L, C, V, n))).toBe('same');
  });

  it('gives the hand-computed value; a bar with H = L has multiplier 0', () => {
    // Multipliers: (9−8 − (10−9))/2 = 0, (11.5−10 − 0.5)/2 = 0.5, H = L → 0, close at the low → −1.
    const got = cmf(f64([10, 12, 11, 13]), f64([8, 10, 11, 12]), f64([9, 11.5, 11, 12]), f64([100, 200, 300, 400]), 3);
    expect(compare(got, [NaN, NaN, 100 / 600, -300 / 900], 1e-14)).toBe('same');
  });

  it('is exactly 0 once a window holds no volume, even after fractional volumes', () => {
    // Running sums of 0.1, 0.7, 0.3 keep a rounding residue after they leave: without an exact
    // test for an empty window, bar 6 would read −0.5.
    const v = f64([0.1, 0.7, 0.3, 0, 0, 0, 0, 0, 0, 0]);
    const h = new Float64Array(v.length).fill(11);
    const l = new Float64Array(v.length).fill(9);
    const c = Float64Array.from(v, (_, i) => 9.3 + (i % 3) * 0.7);
    const got = cmf(h, l, c, v, 4);
    expect(Array.from(got.subarray(6))).toEqual([0, 0, 0, 0]);
  });
});
