/**
 * Statistics kernels against references written from their definitions (plain two-pass or
 * direct O(n·N) loops over each window), pandas values pinned on the GOOG sample, and hand
 * series whose answers are known exactly.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/features/registry.js';
import { hurst } from '../../src/features/kernels/hurst.js';
import { spectralEnergy } from '../../src/features/kernels/spectral.js';
import { autocorr, kurt, logret, skew, zscore } from '../../src/features/kernels/statistics.js';
import { googDaily } from '../helpers/real-bars.js';

const close = googDaily().close;

/** One-bar log returns, r[0] = NaN. */
function returns(c: ArrayLike<number>): number[] {
  const r = [NaN];
  for (let t = 1; t < c.length; t++) r.push(Math.log(c[t] / c[t - 1]));
  return r;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
/** Zero variance, exactly: a two-pass variance of equal values can still be rounding noise. */
const allEqual = (xs: number[]) => xs.every((x) => x === xs[0]);

/** Runs f over every window of the last n returns; NaN before the first complete one. */
function overReturnWindows(c: ArrayLike<number>, n: number, f: (w: number[]) => number): number[] {
  const r = returns(c);
  return r.map((_, t) => (t < n ? NaN : f(r.slice(t - n + 1, t + 1))));
}

function naiveZscore(c: Float64Array, n: number): number[] {
  return Array.from(c, (x, t) => {
    if (t < n - 1) return NaN;
    const w = Array.from(c.subarray(t - n + 1, t + 1));
    const m = mean(w);
    const sd = Math.sqrt(sum(w.map((v) => (v - m) ** 2)) / (n - 1));
    return allEqual(w) ? 0 : (x - m) / sd;
  });
}

function centralMoment(w: number[], k: number): number {
  const m = mean(w);
  return mean(w.map((v) => (v - m) ** k));
}

function naiveSkew(w: number[]): number {
  const n = w.length;
  const m2 = centralMoment(w, 2);
  return allEqual(w) ? 0 : ((Math.sqrt(n * (n - 1)) / (n - 2)) * centralMoment(w, 3)) / m2 ** 1.5;
}

function naiveKurt(w: number[]): number {
  const n = w.length;
  const m2 = centralMoment(w, 2);
  return allEqual(w) ? 0 : ((n * n - 1) * (centralMoment(w, 4) / m2 ** 2) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
}

function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  const cxy = sum(x.map((v, i) => (v - mx) * (y[i] - my)));
  const cxx = sum(x.map((v) => (v - mx) ** 2));
  const cyy = sum(y.map((v) => (v - my) ** 2));
  return allEqual(x) || allEqual(y) ? 0 : cxy / Math.sqrt(cxx * cyy);
}

function naiveAutocorr(c: Float64Array, n: number, l: number): number[] {
  const r = returns(c);
  return r.map((_, t) => (t < n + l ? NaN : pearson(r.slice(t - n + 1, t + 1), r.slice(t - n + 1 - l, t + 1 - l))));
}

/** Band share by a direct DFT of the demeaned window; bin k belongs to band ⌈4k/K⌉. */
function naiveSpectral(w: number[], b: number): number {
  const n = w.length;
  const m = mean(w);
  const bins = Math.floor(n / 2);
  let total = 0;
  let band = 0;
  for (let k = 1; k <= bins; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      re += (w[j] - m) * Math.cos((2 * Math.PI * k * j) / n);
      im -= (w[j] - m) * Math.sin((2 * Math.PI * k * j) / n);
    }
    const p = re * re + im * im;
    total += p;
    if (Math.ceil((4 * k) / bins) === b) band += p;
  }
  return allEqual(w) ? 0.25 : band / total;
}

/** Rescaled-range Hurst exponent, chunks counted back from the newest return. */
function naiveHurst(w: number[]): number {
  const n = w.length;
  const points: [number, number][] = [];
  for (let s = n; s >= 8; s = Math.floor(s / 2)) {
    const rs: number[] = [];
    for (let c = 1; c <= Math.floor(n / s); c++) {
      const chunk = w.slice(n - c * s, n - (c - 1) * s);
      if (chunk.every((v) => v === chunk[0])) continue;
      const m = mean(chunk);
      let y = 0;
      const cumulative = chunk.map((v) => (y += v - m));
      const sd = Math.sqrt(mean(chunk.map((v) => (v - m) ** 2)));
      rs.push((Math.max(...cumulative) - Math.min(...cumulative)) / sd);
    }
    if (rs.length > 0) points.push([Math.log(s), Math.log(mean(rs))]);
  }
  if (points.length < 2) return 0.5;
  const mu = mean(points.map((p) => p[0]));
  const mv = mean(points.map((p) => p[1]));
  return sum(points.map(([u, v]) => (u - mu) * (v - mv))) / sum(points.map(([u]) => (u - mu) ** 2));
}

