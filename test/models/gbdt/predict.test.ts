/**
 * Prediction: the flattened predictor against a node-by-node walk written here (random trees,
 * shallow and deep, missing values included), and against the scores training kept on bins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { CompiledEnsemble, trainGbdt } from '../../../src/models/gbdt/index.js';
import { CHUNK_ROWS } from '../../../src/models/gbdt/shared.js';
import type { Tree, TreeEnsemble } from '../../../src/models/gbdt/tree.js';
import type { Matrix } from '../../../src/models/model.js';
import { sameBits, table } from './data.js';

/** A random tree of the given depth (some branches stop early), nodes numbered parent first. */
function randomTree(rng: Rng, depth: number, cols: number): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafValue: number[] = [];
  const grow = (d: number): number => {
    if (d === depth || (d > 0 && rng.next() < 0.2)) {
      leafValue.push(rng.normal());
      return ~(leafValue.length - 1);
    }
    const i = feature.length;
    feature.push(Math.floor(rng.next() * cols));
    threshold.push(rng.next() < 0.1 ? Infinity : Math.round(rng.normal() * 4) / 4);
    defaultLeft.push(rng.next() < 0.5 ? 1 : 0);
    left.push(0);
    right.push(0);
    left[i] = grow(d + 1);
    right[i] = grow(d + 1);
    return i;
  };
  grow(0);
  const n = feature.length;
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    gain: new Float64Array(n),
    cover: new Float64Array(n),
    leafValue: Float64Array.from(leafValue),
    leafCover: new Float64Array(leafValue.length),
  };
}

/** The definition: start from the base score, add each tree's leaf in order, x ≤ threshold goes left, NaN by defaultLeft. */
function walk(e: TreeEnsemble, x: Matrix): Float64Array {
  const K = e.numOutputs;
  const out = new Float64Array(x.rows * K);
  for (let r = 0; r < x.rows; r++) {
    for (let k = 0; k < K; k++) out[r * K + k] = e.baseScore[k];
    e.trees.forEach((t, i) => {
      let n = t.feature.length > 0 ? 0 : -1;
      while (n >= 0) {
        const v = x.data[r * x.cols + t.feature[n]];
        n = Number.isNaN(v) ? (t.defaultLeft[n] ? t.left[n] : t.right[n]) : v <= t.threshold[n] ? t.left[n] : t.right[n];
      }
      out[r * K + (i % K)] += t.leafValue[~n];
    });
  }
  return out;
}

function randomRows(rng: Rng, rows: number, cols: number, nanShare: number): Matrix {
  const data = Float64Array.from({ length: rows * cols }, () => (rng.next() < nanShare ? NaN : rng.next() < 0.2 ? Math.round(rng.normal() * 4) / 4 : rng.normal()));
  return { rows, cols, data };
}

describe('CompiledEnsemble', () => {
  it('agrees bit for bit with a node-by-node walk, shallow and deep trees, with and without NaN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 14 }), fc.constantFrom(1, 3), fc.constantFrom(0, 0.05), (seed, depth, K, nanShare) => {
        const rng = new Rng(seed);
        const cols = 6;
        const trees = Array.from({ length: 3 * K }, () => randomTree(rng, depth, cols));
        const e: TreeEnsemble = { numFeatures: cols, numOutputs: K, baseScore: Float64Array.from({ length: K }, () => rng.normal()), trees };
        const x = randomRows(rng, 150, cols, nanShare);
        expect(sameBits(new CompiledEnsemble(e).predictRaw(x), walk(e, x))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('gives each row the leaf whose values sum to its prediction', async () => {
    const t = table(1000, 4, 1, (row) => row[0] + row[1] ** 2);
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 8, growth: 'leafwise', num_leaves: 12, max_depth: 0, threads: 1 });
    const leaves = m.leafIndices(t.x);
    const raw = m.predictRaw(t.x);
    const T = m.ensemble.trees.length;
    for (let r = 0; r < t.x.rows; r++) {
      let s = m.ensemble.baseScore[0];
      for (let i = 0; i < T; i++) s += m.ensemble.trees[i].leafValue[leaves[r * T + i]];
      expect(Object.is(s, raw[r])).toBe(true);
    }
  });
});

