/**
 * Moving averages against references written from their definitions (naive, O(n·N), no shared
 * code with the kernels), hand-computed values, and pinned TTR values.
 */
import { describe, expect, it } from 'vitest';
import { dema, tema } from '../../src/features/kernels/ema-chains.js';
import { kama } from '../../src/features/kernels/kama.js';
import { ema, sma } from '../../src/features/kernels/moving-averages.js';
import { vwap } from '../../src/features/kernels/vwap.js';
import { hma, wma } from '../../src/features/kernels/weighted-averages.js';
import { googDaily } from '../helpers/real-bars.js';

const close = googDaily().close;
const volume = googDaily().volume;

function naiveSma(x: ArrayLike<number>, n: number): number[] {
  return Array.from(x, (_, i) => (i < n - 1 ? NaN : Array.from({ length: n }, (_, k) => x[i - k]).reduce((a, b) => a + b, 0) / n));
}

/** EMA by its recursion, seeded with the mean of the first n defined inputs. */
function naiveEma(x: ArrayLike<number>, n: number, alpha = 2 / (n + 1)): number[] {
  const out: number[] = [];
  const start = Array.from(x).findIndex((v) => !Number.isNaN(v));
  let prev = NaN;
  for (let i = 0; i < x.length; i++) {
    if (start < 0 || i < start + n - 1) out.push(NaN);
    else if (i === start + n - 1) {
      let s = 0;
      for (let k = start; k <= i; k++) s += x[k];
      prev = s / n;
      out.push(prev);
    } else {
      prev = alpha * x[i] + (1 - alpha) * prev;
      out.push(prev);
    }
  }
  return out;
}

function naiveWma(x: ArrayLike<number>, n: number): number[] {
  return Array.from(x, (_, i) => {
    if (i < n - 1 || Number.isNaN(x[i - n + 1])) return NaN;
    let s = 0;
    for (let k = 0; k < n; k++) s += (n - k) * x[i - k];
    return s / ((n * (n + 1)) / 2);
  });
}

function naiveKama(x: ArrayLike<number>, n: number): number[] {
  const out: number[] = Array(x.length).fill(NaN);
  let prev = x[n - 1];
  for (let i = n; i < x.length; i++) {
    let path = 0;
    for (let k = i - n + 1; k <= i; k++) path += Math.abs(x[k] - x[k - 1]);
    const er = path === 0 ? 0 : Math.abs(x[i] - x[i - n]) / path;
    const sc = (er * (2 / 3 - 2 / 31) + 2 / 31) ** 2;
    prev = prev + sc * (x[i] - prev);
    out[i] = prev;
  }
  return out;
}

function expectClose(got: Float64Array, want: number[], tol = 1e-10): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) {
      expect(`bar ${i}: ${got[i]}`).toBe(`bar ${i}: NaN`);
      continue;
    }
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  }
  expect(worst).toBeLessThan(tol);
}

describe('moving averages against their definitions on GOOG daily closes', () => {
  it.each([1, 2, 5, 20, 200])('sma_%i', (n) => expectClose(sma(close, n), naiveSma(close, n)));
  it.each([1, 2, 10, 50])('ema_%i (α = 2/(n+1), seeded with the SMA of the first n)', (n) => expectClose(ema(close, n), naiveEma(close, n)));
  it.each([1, 3, 14, 30])('wma_%i (weights 1…n)', (n) => expectClose(wma(close, n), naiveWma(close, n)));
  it.each([2, 10, 30])('dema_%i = 2·EMA − EMA(EMA)', (n) => {
    const e1 = naiveEma(close, n);
    const e2 = naiveEma(e1, n);
    expectClose(dema(close, n), e1.map((v, i) => 2 * v - e2[i]));
  });
  it.each([2, 10, 30])('tema_%i = 3·E1 − 3·E2 + E3', (n) => {
    const e1 = naiveEma(close, n);
    const e2 = naiveEma(e1, n);
    const e3 = naiveEma(e2, n);
    expectClose(tema(close, n), e1.map((v, i) => 3 * v - 3 * e2[i] + e3[i]));
  });
  it.each([4, 9, 16, 20])('hma_%i = WMA(√n) of 2·WMA(n/2) − WMA(n)', (n) => {
    const half = naiveWma(close, Math.floor(n / 2));
    const full = naiveWma(close, n);
    expectClose(hma(close, n), naiveWma(half.map((h, i) => 2 * h - full[i]), Math.floor(Math.sqrt(n))));
  });
  it.each([2, 10, 30])('kama_%i (efficiency ratio, fast 2/3, slow 2/31, seeded with the close of bar n−1)', (n) => expectClose(kama(close, n), naiveKama(close, n)));
  it.each([1, 5, 20])('vwap_%i = Σ(close·volume)/Σvolume', (n) => {
    const want = Array.from(close, (_, i) => {
      if (i < n - 1) return NaN;
      let pv = 0;
      let v = 0;
      for (let k = i - n + 1; k <= i; k++) {
        pv += close[k] * volume[k];
        v += volume[k];
      }
      return pv / v;
    });
    expectClose(vwap(close, volume, n), want);
  });
});