/** Same NaN positions, and |a − b| ≤ tol·max(1, |b|) elsewhere. */
function expectNear(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  let worst = { i: -1, diff: 0 };
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    if (Number.isNaN(b) || Number.isNaN(a)) {
      expect(`bar ${i}: ${a}`).toBe(`bar ${i}: ${b}`);
      continue;
    }
    const diff = Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (!(diff <= worst.diff)) worst = { i, diff };
  }
  expect(worst.diff, `worst at bar ${worst.i}: ${got[worst.i]} vs ${want[worst.i]}`).toBeLessThanOrEqual(tol);
}

/** Closes whose one-bar log returns are exactly the multiples `steps` of ln 2: 2^e. */
function powersOfTwo(steps: number[]): Float64Array {
  const c = new Float64Array(steps.length + 1);
  let e = 0;
  c[0] = 1;
  steps.forEach((s, i) => (c[i + 1] = 2 ** (e += s)));
  return c;
}

/**
 * 27 varied returns, then 50 equal ones (ln 2): once a window holds only the equal ones, the
 * running sums' shift is no longer a window value and their variance is rounding noise.
 */
const movesThenSteady = powersOfTwo([
  ...[3, -2, 5, 1, -4, 2, 2, -1, 6, -3, 1, 1, -2, 4, 3, -5, 2, 1, -1, 2, 3, -2, 1, 4, -3, 2, 5],
  ...Array.from({ length: 50 }, () => 1),
]);

/**
 * Returns 0 or ±ln 2 from a fixed pseudo-random sequence, flat for 40 bars in every 80: runs
 * of equal returns of every length, ending and starting everywhere.
 */
const manyRuns = powersOfTwo(
  Array.from({ length: 600 }, (_, i) => {
    const u = (i * 7919 + ((i * i) % 13)) % 10;
    return Math.floor(i / 40) % 2 === 0 ? 0 : u < 6 ? 0 : u < 8 ? 1 : -1;
  }),
);

describe('logret', () => {
  it('is ln(Cₜ/Cₜ₋ₙ) from bar n on', () => {
    for (const n of [1, 5]) {
      const want = Array.from(close, (c, t) => (t < n ? NaN : Math.log(c / close[t - n])));
      expectNear(logret(close, n), want, 0);
    }
    expect(logret(Float64Array.of(100, 110, 121), 2)[2]).toBeCloseTo(Math.log(1.21), 15);
  });
});

describe('zscore', () => {
  it('matches the two-pass definition on GOOG', () => {
    for (const n of [2, 7, 20, 100]) expectNear(zscore(close, n), naiveZscore(close, n));
  });

  it('matches the definition on closes with long flat runs', () => {
    for (const n of [2, 5, 20]) expectNear(zscore(manyRuns, n), naiveZscore(manyRuns, n), 1e-12);
  });

  it('hand values: [1, 2, 3] gives 1, [3, 2, 1] gives −1', () => {
    expect(zscore(Float64Array.of(1, 2, 3), 3)[2]).toBeCloseTo(1, 14);
    expect(zscore(Float64Array.of(3, 2, 1), 3)[2]).toBeCloseTo(-1, 14);
  });

  it('is exactly 0 on a flat window, also one that follows moving prices', () => {
    const c = Float64Array.from({ length: 60 }, (_, i) => (i < 25 ? 100 + Math.sin(i) * 7.3 : 123.45));
    const z = zscore(c, 10);
    for (let t = 34; t < 60; t++) expect(Object.is(z[t], 0)).toBe(true);
    expect(z[33]).not.toBe(0);
  });
});

