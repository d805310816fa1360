/** Global importance: gain and split counts, mean |SHAP|, and the sorted table, all by hand. */
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { globalImportance, meanAbsShap, splitImportance } from '../../../src/models/explain/importance.js';
import { type NodeSpec, ensembleOf } from './trees.js';

// tree 1 splits on f0 (gain 5) then f2 (gain 1.5); tree 2 on f2 (gain 2) then f2 again (gain 0.25)
const t1: NodeSpec = { f: 0, t: 0, gain: 5, l: { v: 1, c: 1 }, r: { f: 2, t: 1, gain: 1.5, l: { v: 2, c: 1 }, r: { v: 3, c: 1 } } };
const t2: NodeSpec = { f: 2, t: 0, gain: 2, l: { f: 2, t: -1, gain: 0.25, l: { v: 0, c: 1 }, r: { v: 1, c: 1 } }, r: { v: 4, c: 1 } };
const ensemble = ensembleOf(4, [t1, t2]);

describe('splitImportance', () => {
  it('sums gain and counts splits per feature', () => {
    const { gain, splits } = splitImportance(ensemble);
    expect(Array.from(gain)).toEqual([5, 0, 3.75, 0]);
    expect(Array.from(splits)).toEqual([1, 0, 3, 0]);
  });
});

describe('meanAbsShap', () => {
  // 2 rows × 2 outputs × (2 features + bias)
  const contrib = Float64Array.of(1, -2, 9, 0.5, 0, 9, -3, 4, 9, 0, -1, 9);
  it('averages |contribution| over rows, per output or summed over outputs', () => {
    expect(Array.from(meanAbsShap(contrib, { rows: 2, cols: 2, numOutputs: 2 }, 0))).toEqual([2, 3]);
    expect(Array.from(meanAbsShap(contrib, { rows: 2, cols: 2, numOutputs: 2 }, 1))).toEqual([0.25, 0.5]);
    expect(Array.from(meanAbsShap(contrib, { rows: 2, cols: 2, numOutputs: 2 }))).toEqual([2.25, 3.5]);
  });
  it('refuses a shape that does not fit, no rows, or an unknown output', () => {
    expect(() => meanAbsShap(contrib, { rows: 2, cols: 3, numOutputs: 2 })).toThrow(SextantError);
    expect(() => meanAbsShap(new Float64Array(0), { rows: 0, cols: 2, numOutputs: 1 })).toThrow(SextantError);
    expect(() => meanAbsShap(contrib, { rows: 2, cols: 2, numOutputs: 2 }, 2)).toThrow(SextantError);
  });
});

describe('globalImportance', () => {
  it('joins the three measures per feature, largest mean |SHAP| first, ties by name', () => {
    // one row, one output, 4 features: |φ| = 1, 3, 3, 0
    const table = globalImportance(ensemble, ['d', 'c', 'b', 'a'], Float64Array.of(-1, 3, -3, 0, 7), 1);
    expect(table).toEqual([
      { feature: 'b', meanAbsShap: 3, gain: 3.75, splits: 3 },
      { feature: 'c', meanAbsShap: 3, gain: 0, splits: 0 },
      { feature: 'd', meanAbsShap: 1, gain: 5, splits: 1 },
      { feature: 'a', meanAbsShap: 0, gain: 0, splits: 0 },
    ]);
  });
  it('refuses feature names that do not match the model', () => {
    expect(() => globalImportance(ensemble, ['a'], Float64Array.of(0, 0), 1)).toThrow(SextantError);
  });
});
