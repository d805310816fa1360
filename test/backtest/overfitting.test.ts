/**
 * Overfitting statistics: the normal CDF and its inverse against published and 50-digit values
 * and a Simpson integral of the density; the deflated Sharpe ratio against the worked example
 * of Bailey & López de Prado (2014); PBO by CSCV against a hand-worked split table, matrices
 * whose answer is known by construction, a naive re-implementation, and column permutations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deflatedSharpe,
  deflatedSharpeFromReturns,
  expectedMaxSharpe,
  normalCdf,
  normalQuantile,
  probabilisticSharpe,
  probabilityOfOverfitting,
  returnMoments,
} from '../../src/backtest/overfitting/index.js';
import { SextantError } from '../../src/core/errors.js';

/** Asserts fn throws SextantError OPTION_INVALID naming `field`. */
function expectInvalid(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SextantError);
    expect((e as SextantError).code).toBe('OPTION_INVALID');
    expect((e as SextantError).details.field).toBe(field);
    return;
  }
  expect.fail(`expected OPTION_INVALID on ${field}`);
}

/** Seeded uniform [0, 1) (mulberry32) and standard normal (Box–Muller) draws. */
function rng(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

describe('normal CDF and quantile', () => {
  // Reference values to 20 digits from mpmath at 50-digit precision (ncdf), Φ(1.96) and
  // Φ⁻¹(0.975) also as printed in statistical tables / SciPy.
  const cdfValues: [number, number][] = [
    [0, 0.5],
    [1.96, 0.97500210485177956586],
    [-1, 0.15865525393145705141],
    [-3, 0.0013498980316300945267],
    [-5, 2.8665157187919391167e-7],
    [6, 0.99999999901341235496],
    [-10, 7.619853024160526066e-24],
    [-20, 2.7536241186062336951e-89],
    [-30, 4.9067139271481870595e-198],
  ];

  it.each(cdfValues)('Φ(%f) matches the 50-digit value (relative error < 1e-12)', (x, want) => {
    expect(Math.abs(normalCdf(x) - want) / want).toBeLessThan(1e-12);
  });

  it('Φ(1.96) = 0.9750021048517795 and Φ⁻¹(0.975) = 1.959963984540054', () => {
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-15);
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-14);
  });

  it('agrees with 0.5 + a Simpson integral of the density to 1e-13 on [−8, 8]', () => {
    const phi = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
    for (let x = -8; x <= 8; x += 0.25) {
      const m = 4000;
      const h = x / m;
      let s = phi(0) + phi(x);
      for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * phi(i * h);
      expect(Math.abs(normalCdf(x) - (0.5 + (s * h) / 3))).toBeLessThan(1e-13);
    }
  });

  const quantileValues: [number, number][] = [
    [0.975, 1.9599639845400542355],
    [0.3, -0.52440051270804078404],
    [0.01, -2.3263478740408411009],
    [1e-10, -6.3613409024040562047],
    [1e-100, -21.273453560965324295],
  ];

  it.each(quantileValues)('Φ⁻¹(%f) matches the 50-digit value (relative error < 1e-14)', (p, want) => {
    expect(Math.abs(normalQuantile(p) - want) / Math.abs(want)).toBeLessThan(1e-14);
  });

  it('has the right limits and domain', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1 and Φ⁻¹(1 − p) = −Φ⁻¹(p)', () => {
    fc.assert(
      fc.property(fc.double({ min: -9, max: 9, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, minExcluded: true, noNaN: true }), (p) => {
        expect(normalQuantile(p)).toBe(-normalQuantile(1 - p));
      }),
    );
  });

  // Far out the round trip is limited by conditioning: a 1-ulp change in x moves Φ by about
  // x²·2⁻⁵³ relatively (1.5e−13 at p = 1e−300, x ≈ −37).
  it('round-trips: Φ(Φ⁻¹(p)) = p to 1e-12 relative, p from 1e−300 to 0.5', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: Math.log10(0.5), noNaN: true }), (e) => {
        const p = 10 ** e;
        expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p).toBeLessThan(1e-12);
      }),
    );
  });
});

