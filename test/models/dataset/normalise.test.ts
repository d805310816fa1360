/**
 * Normalisers: z-score and rank by hand, the rank transform against the brute-force mid-rank
 * empirical CDF, the error bound of its thinned knots, fitting on training rows only (changing
 * any other row changes nothing fitted), NaN passing through, and the JSON round trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../src/models/model.js';
import { fitNormaliser, normaliserFromJSON } from '../../../src/models/dataset/normalise/normaliser.js';
import { RankNormaliser } from '../../../src/models/dataset/normalise/rank.js';
import { ZScoreNormaliser } from '../../../src/models/dataset/normalise/zscore.js';

const N = NaN;
/** A matrix from rows. */
const m = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const column = (x: Matrix, c: number) => Array.from({ length: x.rows }, (_, r) => x.data[r * x.cols + c]);

/** (#{s < v} + #{s ≤ v}) / 2m: the mid-rank empirical CDF, by counting. */
function midRank(train: number[], v: number): number {
  const below = train.filter((s) => s < v).length;
  const atOrBelow = train.filter((s) => s <= v).length;
  return (below + atOrBelow) / (2 * train.length);
}

const matrixArb = fc.integer({ min: 1, max: 4 }).chain((cols) =>
  fc.array(fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.constant(NaN)), { minLength: cols, maxLength: cols }), { minLength: 2, maxLength: 40 }),
);

