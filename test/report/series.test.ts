/**
 * The tear sheet's derived series against hand-computed values and naive re-implementations
 * written here from the definitions (nothing shared with src/report/series).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleIndices } from '../../src/report/series/downsample.js';
import { drawdownPct } from '../../src/report/series/drawdown.js';
import { histogram } from '../../src/report/series/histogram.js';
import { monthlyReturns } from '../../src/report/series/monthly-returns.js';
import { simpleReturns } from '../../src/report/series/returns.js';
import { rollingSharpe, rollingSharpeWindow } from '../../src/report/series/rolling-sharpe.js';

const f64 = (xs: number[]) => Float64Array.from(xs);
/** Close stamp of the daily bar of that UTC date: the next midnight. */
const dailyClose = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d + 1);
const positiveEquity = (min: number, max: number) =>
  fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: min, maxLength: max });

describe('simpleReturns', () => {
  it('is e[t]/e[t-1] - 1 with NaN first', () => {
    const r = simpleReturns(f64([100, 110, 99]));
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeCloseTo(0.1, 15);
    expect(r[2]).toBeCloseTo(-0.1, 15);
  });
});

describe('monthlyReturns', () => {
  // Points (bar date → equity):  2023-11-30 → 100 | 2023-12-14 → 110, 2023-12-31 → 121 |
  // 2024-01-01 → 100 | 2024-02-29 → 90 | 2024-03-09 → 99.
  // The bar of Dec 31 closes at 2024-01-01 00:00 but belongs to December; Feb 29 closes on Mar 1.
  const times = f64([
    dailyClose(2023, 11, 30),
    dailyClose(2023, 12, 14),
    dailyClose(2023, 12, 31),
    dailyClose(2024, 1, 1),
    dailyClose(2024, 2, 29),
    dailyClose(2024, 3, 9),
  ]);
  const equity = f64([100, 110, 121, 100, 90, 99]);
  const m = monthlyReturns(times, equity);

  it('computes each calendar month by hand across a year boundary', () => {
    expect(m.firstYear).toBe(2023);
    expect(m.years).toBe(2);
    const at = (y: number, month: number) => m.months[(y - 2023) * 12 + month - 1];
    expect(at(2023, 11)).toBeCloseTo(0, 12); // one point: from the first point to itself
    expect(at(2023, 12)).toBeCloseTo(21, 12); // 121 / 100 − 1
    expect(at(2024, 1)).toBeCloseTo((100 / 121 - 1) * 100, 12); // −17.355…
    expect(at(2024, 2)).toBeCloseTo(-10, 12); // 90 / 100 − 1
    expect(at(2024, 3)).toBeCloseTo(10, 12); // 99 / 90 − 1
    for (const month of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) expect(at(2023, month)).toBeNaN();
    for (let month = 4; month <= 12; month++) expect(at(2024, month)).toBeNaN();
  });

  it('computes each calendar year by hand', () => {
    expect(m.yearly[0]).toBeCloseTo(21, 12); // 121 / 100 − 1
    expect(m.yearly[1]).toBeCloseTo((99 / 121 - 1) * 100, 12); // −18.18…
  });

  it('lets the next month with points carry a month without any', () => {
    const t = f64([dailyClose(2024, 1, 10), dailyClose(2024, 1, 31), dailyClose(2024, 3, 15)]);
    const r = monthlyReturns(t, f64([100, 120, 150]));
    expect(r.months[0]).toBeCloseTo(20, 12);
    expect(r.months[1]).toBeNaN();
    expect(r.months[2]).toBeCloseTo(25, 12);
    expect(r.yearly[0]).toBeCloseTo(50, 12);
  });

  it('places intraday points by the last instant of their bar', () => {
    // Hourly bars: the one closing at 2024-02-01 00:00 is January's last hour.
    const h = 3_600_000;
    const t = f64([Date.UTC(2024, 0, 31, 23), Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 1) + h]);
    const r = monthlyReturns(t, f64([100, 110, 121]));
    expect(r.months[0]).toBeCloseTo(10, 12);
    expect(r.months[1]).toBeCloseTo(10, 12);
  });

  it('is empty for an empty curve', () => {
    expect(monthlyReturns(f64([]), f64([])).years).toBe(0);
  });

  it('chains months into the year and years into the whole curve (property)', () => {
    fc.assert(
      fc.property(positiveEquity(1, 200), fc.integer({ min: 1, max: 20 }), (eq, stepDays) => {
        const start = Date.UTC(2019, 10, 20);
        const t = f64(eq.map((_, i) => start + i * stepDays * 86_400_000));
        const r = monthlyReturns(t, f64(eq));
        let whole = 1;
        for (let y = 0; y < r.years; y++) {
          let year = 1;
          for (let k = 0; k < 12; k++) {
            const v = r.months[y * 12 + k];
            if (!Number.isNaN(v)) year *= 1 + v / 100;
          }
          expect(year).toBeCloseTo(1 + r.yearly[y] / 100, 9);
          whole *= year;
        }
        expect(whole).toBeCloseTo(eq[eq.length - 1] / eq[0], 9);
      }),
    );
  });
});