describe('prediction on raw floats', () => {
  it('gives the scores training computed on bins, to the bit (training and validation rows)', async () => {
    // Missing values, ties and values between bin bounds all go the same way on floats as on bins.
    const rng = new Rng(9);
    const rows = 3 * CHUNK_ROWS + 123;
    const x = randomRows(rng, rows, 5, 0.05);
    const y = Float64Array.from({ length: rows }, (_, r) => (Number.isNaN(x.data[r * 5]) ? 2 : x.data[r * 5]) + Math.sin(x.data[r * 5 + 1] || 0) + rng.normal() * 0.1);
    const valid = randomRows(rng, 900, 5, 0.05);
    const vy = Float64Array.from({ length: 900 }, (_, r) => (Number.isNaN(valid.data[r * 5]) ? 2 : valid.data[r * 5]));
    const m = await trainGbdt({ x, y }, { objective: 'regression', num_rounds: 12, max_depth: 4, max_bin: 31, subsample: 0.8, threads: 1 }, { valid: { x: valid, y: vy } });
    // The training metric is the root of (Σ over 4096-row chunks, in order, of Σ squared errors) / n.
    const p = m.predictRaw(x);
    let total = 0;
    for (let c = 0; c < rows; c += CHUNK_ROWS) {
      let s = 0;
      for (let r = c; r < Math.min(rows, c + CHUNK_ROWS); r++) s += (p[r] - y[r]) ** 2;
      total += s;
    }
    expect(m.history.train.at(-1)).toBe(Math.sqrt(total / rows));
    const pv = m.predictRaw(valid);
    let sv = 0;
    for (let r = 0; r < 900; r++) sv += (pv[r] - vy[r]) ** 2;
    expect(m.history.valid?.at(-1)).toBe(Math.sqrt(sv / 900));
  });

  it('rejects a matrix with the wrong number of columns', async () => {
    const t = table(200, 3, 2, (row) => row[0]);
    const m = await trainGbdt(t, { objective: 'regression', num_rounds: 2, threads: 1 });
    expect(() => m.predictRaw({ rows: 1, cols: 2, data: new Float64Array(2) })).toThrow(expect.objectContaining({ code: 'GBDT_DATA_INVALID' }));
    expect(() => m.predictRaw({ rows: 2, cols: 3, data: new Float64Array(3) })).toThrow(expect.objectContaining({ code: 'GBDT_DATA_INVALID' }));
    expect(m.predictRaw({ rows: 0, cols: 3, data: new Float64Array(0) })).toEqual(new Float64Array(0));
  });
});

describe('GbdtModel', () => {
  it('explains each row by contributions that sum to its raw output (TreeSHAP)', async () => {
    const t = table(800, 3, 3, (row) => (row[0] + row[1] * row[2] > 0 ? 2 : 0));
    const y3 = t.y.map((v, i) => (v === 2 ? 2 : t.x.data[i * 3] > 0 ? 1 : 0));
    const m = await trainGbdt({ x: t.x, y: y3 }, { objective: 'multiclass', num_class: 3, num_rounds: 5, max_depth: 3, threads: 1 });
    const x = { rows: 20, cols: 3, data: t.x.data.slice(0, 60) };
    const phi = m.explain(x);
    const raw = m.predictRaw(x);
    expect(phi.length).toBe(20 * 3 * 4);
    for (let r = 0; r < 20; r++) {
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let j = 0; j < 4; j++) s += phi[(r * 3 + k) * 4 + j];
        expect(s).toBeCloseTo(raw[r * 3 + k], 9);
      }
    }
  });
});