describe('moving averages on hand-computed series', () => {
  const x = Float64Array.of(1, 2, 3, 4, 5, 6);
  it('sma_3, ema_3, wma_3 by hand', () => {
    expect(Array.from(sma(x, 3))).toEqual([NaN, NaN, 2, 3, 4, 5]);
    // EMA(3): α = 0.5, seed (1+2+3)/3 = 2, then 2 + 0.5·(4−2) = 3, 4, 5.
    expect(Array.from(ema(x, 3))).toEqual([NaN, NaN, 2, 3, 4, 5]);
    // WMA(3) at bar 2: (1·1 + 2·2 + 3·3)/6 = 14/6.
    expect(wma(x, 3)[2]).toBeCloseTo(14 / 6, 14);
    expect(wma(x, 3)[5]).toBeCloseTo((4 + 10 + 18) / 6, 14);
  });

  it('kama on a straight line moves at the fast constant (ER = 1)', () => {
    // Seed 2 (bar 1); bar 2: 2 + (2/3)²·(3 − 2) = 2.444…
    expect(kama(x, 2)[2]).toBeCloseTo(2 + 4 / 9, 14);
  });

  it('vwap is NaN on a window without volume, even after volume has left it (no rounding residue)', () => {
    const price = Float64Array.of(10, 20, 30, 40, 50, 60, 70);
    const vol = Float64Array.of(0.3, 0.7, 0.1, 0, 0, 0, 0);
    const v = vwap(price, vol, 3);
    expect(v[2]).toBeCloseTo((3 + 14 + 3) / 1.1, 12);
    expect(v[4]).toBeCloseTo(30, 12);
    expect(Array.from(v.subarray(5))).toEqual([NaN, NaN]);
  });

  it('keeps a running sum exact over a million values: equal to a fresh sum at every wrap, never drifting', () => {
    const n = 20;
    const big = new Float64Array(1_000_000);
    for (let i = 0; i < big.length; i++) big[i] = 50_000 + Math.sin(i) * 0.01;
    const s = sma(big, n);
    let worst = 0;
    for (let i = big.length - 1000; i < big.length; i++) {
      let sum = 0;
      for (let k = i - n + 1; k <= i; k++) sum += big[k];
      worst = Math.max(worst, Math.abs(s[i] - sum / n));
    }
    expect(worst).toBeLessThan(1e-10);
  });
});

describe('pinned against TTR 0.24.3 (SMA, EMA, WMA, DEMA, HMA, VWAP with n = 20 on GOOG_1d)', () => {
  // Computed during development, not at test time: library(TTR); d <- read.csv('examples/data/GOOG_1d.csv');
  // x <- d$close; sprintf('%.10f', c(SMA(x,20)[i], EMA(x,20)[i], WMA(x,20)[i], DEMA(x,20)[i], HMA(x,20)[i], VWAP(x, d$volume, 20)[i]))
  // for the 1-based rows i = 100 and 2000.
  const TTR: Record<number, number[]> = {
    99: [188.229, 189.0934215946, 191.8762380952, 195.8388121087, 197.1753398268, 188.8491662646],
    1999: [588.06, 591.7271362849, 593.669952381, 600.7591969961, 607.7475510823, 590.845105413],
  };
  it.each(Object.entries(TTR))('bar %s', (bar, want) => {
    const i = Number(bar);
    const got = [sma(close, 20)[i], ema(close, 20)[i], wma(close, 20)[i], dema(close, 20)[i], hma(close, 20)[i], vwap(close, volume, 20)[i]];
    got.forEach((g, k) => expect(g).toBeCloseTo(want[k], 9));
  });
});