describe('probabilistic and deflated Sharpe ratio', () => {
  // Bailey & López de Prado, "The Deflated Sharpe Ratio" (J. Portfolio Management 40(5), 2014;
  // SSRN 2460551), section "A numerical example", pp. 9–10 of the SSRN version: after N = 100
  // trials with V[SR_n] = 1/2 (annualised), the best has annualised SR 2.5 over T = 1250 daily
  // returns (250 a year), skewness −3, kurtosis 10. The paper prints SR0 ≈ 0.1132
  // (non-annualised), DSR ≈ 0.9004; DSR ≈ 0.9505 had there been N = 46 trials; and, with
  // normal returns (skew 0, kurtosis 3), about 88 trials to bring the DSR down to 0.95.
  const paper = { sharpe: 2.5 / Math.sqrt(250), sharpeVariance: 0.5 / 250, observations: 1250, skew: -3, kurtosis: 10 };

  it("reproduces the paper's numerical example to the printed 4 decimals", () => {
    const r = deflatedSharpe({ ...paper, trials: 100 });
    expect(r.expectedMaxSharpe.toFixed(4)).toBe('0.1132');
    expect(r.dsr.toFixed(4)).toBe('0.9004');
    expect(deflatedSharpe({ ...paper, trials: 46 }).dsr.toFixed(4)).toBe('0.9505');
    expect(deflatedSharpe({ ...paper, skew: 0, kurtosis: 3, trials: 88 }).dsr.toFixed(4)).toBe('0.9505');
  });

  it('matches the formulas evaluated at 30 digits by mpmath (1e-12)', () => {
    const r = deflatedSharpe({ ...paper, trials: 100 });
    expect(Math.abs(r.expectedMaxSharpe - 0.113172001865132028871)).toBeLessThan(1e-12);
    expect(Math.abs(r.dsr - 0.900396834449390961558)).toBeLessThan(1e-12);
    expect(Math.abs(r.psr0 - 0.999996859507897648984)).toBeLessThan(1e-12);
  });

  it('reduces to Φ((SR − SR*)·√(T−1)/√(1 + SR²/2)) for normal returns', () => {
    const [sr, b, t] = [0.12, 0.05, 500];
    const want = normalCdf(((sr - b) * Math.sqrt(t - 1)) / Math.sqrt(1 + (sr * sr) / 2));
    expect(probabilisticSharpe({ sharpe: sr, benchmark: b, observations: t, skew: 0, kurtosis: 3 })).toBeCloseTo(want, 15);
    // At SR = SR* the PSR is exactly one half, whatever the moments.
    expect(probabilisticSharpe({ sharpe: 0.3, benchmark: 0.3, observations: 50, skew: -1, kurtosis: 6 })).toBe(0.5);
  });

  it('SR0 is 0 for one trial, scales with √V, and grows with N; DSR ≤ PSR(0) and falls with N', () => {
    expect(expectedMaxSharpe(1, 0.3)).toBe(0);
    // With N = 2, Φ⁻¹(1/2) = 0, so SR0 = √V·γ·Φ⁻¹(1 − 1/(2e)).
    expect(expectedMaxSharpe(2, 4)).toBeCloseTo(2 * 0.5772156649015329 * normalQuantile(1 - 1 / (2 * Math.E)), 14);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 100000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (n, extra, v, sr) => {
          expect(expectedMaxSharpe(n, 4 * v)).toBeCloseTo(2 * expectedMaxSharpe(n, v), 12);
          expect(expectedMaxSharpe(n + extra, v)).toBeGreaterThan(expectedMaxSharpe(n, v));
          const base = { sharpe: sr, sharpeVariance: v / 250, observations: 1000, skew: -0.5, kurtosis: 5 };
          const a = deflatedSharpe({ ...base, trials: n });
          const b = deflatedSharpe({ ...base, trials: n + extra });
          expect(a.dsr).toBeLessThanOrEqual(a.psr0);
          expect(b.dsr).toBeLessThanOrEqual(a.dsr);
        },
      ),
    );
  });

  it('takes the moments from returns: [−1, 0, 0, 3] worked by hand', () => {
    // Mean 1/2, deviations −3/2, −1/2, −1/2, 5/2: m2 = 9/4, m3 = 3, m4 = 177/16.
    // Sample sd √(9/3) = √3, so SR = (1/2)/√3; skew = 3/(9/4)^1.5 = 8/9; kurtosis = (177/16)/(81/16) = 59/27.
    const m = returnMoments([-1, 0, 0, 3]);
    expect(m.sharpe).toBeCloseTo(0.5 / Math.sqrt(3), 15);
    expect(m.skew).toBeCloseTo(8 / 9, 15);
    expect(m.kurtosis).toBeCloseTo(59 / 27, 15);
    expect(m.observations).toBe(4);

    // Trial Sharpes 0.1 … 0.4: mean 0.25, sample variance (2·0.15² + 2·0.05²)/3 = 0.05/3.
    const r = deflatedSharpeFromReturns([-1, 0, 0, 3], [0.1, 0.2, 0.3, 0.4]);
    expect(r.trials).toBe(4);
    expect(r.sharpeVariance).toBeCloseTo(0.05 / 3, 15);
    const direct = deflatedSharpe({ sharpe: 0.5 / Math.sqrt(3), trials: 4, sharpeVariance: 0.05 / 3, observations: 4, skew: 8 / 9, kurtosis: 59 / 27 });
    expect(r.dsr).toBeCloseTo(direct.dsr, 13);
    expect(r.psr0).toBeCloseTo(direct.psr0, 13);
    expect(r.expectedMaxSharpe).toBeCloseTo(direct.expectedMaxSharpe, 15);
  });

  it('rejects bad input with OPTION_INVALID naming the field', () => {
    const ok = { ...paper, trials: 100 };
    expectInvalid(() => deflatedSharpe({ ...ok, trials: 0.5 }), 'trials');
    expectInvalid(() => deflatedSharpe({ ...ok, sharpeVariance: -1 }), 'sharpeVariance');
    expectInvalid(() => deflatedSharpe({ ...ok, observations: 1 }), 'observations');
    expectInvalid(() => deflatedSharpe({ ...ok, observations: 10.5 }), 'observations');
    expectInvalid(() => deflatedSharpe({ ...ok, sharpe: NaN }), 'sharpe');
    expectInvalid(() => deflatedSharpe({ ...ok, skew: Infinity }), 'skew');
    // Excess kurtosis 0 passed for a normal: 1 − 0 + (0 − 1)/4·4 = 0, not a variance.
    expectInvalid(() => deflatedSharpe({ ...ok, sharpe: 2, skew: 0, kurtosis: 0 }), 'kurtosis');
    expectInvalid(() => returnMoments([1]), 'returns');
    expectInvalid(() => returnMoments([1, 1, 1]), 'returns');
    expectInvalid(() => returnMoments([1, NaN, 2]), 'returns');
    expectInvalid(() => deflatedSharpeFromReturns([1, 2, 3], [0.1]), 'trialSharpes');
    expectInvalid(() => deflatedSharpeFromReturns([1, 2, 3], [0.1, Infinity]), 'trialSharpes');
  });
});