describe('drawdownPct', () => {
  it('matches a hand-computed curve', () => {
    // Peaks 100, 110, 110, 121, 121.
    const dd = drawdownPct(f64([100, 110, 99, 121, 60.5]));
    expect(Array.from(dd)).toEqual([0, 0, expect.closeTo(-10, 12), 0, expect.closeTo(-50, 12)]);
  });

  it('is ≤ 0, 0 exactly at running highs, and matches a naive peak scan (property)', () => {
    fc.assert(
      fc.property(positiveEquity(1, 300), (eq) => {
        const dd = drawdownPct(f64(eq));
        for (let t = 0; t < eq.length; t++) {
          const peak = Math.max(...eq.slice(0, t + 1));
          expect(dd[t]).toBeLessThanOrEqual(0);
          if (eq[t] === peak) expect(dd[t]).toBe(0);
          expect(dd[t]).toBeCloseTo((eq[t] / peak - 1) * 100, 9);
        }
      }),
    );
  });
});

describe('rollingSharpe', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  /** From the definition: returns of the equity, then mean / sample sd · √A over each full window. */
  function naive(eq: number[], w: number, A: number): number[] {
    const r = eq.map((e, t) => (t === 0 ? NaN : e / eq[t - 1] - 1));
    return r.map((_, t) => {
      if (t < w) return NaN;
      const win = r.slice(t - w + 1, t + 1);
      if (win.every((x) => x === win[0])) return NaN;
      const m = mean(win);
      const sd = Math.sqrt(win.reduce((s, x) => s + (x - m) ** 2, 0) / (w - 1));
      return (m / sd) * Math.sqrt(A);
    });
  }

  it('uses about six months of points, at least 2', () => {
    expect(rollingSharpeWindow(252)).toBe(126);
    expect(rollingSharpeWindow(365)).toBe(183);
    expect(rollingSharpeWindow(52)).toBe(26);
    expect(rollingSharpeWindow(12)).toBe(6);
    expect(rollingSharpeWindow(1)).toBe(2);
  });

  it('matches a hand-computed window', () => {
    // Returns 0.1, −0.1, 0.1 (w = 3): mean 1/30, sample sd = √((2·(0.2/3)² + (0.4/3)²)/2) = 0.11547…
    const eq = [100, 110, 99, 108.9];
    const out = rollingSharpe(simpleReturns(f64(eq)), 3, 4);
    expect(Array.from(out.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    const sd = Math.sqrt((2 * (0.2 / 3) ** 2 + (0.4 / 3) ** 2) / 2);
    expect(out[3]).toBeCloseTo(((1 / 30) / sd) * 2, 10);
  });

  it('matches the naive definition on random curves (property)', () => {
    fc.assert(
      fc.property(positiveEquity(0, 120), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 400 }), (eq, w, A) => {
        const out = rollingSharpe(simpleReturns(f64(eq)), w, A);
        const ref = naive(eq, w, A);
        for (let t = 0; t < eq.length; t++) {
          if (Number.isNaN(ref[t])) expect(out[t]).toBeNaN();
          else expect(Math.abs(out[t] - ref[t])).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(ref[t])));
        }
      }),
    );
  });

  it('restarts its window after a non-finite return', () => {
    // The zero equity point makes returns −1 then +∞: the window restarts after the ∞.
    const eq = [100, 110, 0, 50, 100, 200, 300];
    const out = rollingSharpe(simpleReturns(f64(eq)), 2, 4);
    expect(out[2]).not.toBeNaN(); // returns 0.1, −1
    expect(out[3]).toBeNaN(); // +∞
    expect(out[4]).toBeNaN(); // one return since the restart
    expect(out[5]).toBeNaN(); // 1, 1: zero sd
    expect(out[6]).toBeCloseTo(naive(eq.slice(4), 2, 4)[2], 10);
  });
});