describe('skew and kurt', () => {
  // pandas 1.5.3: r = np.log(c / c.shift(1)) on examples/data/GOOG_1d.csv close, then
  // r.rolling(20).skew() / .kurt() / .corr(r.shift(l)), printed with repr(float(...)).
  const PANDAS_SKEW_20 = [[20, 0.2565341257273899], [100, -0.0502917526225302], [500, -0.0263129080622419], [1000, -1.2604811336370727], [1346, -0.3357284767359958], [2147, -0.4736647919478568]];
  const PANDAS_KURT_20 = [[20, 1.4470013096995713], [100, -0.1899048477884715], [500, -0.1744108941906771], [1000, 3.234156901695304], [1349, -0.0106236632382406], [2147, 0.9143149034669378]];

  it('matches the pandas 1.5.3 values pinned on GOOG', () => {
    const s = skew(close, 20);
    const k = kurt(close, 20);
    for (const [t, v] of PANDAS_SKEW_20) expect(Math.abs(s[t] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
    for (const [t, v] of PANDAS_KURT_20) expect(Math.abs(k[t] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
  });

  it('match the two-pass definition on GOOG at every bar', () => {
    for (const n of [3, 7, 20, 63]) expectNear(skew(close, n), overReturnWindows(close, n, naiveSkew));
    for (const n of [4, 7, 20, 63]) expectNear(kurt(close, n), overReturnWindows(close, n, naiveKurt));
  });

  it('match the definition on returns with long runs of equal values', () => {
    for (const n of [4, 9, 30]) {
      expectNear(skew(manyRuns, n), overReturnWindows(manyRuns, n, naiveSkew), 1e-12);
      expectNear(kurt(manyRuns, n), overReturnWindows(manyRuns, n, naiveKurt), 1e-12);
    }
  });

  it('hand values: returns (1, 2, 4)·ln 2', () => {
    // Deviations −4/3, −1/3, 5/3 (× ln 2): m2 = 14/9, m3 = 20/27 in units of ln 2 (skew is scale-free).
    const g1 = Math.sqrt(3 * 2) / 1 * (20 / 27) / (14 / 9) ** 1.5;
    expect(skew(powersOfTwo([1, 2, 4]), 3)[3]).toBeCloseTo(g1, 12);
    // Symmetric returns have no skew.
    expect(skew(powersOfTwo([1, 2, 3]), 3)[3]).toBeCloseTo(0, 14);
    // Returns (1, 1, 1, 5): m2 = 3, m4 = 21 → ((16−1)·21/9 − 27)/(2·1) = 4.
    expect(kurt(powersOfTwo([1, 1, 1, 5]), 4)[4]).toBeCloseTo(4, 12);
  });

  it('are exactly 0 when the window returns are all equal, nonzero or zero, also after moves', () => {
    const growth = powersOfTwo(Array.from({ length: 80 }, () => 1));
    const flat = new Float64Array(80).fill(50);
    for (const c of [growth, flat]) {
      for (const v of [...skew(c, 20).subarray(20), ...kurt(c, 20).subarray(20)]) expect(Object.is(v, 0)).toBe(true);
    }
    const c = movesThenSteady;
    const s = skew(c, 20);
    const k = kurt(c, 20);
    expect(s[46]).not.toBe(0);
    for (let t = 47; t < c.length; t++) expect(`${t}: ${s[t]} ${k[t]}`).toBe(`${t}: 0 0`);
  });
});

describe('autocorr', () => {
  const PANDAS_AUTOCORR_20_1 = [[21, 0.1344550644282361], [100, -0.450993057122131], [500, -0.0394303363226595], [1000, -0.0332009156675611], [1603, 0.4467381680646371], [2147, -0.4247171953208804]];
  const PANDAS_AUTOCORR_7_3 = [[10, 0.2397449200826506], [100, -0.5235816561371746], [1000, 0.3251989698008387], [2147, 0.6738234358697289]];

  it('matches the pandas 1.5.3 values pinned on GOOG (rolling(n).corr(r.shift(l)))', () => {
    const a = autocorr(close, 20, 1);
    const b = autocorr(close, 7, 3);
    for (const [t, v] of PANDAS_AUTOCORR_20_1) expect(Math.abs(a[t] - v)).toBeLessThan(1e-9);
    for (const [t, v] of PANDAS_AUTOCORR_7_3) expect(Math.abs(b[t] - v)).toBeLessThan(1e-9);
    expect(a[20]).toBeNaN();
    expect(b[9]).toBeNaN();
  });

  it('matches Pearson correlation from the definition on GOOG', () => {
    for (const [n, l] of [[3, 1], [20, 1], [20, 5], [60, 2]]) expectNear(autocorr(close, n, l), naiveAutocorr(close, n, l));
  });

  it('matches the definition on returns with long runs of equal values', () => {
    const c = manyRuns;
    for (const [n, l] of [[3, 1], [3, 5], [5, 2], [8, 13], [20, 3]]) expectNear(autocorr(c, n, l), naiveAutocorr(c, n, l), 1e-12);
  });

  it('is −1 at lag 1 and +1 at lag 2 for alternating returns, 0 for constant ones (also after moves)', () => {
    const alternating = powersOfTwo(Array.from({ length: 40 }, (_, i) => (i % 2 ? -1 : 1)));
    expect(autocorr(alternating, 10, 1)[40]).toBe(-1);
    expect(autocorr(alternating, 10, 2)[40]).toBe(1);
    const growth = powersOfTwo(Array.from({ length: 40 }, () => 1));
    expect(Object.is(autocorr(growth, 10, 1)[40], 0)).toBe(true);
    const a = autocorr(movesThenSteady, 20, 1);
    expect(a[46]).not.toBe(0);
    for (let t = 47; t < movesThenSteady.length; t++) expect(`${t}: ${a[t]}`).toBe(`${t}: 0`);
  });
});

describe('spectral_energy', () => {
  it('matches a direct DFT of each window on GOOG, for every band (sliding DFT with exact recomputes)', () => {
    for (const n of [8, 11, 32, 64]) {
      for (const b of [1, 2, 3, 4]) expectNear(spectralEnergy(close, n, b), overReturnWindows(close, n, (w) => naiveSpectral(w, b)));
    }
  });

  it('matches a direct DFT on returns with long runs of equal values', () => {
    for (const [n, b] of [[8, 1], [16, 4], [33, 2]]) expectNear(spectralEnergy(manyRuns, n, b), overReturnWindows(manyRuns, n, (w) => naiveSpectral(w, b)), 1e-12);
  });

  it('band shares add up to 1', () => {
    const bands = [1, 2, 3, 4].map((b) => spectralEnergy(close, 50, b));
    for (let t = 50; t < close.length; t++) expect(bands.reduce((a, s) => a + s[t], 0)).toBeCloseTo(1, 12);
  });

  it('puts a pure cosine of frequency 15/32 in band 4 and a slow one in band 1', () => {
    for (const [freq, band] of [[15, 4], [2, 1]]) {
      const r = Array.from({ length: 200 }, (_, j) => 0.01 * Math.cos((2 * Math.PI * freq * j) / 32));
      let log = Math.log(100);
      const c = Float64Array.from([100, ...r.map((x) => Math.exp((log += x)))]);
      const share = spectralEnergy(c, 32, band);
      for (let t = 32; t < c.length; t++) expect(share[t]).toBeGreaterThan(1 - 1e-9);
    }
  });

  it('is 0.25 when the window returns are all equal, also after moves', () => {
    for (const c of [new Float64Array(100).fill(7), powersOfTwo(Array.from({ length: 100 }, () => 1))]) {
      for (const v of spectralEnergy(c, 16, 2).subarray(16)) expect(v).toBe(0.25);
    }
    const e = spectralEnergy(movesThenSteady, 20, 1);
    expect(e[46]).not.toBe(0.25);
    for (let t = 47; t < movesThenSteady.length; t++) expect(`${t}: ${e[t]}`).toBe(`${t}: 0.25`);
  });
});

describe('hurst', () => {
  it('matches rescaled-range analysis from the definition on GOOG', () => {
    for (const n of [32, 37, 100]) expectNear(hurst(close, n), overReturnWindows(close, n, naiveHurst));
  });

  it('matches the definition on returns with long runs of equal values', () => {
    for (const n of [32, 50]) expectNear(hurst(manyRuns, n), overReturnWindows(manyRuns, n, naiveHurst), 1e-12);
  });

  it('is 0 for alternating returns (R/S = 1 at every scale) and 0.5 on flat windows', () => {
    const alternating = powersOfTwo(Array.from({ length: 80 }, (_, i) => (i % 2 ? -1 : 1)));
    expect(hurst(alternating, 64)[80]).toBeCloseTo(0, 12);
    for (const v of hurst(new Float64Array(80).fill(3), 32).subarray(32)) expect(v).toBe(0.5);
  });

  it('skips flat chunks: only the newest 16 of 64 returns move', () => {
    const c = Float64Array.from({ length: 65 }, (_, i) => (i <= 48 ? 100 : 100 + 10 * Math.sin(i)));
    const w = returns(c).slice(1);
    expect(hurst(c, 64)[64]).toBeCloseTo(naiveHurst(w), 12);
  });
});

describe('statistics families', () => {
  it('resolve by name with their parameters in order', () => {
    const reg = registry();
    expect(reg.resolve('autocorr_20_5').params).toEqual({ n: 20, l: 5 });
    expect(reg.resolve('spectral_energy_64_3').params).toEqual({ n: 64, b: 3 });
    expect(reg.resolve('hurst').name).toBe('hurst_100');
    expect(() => reg.resolve('spectral_energy_32_5')).toThrow(/within 1…4/);
    expect(() => reg.resolve('hurst_20')).toThrow(/within 32…5000/);
  });

  it('start exactly at their declared warm-up on GOOG', () => {
    const firsts = {
      logret_3: [logret(close, 3), 3],
      zscore_20: [zscore(close, 20), 19],
      skew_20: [skew(close, 20), 20],
      kurt_20: [kurt(close, 20), 20],
      autocorr_20_3: [autocorr(close, 20, 3), 23],
      spectral_energy_32_1: [spectralEnergy(close, 32, 1), 32],
      hurst_100: [hurst(close, 100), 100],
    } as const;
    for (const [name, [col, first]] of Object.entries(firsts)) expect(`${name} ${col.findIndex((v) => !Number.isNaN(v))}`).toBe(`${name} ${first}`);
  });
});