/** Row-major T×N matrix from rows. */
function matrixOf(rows: number[][]): { matrix: Float64Array; rows: number; columns: number } {
  return { matrix: Float64Array.from(rows.flat()), rows: rows.length, columns: rows[0].length };
}

/** Sharpe (mean / sample sd) by two passes; 0 when all values are 0, ±∞ when constant otherwise. */
function naiveSharpe(xs: number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return v > 0 ? mean / Math.sqrt(v) : mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
}

/**
 * CSCV straight from the definition: slices the rows of each split, two-pass Sharpes, IS
 * argmax (ties → lowest OOS), average rank. Splits in the documented order: block sets
 * containing block 0 by increasing bitmask, each followed by its complement.
 */
function naivePbo(m: number[][], s: number): { logits: number[]; is: number[]; oos: number[] } {
  const t = m.length;
  const n = m[0].length;
  const blockOf = (r: number) => [...Array(s).keys()].find((b) => r >= Math.floor((b * t) / s) && r < Math.floor(((b + 1) * t) / s))!;
  const stats = (inSet: (b: number) => boolean) => [...Array(n).keys()].map((j) => naiveSharpe(m.filter((_, r) => inSet(blockOf(r))).map((row) => row[j])));
  const out = { logits: [] as number[], is: [] as number[], oos: [] as number[] };
  const record = (is: number[], oos: number[]) => {
    const best = [...Array(n).keys()].reduce((a, j) => (is[j] > is[a] || (is[j] === is[a] && oos[j] < oos[a]) ? j : a), 0);
    const rank = oos.filter((v) => v < oos[best]).length + (oos.filter((v) => v === oos[best]).length + 1) / 2;
    const w = rank / (n + 1);
    out.logits.push(Math.log(w / (1 - w)));
    out.is.push(is[best]);
    out.oos.push(oos[best]);
  };
  for (let mask = 1; mask < 2 ** s; mask += 2) {
    if ([...Array(s).keys()].filter((b) => (mask >> b) & 1).length !== s / 2) continue;
    const a = stats((b) => ((mask >> b) & 1) === 1);
    const c = stats((b) => ((mask >> b) & 1) === 0);
    record(a, c);
    record(c, a);
  }
  return out;
}