describe('histogram', () => {
  it('counts a hand-made sample, the maximum in the last bin', () => {
    const h = histogram(f64([0, 1, 2, 3, 4, 3.5, NaN, Infinity]), 4);
    expect(Array.from(h.edges)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 3]);
  });

  it('puts a value on a rounded edge into the bin whose edges hold it', () => {
    // Cases found by search where floor((x − lo) / width) lands one bin off.
    // edges[3] = 2.9045454545454543 here, but (edges[3] − lo) / width rounds just below 3.
    const onEdge = histogram(f64([2.25, 11.85, 2.9045454545454543]), 44);
    expect(onEdge.edges[3]).toBe(2.9045454545454543);
    expect(onEdge.counts[3]).toBe(1);
    // x is one step below edges[3] = −1.17, yet (x − lo) / width rounds up to 3.
    const below = histogram(f64([-3.1799999999999997, 0.8399999999999999, -1.1700000000000002]), 6);
    expect(below.edges[3]).toBe(-1.17);
    expect(below.counts[2]).toBe(1);
    expect(below.counts[3]).toBe(0);
  });

  it('has one bin when all values are equal and none when no value is finite', () => {
    const one = histogram(f64([2, 2, 2]), 50);
    expect(Array.from(one.edges)).toEqual([2, 2]);
    expect(Array.from(one.counts)).toEqual([3]);
    expect(histogram(f64([NaN]), 50).counts.length).toBe(0);
  });

  it('counts every finite value once, inside its own bin (property)', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.constant(-Infinity));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (xs, bins) => {
        const h = histogram(f64(xs), bins);
        const finite = xs.filter(Number.isFinite);
        expect(h.counts.reduce((a, b) => a + b, 0)).toBe(finite.length);
        const last = h.counts.length - 1;
        for (const x of finite) {
          // The bin that holds x by the documented rule: [edge_i, edge_i+1), the last one closed.
          let b = 0;
          while (b < last && x >= h.edges[b + 1]) b++;
          expect(x).toBeGreaterThanOrEqual(h.edges[b]);
          expect(x).toBeLessThanOrEqual(h.edges[b + 1]);
        }
        // Recount from the edges, naively, and compare bin by bin.
        const naive = new Array<number>(h.counts.length).fill(0);
        for (const x of finite) {
          let b = 0;
          while (b < last && x >= h.edges[b + 1]) b++;
          naive[b]++;
        }
        expect(Array.from(h.counts)).toEqual(naive);
      }),
    );
  });
});

describe('downsampleIndices', () => {
  it('keeps a short series whole', () => {
    expect(Array.from(downsampleIndices(f64([3, 1, 2]), 5))).toEqual([0, 1, 2]);
  });

  it('keeps the ends and each bucket’s extremes, in order, within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(NaN)), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 2, max: 400 }),
        (xs, max) => {
          const idx = Array.from(downsampleIndices(f64(xs), max));
          expect(idx.length).toBeLessThanOrEqual(Math.max(max, 0));
          if (xs.length <= max) {
            expect(idx).toEqual(xs.map((_, i) => i));
            return;
          }
          expect(idx[0]).toBe(0);
          expect(idx[idx.length - 1]).toBe(xs.length - 1);
          for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
          const finite = xs.filter((x) => !Number.isNaN(x));
          if (finite.length > 0 && max >= 4) {
            const kept = idx.map((i) => xs[i]).filter((x) => !Number.isNaN(x));
            expect(Math.min(...kept)).toBe(Math.min(...finite));
            expect(Math.max(...kept)).toBe(Math.max(...finite));
          }
        },
      ),
    );
  });

  it('brings 20,000 points down to at most 5,000 and keeps the deepest trough', () => {
    const xs = Array.from({ length: 20_000 }, (_, i) => Math.sin(i / 50) * 10 + (i === 12_345 ? -1000 : 0));
    const idx = downsampleIndices(f64(xs), 5000);
    expect(idx.length).toBeLessThanOrEqual(5000);
    expect(Array.from(idx)).toContain(12_345);
  });
});
