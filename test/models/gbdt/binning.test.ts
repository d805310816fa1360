/**
 * Binning: cut points from their definitions (one bin per distinct value at midpoints; equal-count
 * bins otherwise), and the contract prediction relies on: bin(x) ≤ b ⇔ x ≤ upper[b].
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIN_SLOTS, MISSING_BIN, binAt, binOf, binRows, cutPoints, fitBins, wordsPerRow } from '../../../src/models/gbdt/binning.js';

describe('cutPoints', () => {
  it('gives one bin per distinct value, bounded at the midpoints, when values are few', () => {
    const cuts = cutPoints(Float64Array.of(1, 1, 2, 4, 4, 4, 10), 255);
    expect(Array.from(cuts)).toEqual([1.5, 3, 7, Infinity]);
  });

  it('makes equal-count bins from many distinct values', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => i);
    const cuts = cutPoints(sorted, 4);
    expect(Array.from(cuts)).toEqual([249.5, 499.5, 749.5, Infinity]);
  });

  it('gives a heavy value a bin of its own', () => {
    // 0 holds half the rows: it must not share a bin with its neighbours
    const values = [...Array.from({ length: 500 }, (_, i) => -1 - i), ...Array(1000).fill(0), ...Array.from({ length: 500 }, (_, i) => 1 + i)];
    const cuts = cutPoints(Float64Array.from(values).sort(), 8);
    const bin = (v: number) => cuts.findIndex((u) => v <= u);
    expect(bin(0)).not.toBe(bin(-1));
    expect(bin(0)).not.toBe(bin(1));
    expect(cuts.length).toBeLessThanOrEqual(8);
  });

  it('never makes more than maxBin bins and keeps them increasing', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 40 }), (vals, maxBin) => {
        const cuts = cutPoints(Float64Array.from(vals).sort(), maxBin);
        expect(cuts.length).toBeLessThanOrEqual(maxBin);
        expect(cuts[cuts.length - 1]).toBe(Infinity);
        for (let i = 1; i < cuts.length; i++) expect(cuts[i]).toBeGreaterThan(cuts[i - 1]);
        // each bin holds at least one sample value
        const s = Float64Array.from(vals).sort();
        let lo = -Infinity;
        for (const u of cuts) {
          expect(s.some((v) => v > lo && v <= u)).toBe(true);
          lo = u;
        }
      }),
    );
  });
});

describe('binning rows', () => {
  const values = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0, -0, 1, 2, 3), fc.integer({ min: -5, max: 5 }));

  it('puts x in bin b exactly when upper[b − 1] < x ≤ upper[b], and NaN in the missing bin', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 6, maxLength: 60 }), fc.integer({ min: 2, max: 12 }), (vals, maxBin) => {
        const cols = 3;
        const rows = Math.floor(vals.length / cols);
        const data = Float64Array.from(vals.slice(0, rows * cols));
        const x = { rows, cols, data };
        const mapper = fitBins(x, maxBin, 1);
        const binned = { rows, cols, words: wordsPerRow(cols), data: new Uint32Array(rows * wordsPerRow(cols)) };
        const columns = new Uint8Array(rows * cols);
        binRows(x, mapper, binned.data, 0, rows, columns);
        for (let r = 0; r < rows; r++) {
          for (let f = 0; f < cols; f++) {
            const v = data[r * cols + f];
            const b = binAt(binned, r, f);
            expect(columns[f * rows + r]).toBe(b);
            expect(b).toBe(binOf(mapper, f, v));
            if (Number.isNaN(v)) {
              expect(b).toBe(MISSING_BIN);
              continue;
            }
            const u = mapper.uppers.subarray(f * BIN_SLOTS, f * BIN_SLOTS + mapper.numBins[f]);
            expect(b).toBeLessThan(mapper.numBins[f]);
            expect(v <= u[b]).toBe(true);
            if (b > 0) expect(v > u[b - 1]).toBe(true);
          }
        }
      }),
    );
  });

  it('finds cut points from at most 200,000 rows and still bins every row', () => {
    const rows = 250_000;
    const data = Float64Array.from({ length: rows }, (_, i) => i % 1000);
    const mapper = fitBins({ rows, cols: 1, data }, 255, 3);
    expect(mapper.numBins[0]).toBeLessThanOrEqual(255);
    const binned = { rows, cols: 1, words: 1, data: new Uint32Array(rows) };
    // in two ranges, as two threads would
    binRows({ rows, cols: 1, data }, mapper, binned.data, 0, 1000);
    binRows({ rows, cols: 1, data }, mapper, binned.data, 1000, rows);
    for (let r = 0; r < rows; r += 997) expect(binAt(binned, r, 0)).toBe(binOf(mapper, 0, data[r]));
  });
});