describe('probability of backtest overfitting (CSCV)', () => {
  it('follows the hand-worked table: S = 4, one row per block, N = 3', () => {
    //        A   B   C
    // row 0: 2   3   3
    // row 1: 4   0   2
    // row 2: 1  −2   4
    // row 3: −2 −1  −2
    // With 2 values x, y: Sharpe = ((x+y)/2) / (|x−y|/√2) = q/√2 with q = (x+y)/|x−y|.
    // q of each column (A, B, C), the IS-best n*, its OOS rank among 3, ω = rank/4, λ:
    //   IS {0,1}: 3, 1, 5        OOS {2,3}: −1/3, −3, 1/3   n* = C, rank 3, ω = 3/4, λ = ln 3
    //   IS {2,3}: −1/3, −3, 1/3  OOS {0,1}: 3, 1, 5         n* = C, rank 3, λ = ln 3
    //   IS {0,2}: 3, 1/5, 7      OOS {1,3}: 1/3, −1, 0      n* = C, rank 2, ω = 1/2, λ = 0
    //   IS {1,3}: 1/3, −1, 0     OOS {0,2}: 3, 1/5, 7       n* = A, rank 2, λ = 0
    //   IS {0,3}: 0, 1/2, 1/5    OOS {1,2}: 5/3, −1, 3      n* = B, rank 1, ω = 1/4, λ = −ln 3
    //   IS {1,2}: 5/3, −1, 3     OOS {0,3}: 0, 1/2, 1/5     n* = C, rank 2, λ = 0
    // λ ≤ 0 in 4 of 6 splits: PBO = 2/3. Only the {0,3} split's winner loses OOS (−1/√2): 1/6.
    const r = probabilityOfOverfitting({
      ...matrixOf([
        [2, 3, 3],
        [4, 0, 2],
        [1, -2, 4],
        [-2, -1, -2],
      ]),
      blocks: 4,
    });
    expect(r.blocks).toBe(4);
    expect(r.combinations).toBe(6);
    expect(r.pbo).toBeCloseTo(2 / 3, 15);
    expect(r.probabilityOfLoss).toBeCloseTo(1 / 6, 15);
    const ln3 = Math.log(3);
    [ln3, ln3, 0, 0, -ln3, 0].forEach((want, i) => expect(r.logits[i]).toBeCloseTo(want, 14));
    const is = [5, 1 / 3, 7, 1 / 3, 1 / 2, 3].map((q) => q / Math.SQRT2);
    const oos = [1 / 3, 5, 0, 3, -1, 1 / 5].map((q) => q / Math.SQRT2);
    is.forEach((want, i) => expect(r.isSharpe[i]).toBeCloseTo(want, 14));
    oos.forEach((want, i) => expect(r.oosSharpe[i]).toBeCloseTo(want, 14));
    // OLS of those 6 pairs, in q units (x = IS q, y = OOS q): mean x = 97/36, mean y = 113/90,
    // Sxx = 8621/216, Sxy = −8567/540, slope = −17134/43105; the intercept 300862/129315 scales by 1/√2.
    expect(r.degradation.slope).toBeCloseTo(-17134 / 43105, 13);
    expect(r.degradation.intercept).toBeCloseTo(300862 / 129315 / Math.SQRT2, 13);
  });

  it('breaks an IS tie with the lowest OOS Sharpe and averages tied OOS ranks', () => {
    // S = 2 (blocks rows 0–1 and 2–3). A and B are identical in block 0, so they tie IS when
    // block 0 is IS; B is worse in block 1 (q 12/6 = 2 against 11), so B is taken: its OOS rank
    // is 1 of {A 11, B 2, C 9} → ω = 1/4, λ = ln(1/3). Split 2 (IS = block 1): A wins (q 11),
    // and its block-0 q = 3 ties B's, above C's 1 → rank 1 + (2 + 1)/2 = 2.5 → ω = 5/8, λ = ln(5/3).
    const cols = [
      [1, 1, 0],
      [2, 2, 1],
      [5, 3, 4],
      [6, 9, 5],
    ];
    const r = probabilityOfOverfitting({ ...matrixOf(cols), blocks: 2 });
    expect(r.combinations).toBe(2);
    expect(r.logits[0]).toBeCloseTo(Math.log(1 / 3), 14);
    expect(r.logits[1]).toBeCloseTo(Math.log(5 / 3), 14);
    expect(r.oosSharpe[0]).toBeCloseTo(2 / Math.SQRT2, 14);
    expect(r.pbo).toBe(0.5);
  });

  it('gives PBO = 0 when one trial dominates every block', () => {
    const { normal } = rng(7);
    const t = 320;
    const n = 40;
    const matrix = new Float64Array(t * n);
    for (let r = 0; r < t; r++) for (let j = 0; j < n; j++) matrix[r * n + j] = (j === 0 ? 1 : 0) + normal();
    const res = probabilityOfOverfitting({ matrix, rows: t, columns: n });
    expect(res.blocks).toBe(16);
    expect(res.combinations).toBe(12870);
    expect(res.pbo).toBe(0);
    expect(res.probabilityOfLoss).toBe(0);
    // The winner is always the best OOS too: ω = N/(N+1), λ = ln N.
    for (const l of res.logits) expect(l).toBeCloseTo(Math.log(n), 12);
  });

  it('gives PBO = 1 when the IS-best trial is the OOS-worst by construction', () => {
    // S = 6 blocks of 4 rows; one trial per set c of 3 blocks (C(6,3) = 20 trials): +1 on the
    // blocks of c, −1 on the others, plus the same zero-mean wiggle w in every block. When c is
    // IS, trial c is +1 + w there (the highest mean, the least spread: the best IS Sharpe) and
    // −1 + w OOS, the lowest mean with the least spread: the worst OOS Sharpe, every time.
    const sets: number[] = [];
    for (let mask = 0; mask < 64; mask++) if ([0, 1, 2, 3, 4, 5].filter((b) => (mask >> b) & 1).length === 3) sets.push(mask);
    const w = [0.3, -0.3, 0.1, -0.1];
    const rows = [];
    for (let b = 0; b < 6; b++) for (const x of w) rows.push(sets.map((mask) => ((mask >> b) & 1 ? 1 : -1) + x));
    const r = probabilityOfOverfitting({ ...matrixOf(rows), blocks: 6 });
    expect(r.combinations).toBe(20);
    expect(r.pbo).toBe(1);
    expect(r.probabilityOfLoss).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(1 / 20), 12);
  });

  it('gives PBO near 0.5 on pure noise (mean of 8 fixed seeds)', () => {
    const t = 400;
    const n = 50;
    let sum = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { normal } = rng(seed);
      const matrix = new Float64Array(t * n);
      for (let i = 0; i < matrix.length; i++) matrix[i] = 0.01 * normal();
      sum += probabilityOfOverfitting({ matrix, rows: t, columns: n }).pbo;
    }
    expect(sum / 8).toBeGreaterThan(0.35);
    expect(sum / 8).toBeLessThan(0.65);
  });

  it('matches a naive CSCV on random matrices (uneven blocks included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (halfBlocks, perBlock, extra, n, seed) => {
          const s = 2 * halfBlocks;
          const t = Math.max(4, s * perBlock + extra);
          const { normal } = rng(seed);
          const m = Array.from({ length: t }, () => Array.from({ length: n }, () => normal()));
          const r = probabilityOfOverfitting({ ...matrixOf(m), blocks: s });
          const want = naivePbo(m, s);
          expect(r.combinations).toBe(want.logits.length);
          expect(Array.from(r.logits)).toEqual(want.logits);
          // Relative: a near-constant window has a huge Sharpe, and the one-pass sums lose digits to cancellation there.
          const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
          want.is.forEach((v, i) => close(r.isSharpe[i], v));
          want.oos.forEach((v, i) => close(r.oosSharpe[i], v));
          expect(r.pbo).toBe(want.logits.filter((l) => l <= 0).length / want.logits.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives Sharpe 0 to an idle trial (all-zero returns) and does not pick it over a positive one', () => {
    // Trial B never trades; A is positive everywhere, C negative everywhere.
    const rows = [
      [1, 0, -1],
      [2, 0, -2],
      [2, 0, -3],
      [1, 0, -1],
    ];
    const r = probabilityOfOverfitting({ ...matrixOf(rows), blocks: 2 });
    // A wins IS and OOS in both splits (q = 3 in both blocks): rank 3 of 3 → λ = ln 3.
    expect(Array.from(r.logits)).toEqual([Math.log(3), Math.log(3)].map((l) => expect.closeTo(l, 14)));
    expect(Array.from(r.oosSharpe)).toEqual([3 / Math.SQRT2, 3 / Math.SQRT2].map((v) => expect.closeTo(v, 14)));
    expect(r.pbo).toBe(0);
    // Both IS winners have exactly the same IS Sharpe: no line can be fitted.
    expect(r.degradation.slope).toBeNaN();
  });

  it('ranks an idle trial (Sharpe 0) above a losing one', () => {
    //        A   B   C          q per block: A −3, −3; B 0, 0 (idle); C 3, −2
    // row 0: −1  0   1          IS block 0: C wins (3); OOS block 1: C −2 is above A −3 → rank 2, λ = 0
    // row 1: −2  0   2          IS block 1: B wins (0 beats −2 and −3); OOS block 0: B 0
    // row 2: −2  0  −3            is between A −3 and C 3 → rank 2, λ = 0
    // row 3: −1  0  −1
    const rows = [
      [-1, 0, 1],
      [-2, 0, 2],
      [-2, 0, -3],
      [-1, 0, -1],
    ];
    const r = probabilityOfOverfitting({ ...matrixOf(rows), blocks: 2 });
    expect(Array.from(r.logits)).toEqual([0, 0]);
    expect(Array.from(r.isSharpe)).toEqual([expect.closeTo(3 / Math.SQRT2, 14), 0]);
    expect(Array.from(r.oosSharpe)).toEqual([expect.closeTo(-2 / Math.SQRT2, 14), 0]);
    expect(r.pbo).toBe(1);
    expect(r.probabilityOfLoss).toBe(0.5);
    // Through (3/√2, −2/√2) and (0, 0): slope −2/3, intercept 0.
    expect(r.degradation.slope).toBeCloseTo(-2 / 3, 14);
    expect(r.degradation.intercept).toBeCloseTo(0, 14);
  });

  it('does not depend on the order of the columns (ties and idle trials included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (halfBlocks, extra, n, seed) => {
          const s = 2 * halfBlocks;
          const t = Math.max(4, s + extra);
          const { uniform } = rng(seed);
          // Small integers: many exact ties, zero-variance halves and all-zero columns.
          const m = Array.from({ length: t }, () => Array.from({ length: n }, () => Math.floor(uniform() * 5) - 2));
          const order = Array.from({ length: n }, (_, j) => j);
          for (let i = n - 1; i > 0; i--) {
            const k = Math.floor(uniform() * (i + 1));
            [order[i], order[k]] = [order[k], order[i]];
          }
          const a = probabilityOfOverfitting({ ...matrixOf(m), blocks: s });
          const b = probabilityOfOverfitting({ ...matrixOf(m.map((row) => order.map((j) => row[j]))), blocks: s });
          expect(b.pbo).toBe(a.pbo);
          expect(b.probabilityOfLoss).toBe(a.probabilityOfLoss);
          expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
          expect(Array.from(b.isSharpe)).toEqual(Array.from(a.isSharpe));
          expect(Array.from(b.oosSharpe)).toEqual(Array.from(a.oosSharpe));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lowers the default S to the largest even number ≤ T', () => {
    const { normal } = rng(3);
    for (const [t, s] of [
      [4, 4],
      [7, 6],
      [15, 14],
      [16, 16],
      [500, 16],
    ]) {
      const matrix = Float64Array.from({ length: t * 2 }, () => normal());
      const r = probabilityOfOverfitting({ matrix, rows: t, columns: 2 });
      expect(r.blocks).toBe(s);
      expect(r.combinations).toBe(r.logits.length);
    }
  });

  it('rejects bad input with OPTION_INVALID naming the field', () => {
    const ok = { matrix: new Float64Array(40).map((_, i) => Math.sin(i)), rows: 20, columns: 2 };
    expectInvalid(() => probabilityOfOverfitting({ ...ok, blocks: 3 }), 'blocks');
    expectInvalid(() => probabilityOfOverfitting({ ...ok, blocks: 0 }), 'blocks');
    expectInvalid(() => probabilityOfOverfitting({ ...ok, blocks: 2.5 }), 'blocks');
    expectInvalid(() => probabilityOfOverfitting({ ...ok, blocks: 26 }), 'blocks');
    expectInvalid(() => probabilityOfOverfitting({ ...ok, blocks: 22 }), 'rows');
    expectInvalid(() => probabilityOfOverfitting({ matrix: new Float64Array(6), rows: 3, columns: 2, blocks: 2 }), 'rows');
    expectInvalid(() => probabilityOfOverfitting({ matrix: new Float64Array(20), rows: 20, columns: 1 }), 'columns');
    expectInvalid(() => probabilityOfOverfitting({ ...ok, rows: 19 }), 'matrix');
    const withNaN = ok.matrix.slice();
    withNaN[7] = NaN;
    expectInvalid(() => probabilityOfOverfitting({ ...ok, matrix: withNaN }), 'matrix');
  });
});
