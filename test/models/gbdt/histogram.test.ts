/**
 * Histograms: every bin is the sum of its rows (checked against a per-row tally), the list and
 * prefetching loops agree with the range loop, and with rounded gradients the subtraction trick
 * and any summation order give the same bits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { binMatrix, fitBins } from '../../../src/models/gbdt/binning.js';
import { addRowList, addRowListAhead, addRowRange, histogramLength, subtractHistogram } from '../../../src/models/gbdt/histogram.js';
import { quantum, roundGradients } from '../../../src/models/gbdt/quantize.js';
import { sameBits } from './data.js';

function randomData(rows: number, cols: number, seed: number) {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: rows * cols }, () => (rng.next() < 0.1 ? NaN : Math.round(rng.normal() * 20) / 4));
  const x = { rows, cols, data };
  const b = binMatrix(x, fitBins(x, 16, seed));
  const gh = new Float64Array(2 * rows);
  let max = 0;
  let maxH = 0;
  for (let r = 0; r < rows; r++) {
    gh[2 * r] = rng.normal() * 1e3 * rng.next();
    gh[2 * r + 1] = rng.next();
    max = Math.max(max, Math.abs(gh[2 * r]));
    maxH = Math.max(maxH, gh[2 * r + 1]);
  }
  return { b, gh, qg: quantum(max, rows), qh: quantum(maxH, rows) };
}

describe('histograms', () => {
  it('hold in each (feature, bin) the sums of the rows in that bin', () => {
    const { b, gh, qg, qh } = randomData(500, 7, 1);
    const hist = new Float64Array(histogramLength(b.words));
    const all = Int32Array.from({ length: b.rows }, (_, i) => i);
    roundGradients(gh, all, 0, b.rows, qg, qh);
    addRowRange(b.data, b.words, gh, 0, b.rows, hist, qg, qh);
    const expected = new Float64Array(hist.length);
    for (let r = 0; r < b.rows; r++) {
      for (let f = 0; f < 7; f++) {
        const bin = (b.data[r * b.words + (f >> 2)] >>> ((f & 3) * 8)) & 255;
        expected[f * 512 + 2 * bin] += gh[2 * r];
        expected[f * 512 + 2 * bin + 1] += gh[2 * r + 1];
      }
    }
    for (let i = 0; i < 7 * 512; i++) expect(hist[i]).toBeCloseTo(expected[i], 6);
  });

  it('are the same from a row range, a row list and the prefetching list', () => {
    const { b, gh, qg, qh } = randomData(3000, 9, 2);
    const all = Int32Array.from({ length: b.rows }, (_, i) => i);
    const unrounded = gh.slice();
    roundGradients(gh, all, 0, b.rows, qg, qh);
    const h1 = new Float64Array(histogramLength(b.words));
    const h2 = new Float64Array(h1.length);
    const h3 = new Float64Array(h1.length);
    // the range loop rounds as it adds
    addRowRange(b.data, b.words, unrounded, 0, b.rows, h1, qg, qh);
    expect(sameBits(unrounded, gh)).toBe(true);
    addRowList(b.data, b.words, gh, all, 0, b.rows, h2);
    addRowListAhead(b.data, b.words, gh, all, 0, b.rows, h3);
    expect(sameBits(h1, h2)).toBe(true);
    expect(sameBits(h1, h3)).toBe(true);
  });

  it('of a child equal the parent minus its sibling, bit for bit, once gradients are rounded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (seed, share) => {
        const { b, gh, qg, qh } = randomData(700, 5, seed);
        const rng = new Rng(seed + 1);
        const left: number[] = [];
        const right: number[] = [];
        for (let r = 0; r < b.rows; r++) (rng.next() < share ? left : right).push(r);
        const len = histogramLength(b.words);
        const parent = new Float64Array(len);
        const l = new Float64Array(len);
        const r = new Float64Array(len);
        const derived = new Float64Array(len);
        addRowRange(b.data, b.words, gh, 0, b.rows, parent, qg, qh);
        addRowList(b.data, b.words, gh, Int32Array.from(left), 0, left.length, l);
        addRowListAhead(b.data, b.words, gh, Int32Array.from(right), 0, right.length, r);
        subtractHistogram(parent, l, derived);
        expect(sameBits(derived, r)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('sum rounded gradients to the same bits in any order (what makes threads agree)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }), fc.integer(), (vals, seed) => {
        const max = vals.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const q = quantum(max, vals.length);
        const gh = new Float64Array(2 * vals.length);
        vals.forEach((v, i) => (gh[2 * i] = v));
        roundGradients(gh, Int32Array.from(vals.keys()), 0, vals.length, q, 1);
        const rounded = vals.map((_, i) => gh[2 * i]);
        for (const v of rounded) expect(Number.isInteger(v / q)).toBe(true);
        // No starting 0: 0 + -0 is +0, so a sum of negative zeros would differ from its pairwise sum in the sign bit alone.
        const forward = rounded.reduce((a, b) => a + b);
        const rng = new Rng(seed);
        const shuffled = [...rounded].sort(() => rng.next() - 0.5);
        const pairwise = (a: number[]): number => (a.length === 1 ? a[0] : pairwise(a.slice(0, a.length >> 1)) + pairwise(a.slice(a.length >> 1)));
        expect(Object.is(shuffled.reduce((a, b) => a + b), forward)).toBe(true);
        expect(Object.is(pairwise(shuffled), forward)).toBe(true);
      }),
    );
  });

  it('the quantum is the power of two the bound asks for', () => {
    expect(quantum(1, 1)).toBe(2 ** -51);
    expect(quantum(3, 1000)).toBe(2 ** (12 - 51)); // 3000 ≤ 2^12
    expect(quantum(0.5, 4)).toBe(2 ** (1 - 51));
    expect(quantum(0, 10)).toBe(1);
  });
});