describe('z-score', () => {
  it('by hand: population mean and std of the training rows; a constant column → 0; an unseen column → NaN', () => {
    const x = m([
      [1, 5, N],
      [2, 5, N],
      [3, 5, N],
      [N, 5, N],
      [100, 7, 1],
    ]);
    const z = ZScoreNormaliser.fit(x, [0, 1, 2, 3]);
    expect(z.mean[0]).toBe(2);
    expect(z.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    const out = z.transform(x);
    expect(column(out, 0).map((v) => (Number.isNaN(v) ? v : Number(v.toFixed(10))))).toEqual([-1.2247448714, 0, 1.2247448714, N, Number((98 / Math.sqrt(2 / 3)).toFixed(10))]);
    expect(column(out, 1)).toEqual([0, 0, 0, 0, 0]);
    expect(column(out, 2)).toEqual([N, N, N, N, N]);
  });

  it('no loss of digits on large offsets (prices near 50,000 with cents of spread)', () => {
    const x = m([[50_000.01], [50_000.02], [50_000.03]]);
    const z = ZScoreNormaliser.fit(x, [0, 1, 2]);
    expect(z.std[0]).toBeCloseTo(Math.sqrt(2 / 3) * 0.01, 9);
  });
});

describe('rank', () => {
  it('by hand: mid-ranks for training values, the CDF between them, 0 and 1 outside, NaN through', () => {
    const x = m([[3], [1], [2], [2], [0], [4], [1.5], [2.5], [N]]);
    const r = RankNormaliser.fit(x, [0, 1, 2, 3]);
    expect(column(r.transform(x), 0)).toEqual([0.875, 0.125, 0.5, 0.5, 0, 1, 0.25, 0.75, N]);
  });

  it('property: with few distinct values it equals the brute-force mid-rank empirical CDF', () => {
    fc.assert(
      fc.property(matrixArb, fc.array(fc.double({ min: -2e3, max: 2e3, noNaN: true }), { maxLength: 10 }), (rows, probes) => {
        const x = m(rows);
        const train = Array.from({ length: x.rows }, (_, i) => i).filter((i) => i % 3 !== 2);
        const r = RankNormaliser.fit(x, train, 1000);
        const all = m([...rows, ...probes.map((p) => rows[0].map(() => p))]);
        const out = r.transform(all);
        for (let c = 0; c < x.cols; c++) {
          const seen = train.map((i) => x.data[i * x.cols + c]).filter((v) => !Number.isNaN(v));
          column(all, c).forEach((v, i) => {
            const want = Number.isNaN(v) || seen.length === 0 ? NaN : midRank(seen, v);
            if (Number.isNaN(want)) expect(Number.isNaN(out.data[i * x.cols + c])).toBe(true);
            else expect(out.data[i * x.cols + c]).toBeCloseTo(want, 12);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: with thinned knots it stays within 1/(maxKnots − 1) of the exact CDF, exact at the knots, monotone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 5, maxLength: 300 }), fc.integer({ min: 2, max: 12 }), (values, maxKnots) => {
        const x = m(values.map((v) => [v / 7]));
        const rows = values.map((_, i) => i);
        const r = RankNormaliser.fit(x, rows, maxKnots);
        expect(r.knots(0).values.length).toBeLessThanOrEqual(maxKnots);
        const probes = Array.from({ length: 221 }, (_, k) => (k - 110) / 14);
        const out = r.transform(m(probes.map((p) => [p])));
        const train = Array.from(x.data);
        probes.forEach((p, k) => {
          expect(Math.abs(out.data[k] - midRank(train, p))).toBeLessThanOrEqual(1 / (maxKnots - 1) + 1e-12);
          if (k > 0) expect(out.data[k]).toBeGreaterThanOrEqual(out.data[k - 1] - 1e-12);
        });
        for (const v of r.knots(0).values) expect(r.transform(m([[v]])).data[0]).toBeCloseTo(midRank(train, v), 12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('both normalisers', () => {
  it('property: fitted on the training rows only — changing any other row changes nothing fitted', () => {
    fc.assert(
      fc.property(matrixArb, fc.constantFrom('zscore', 'rank' as const), fc.integer({ min: 1, max: 1_000_000 }), (rows, kind, salt) => {
        const x = m(rows);
        const train = Array.from({ length: x.rows }, (_, i) => i).filter((i) => (i * 7 + salt) % 3 !== 0);
        const other = { ...x, data: x.data.slice() };
        for (let i = 0; i < x.rows; i++) {
          if (train.includes(i)) continue;
          for (let c = 0; c < x.cols; c++) other.data[i * x.cols + c] = ((i + c + salt) % 5 === 0 ? NaN : (salt % 997) * (c + 1) - i);
        }
        expect(JSON.stringify(fitNormaliser(kind, other, train).toJSON())).toBe(JSON.stringify(fitNormaliser(kind, x, train).toJSON()));
      }),
      { numRuns: 200 },
    );
  });

  it('property: a JSON round trip (through text) transforms identically, NaN columns included', () => {
    fc.assert(
      fc.property(matrixArb, fc.constantFrom('zscore', 'rank' as const), (rows, kind) => {
        const x = m(rows);
        const train = Array.from({ length: Math.ceil(x.rows / 2) }, (_, i) => i);
        const fitted = fitNormaliser(kind, x, train);
        const back = normaliserFromJSON(JSON.parse(JSON.stringify(fitted)));
        expect(back.kind).toBe(kind);
        expect(Array.from(back.transform(x).data)).toEqual(Array.from(fitted.transform(x).data));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses malformed JSON and a matrix of another width', () => {
    const z = ZScoreNormaliser.fit(m([[1, 2]]), [0]);
    expect(() => z.transform(m([[1]]))).toThrow(expect.objectContaining({ code: 'NORMALISER_INVALID' }));
    for (const bad of [null, { kind: 'minmax' }, { kind: 'zscore', format: 1, mean: [1], std: [] }, { kind: 'zscore', format: 2, mean: [], std: [] }, { kind: 'rank', format: 1, columns: [{ values: [2, 1], below: [0, 0.5], atOrBelow: [0.5, 1] }] }]) {
      expect(() => normaliserFromJSON(bad)).toThrow(expect.objectContaining({ code: 'NORMALISER_INVALID' }));
    }
    expect(() => ZScoreNormaliser.fit(m([[1]]), [1])).toThrow(expect.objectContaining({ code: 'NORMALISER_INVALID' }));
  });
});
