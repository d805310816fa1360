/**
 * TreeSHAP against Shapley values computed from their definition (every subset of features,
 * the path-dependent conditional expectation over covers), by hand and on random trees; local
 * accuracy, unused features, missing values and the multi-output layout. Each tree is explained
 * by its table or by the path algorithm: both are checked, each forced on every tree it can take.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { prepareEnsemble } from '../../../src/models/explain/prepared.js';
import { ShapKernel } from '../../../src/models/explain/shap-kernel.js';
import { treeShap } from '../../../src/models/explain/tree-shap.js';
import type { Tree, TreeEnsemble } from '../../../src/models/gbdt/tree.js';
import type { Matrix } from '../../../src/models/model.js';
import { type NodeSpec, bruteForceShap, buildTree, cellArb, ensembleOf, predictSpec, treeArb } from './trees.js';

const close = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));

/** The kernel with table limits that tabulate no tree, or every tree that has cover on both sides of each split. */
function shapWith(limit: number) {
  return (e: TreeEnsemble, x: Matrix): Float64Array => {
    const prepared = prepareEnsemble(e, { perTree: limit, total: limit });
    const out = new Float64Array(x.rows * e.numOutputs * (x.cols + 1));
    new ShapKernel(prepared).explainRows(x.data, x.cols, 0, x.rows, out);
    return out;
  };
}

const methods = [
  ['treeShap (default tables)', treeShap],
  ['path algorithm', shapWith(0)],
  ['tables', shapWith(2 ** 30)],
] as const;

/** x0 <= 0.5 ? 1 : (x1 <= 0.5 ? 2 : 4), covers 4 | 3, 3. */
const handTree: NodeSpec = { f: 0, t: 0.5, dl: false, l: { v: 1, c: 4 }, r: { f: 1, t: 0.5, dl: true, l: { v: 2, c: 3 }, r: { v: 4, c: 3 } } };

describe.each(methods)('%s', (_, shap) => {
  it('matches values worked out by hand', () => {
    // x = (1, 0, 7): v(∅) = .4·1 + .6·(.5·2 + .5·4) = 2.2, v({0}) = 3, v({1}) = .4·1 + .6·2 = 1.6, v({0,1}) = 2
    // φ0 = ½(3 − 2.2) + ½(2 − 1.6) = 0.6, φ1 = ½(1.6 − 2.2) + ½(2 − 3) = −0.8, φ2 = 0 (never split on)
    const phi = shap(ensembleOf(3, [handTree], [0.5]), { rows: 1, cols: 3, data: Float64Array.of(1, 0, 7) });
    [0.6, -0.8, 0, 2.7].forEach((v, j) => close(phi[j], v, `entry ${j}`));
  });

  it('sends a missing value where defaultLeft says', () => {
    // x1 missing goes left (2) as if known: same as x1 = 0 above
    const phi = shap(ensembleOf(3, [handTree], [0.5]), { rows: 2, cols: 3, data: Float64Array.of(1, NaN, 7, NaN, 1, 7) });
    [0.6, -0.8, 0, 2.7].forEach((v, j) => close(phi[j], v, `row 0 entry ${j}`));
    // x0 missing goes right (dl false), then x1 = 1 goes to 4: v({0}) = 3, v({1}) = .4 + .6·4 = 2.8, v({0,1}) = 4
    // φ0 = ½(3 − 2.2) + ½(4 − 2.8) = 1, φ1 = ½(2.8 − 2.2) + ½(4 − 3) = 0.8
    [1, 0.8, 0, 2.7].forEach((v, j) => close(phi[4 + j], v, `row 1 entry ${j}`));
  });

  it('handles a feature split twice on one path', () => {
    const tree: NodeSpec = { f: 0, t: 1.5, l: { f: 1, t: 0.5, l: { f: 0, t: 0.5, l: { v: 3, c: 2 }, r: { v: -1, c: 5 } }, r: { v: 2, c: 4 } }, r: { f: 0, t: 2.5, l: { v: 0.5, c: 1 }, r: { v: 7, c: 6 } } };
    for (const x of [[0, 0], [1, 0], [1, 1], [2, 0], [3, 3], [NaN, 0]]) {
      const phi = shap(ensembleOf(2, [tree]), { rows: 1, cols: 2, data: Float64Array.from(x) });
      bruteForceShap([tree], 1, 0, 0, 2, x).forEach((v, j) => close(phi[j], v, `x = ${x}, entry ${j}`));
    }
  });

  it('gives nothing to a branch no training row reached', () => {
    // the x0 <= 0.5 leaf and the whole x1 subtree have cover 0: shares 0, never divided by
    const tree: NodeSpec = { f: 0, t: 1.5, l: { f: 0, t: 0.5, l: { v: 9, c: 0 }, r: { v: 1, c: 2 } }, r: { f: 1, t: 0.5, l: { f: 0, t: 2.5, l: { v: 4, c: 0 }, r: { v: 6, c: 0 } }, r: { v: 5, c: 0 } } };
    for (const x of [[0, 0], [1, 0], [2, 0], [3, 1], [NaN, NaN]]) {
      const phi = shap(ensembleOf(2, [tree]), { rows: 1, cols: 2, data: Float64Array.from(x) });
      bruteForceShap([tree], 1, 0, 0, 2, x).forEach((v, j) => close(phi[j], v, `x = ${x}, entry ${j}`));
      expect(phi.every(Number.isFinite)).toBe(true);
    }
  });

  it('equals brute-force Shapley values on random trees', () => {
    const caseArb = fc.integer({ min: 1, max: 6 }).chain((m) =>
      fc.record({
        m: fc.constant(m),
        outputs: fc.integer({ min: 1, max: 3 }),
        trees: fc.array(fc.oneof(treeArb(m, 5), treeArb(m, 5, false)), { minLength: 1, maxLength: 4 }),
        base: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
        rows: fc.array(fc.array(cellArb, { minLength: m, maxLength: m }), { minLength: 1, maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ m, outputs, trees, base, rows }) => {
        const phi = shap(ensembleOf(m, trees, base.slice(0, outputs)), { rows: rows.length, cols: m, data: Float64Array.from(rows.flat()) });
        expect(phi.length).toBe(rows.length * outputs * (m + 1));
        rows.forEach((x, r) => {
          for (let o = 0; o < outputs; o++) {
            const at = (r * outputs + o) * (m + 1);
            bruteForceShap(trees, outputs, o, base[o], m, x).forEach((v, j) => close(phi[at + j], v, `row ${r} output ${o} entry ${j}`));
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('sums to the raw output on every prediction, and gives exactly 0 to unused features', () => {
    // deeper trees over 12 features, of which 9..11 are never split on
    const caseArb = fc.record({
      trees: fc.array(fc.oneof(treeArb(9, 8), treeArb(9, 8, false)), { minLength: 1, maxLength: 8 }),
      rows: fc.array(fc.array(cellArb, { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 20 }),
      base: fc.double({ min: -2, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(caseArb, ({ trees, rows, base }) => {
        const phi = shap(ensembleOf(12, trees, [base]), { rows: rows.length, cols: 12, data: Float64Array.from(rows.flat()) });
        rows.forEach((x, r) => {
          const block = phi.subarray(r * 13, (r + 1) * 13);
          const raw = trees.reduce((s, t) => s + predictSpec(t, x), base);
          close(block.reduce((s, v) => s + v, 0), raw, `row ${r} sum`);
          expect(Array.from(block.subarray(9, 12))).toEqual([0, 0, 0]);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('lays outputs out as rows × outputs × (cols + 1), tree i feeding output i % outputs', () => {
    const a: NodeSpec = { f: 0, t: 0.5, l: { v: 1, c: 1 }, r: { v: 3, c: 1 } };
    const b: NodeSpec = { f: 1, t: 0.5, l: { v: -2, c: 3 }, r: { v: 2, c: 1 } };
    const c: NodeSpec = { f: 1, t: 1.5, l: { v: 10, c: 1 }, r: { v: 20, c: 3 } };
    // outputs 0 and 1; trees a, b, c → outputs 0, 1, 0
    const phi = shap(ensembleOf(2, [a, b, c], [0.25, -0.5]), { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 2) });
    // row 0 (x = 1, 0): output 0: a → 3 (mean 2: φ0 = 1), c → 10 (mean 17.5: φ1 = −7.5), bias .25 + 2 + 17.5
    // output 1: b → −2 (mean −1: φ1 = −1), bias −.5 − 1
    // row 1 (x = 0, 2): output 0: φ0 = −1, φ1 = 2.5; output 1: φ1 = 3
    const expected = [1, -7.5, 19.75, 0, -1, -1.5, -1, 2.5, 19.75, 0, 3, -1.5];
    expected.forEach((v, k) => close(phi[k], v, `entry ${k}`));
  });

  it('gives a tree without splits to the expected value only', () => {
    const stump: Tree = { ...buildTree({ v: 0, c: 1 }), leafValue: Float64Array.of(1.5) };
    const phi = shap({ numFeatures: 2, numOutputs: 1, baseScore: Float64Array.of(1), trees: [stump, stump] }, { rows: 1, cols: 2, data: Float64Array.of(0, 0) });
    expect(Array.from(phi)).toEqual([0, 0, 4]);
  });
});

describe('treeShap', () => {
  it('handles no rows', () => {
    expect(treeShap(ensembleOf(3, [handTree]), { rows: 0, cols: 3, data: new Float64Array(0) }).length).toBe(0);
  });

  it('gives the same bits for a row explained alone or among others', () => {
    fc.assert(
      fc.property(fc.array(treeArb(6, 6), { minLength: 1, maxLength: 6 }), fc.array(fc.array(cellArb, { minLength: 6, maxLength: 6 }), { minLength: 2, maxLength: 10 }), (trees, rows) => {
        const e = ensembleOf(6, trees);
        const all = treeShap(e, { rows: rows.length, cols: 6, data: Float64Array.from(rows.flat()) });
        rows.forEach((x, r) => expect(treeShap(e, { rows: 1, cols: 6, data: Float64Array.from(x) })).toEqual(all.subarray(r * 7, (r + 1) * 7)));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a matrix of the wrong width and malformed trees', () => {
    const e = ensembleOf(3, [handTree]);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(SextantError);
        return (err as SextantError).code;
      }
      return 'no error';
    };
    const x = { rows: 1, cols: 3, data: new Float64Array(3) };
    expect(code(() => treeShap(e, { rows: 1, cols: 2, data: new Float64Array(2) }))).toBe('EXPLAIN_INPUT_INVALID');
    const t = buildTree(handTree);
    expect(code(() => treeShap({ ...e, trees: [{ ...t, right: Int32Array.of(0, ~2) }] }, x))).toBe('EXPLAIN_TREE_INVALID');
    expect(code(() => treeShap({ ...e, trees: [{ ...t, feature: Int32Array.of(0, 3) }] }, x))).toBe('EXPLAIN_TREE_INVALID');
    expect(code(() => treeShap({ ...e, trees: [{ ...t, leafCover: Float64Array.of(4, NaN, 3) }] }, x))).toBe('EXPLAIN_TREE_INVALID');
    expect(code(() => treeShap({ ...e, trees: [{ ...t, left: Int32Array.of(~0, 5) }] }, x))).toBe('EXPLAIN_TREE_INVALID');
    expect(code(() => treeShap({ ...e, baseScore: Float64Array.of(0, 0) }, x))).toBe('EXPLAIN_TREE_INVALID');
  });
});
