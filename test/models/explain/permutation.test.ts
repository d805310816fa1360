/**
 * Permutation importance on tiny hand-written models: a signal feature outranks a weaker one
 * and unused ones (exactly 0), every drop is one a real shuffle of the column can give (all
 * permutations enumerated), shuffles keep the column's values and touch nothing else, and the
 * result is fixed by the seed.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { SextantError } from '../../../src/core/errors.js';
import { permutationImportance } from '../../../src/models/explain/permutation.js';
import type { Matrix, Model, Task } from '../../../src/models/model.js';

/** A model whose raw output is a fixed linear function of the row; it records what it is given. */
function linearModel(weights: number[], task: Task = 'regression', seen: Matrix[] = []): Model {
  return {
    kind: 'test-linear',
    task,
    numOutputs: 1,
    featureNames: weights.map((_, j) => `x${j}`),
    predictRaw(x) {
      seen.push({ ...x, data: x.data.slice() });
      const out = new Float64Array(x.rows);
      for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out[i] += weights[j] * x.data[i * x.cols + j];
      return out;
    },
    explain: () => new Float64Array(0),
    toJSON: () => ({ kind: 'test-linear', format: 1, task, featureNames: [] }),
  };
}

const mse = (y: Float64Array, p: Float64Array) => y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / y.length;

function data(rows: number, seed: number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const x = new Float64Array(rows * 4);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = Float64Array.from({ length: rows }, (_, i) => 3 * x[i * 4] + x[i * 4 + 1] + 0.1 * rng.normal());
  return { x: { rows, cols: 4, data: x }, y };
}

describe('permutationImportance', () => {
  it('ranks the signal above the weaker feature above noise, which drops exactly 0', () => {
    const { x, y } = data(500, 1);
    const r = permutationImportance(linearModel([3, 1, 0, 0]), x, y, { metric: mse, higherIsBetter: false, repeats: 4, seed: 7 });
    expect(r.baseline).toBeCloseTo(mse(y, Float64Array.from({ length: 500 }, (_, i) => 3 * x.data[i * 4] + x.data[i * 4 + 1])), 12);
    expect(r.features.map((f) => f.feature)).toEqual(['x0', 'x1', 'x2', 'x3']);
    // shuffling x0 adds about 2·9·var(x0) = 18 to the MSE, x1 about 2
    expect(r.features[0].mean).toBeGreaterThan(14);
    expect(r.features[1].mean).toBeGreaterThan(1.5);
    expect(r.features[1].mean).toBeLessThan(2.5);
    for (const f of r.features.slice(2)) expect([f.mean, f.std, ...f.drops]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('gives drops that some shuffle of the column gives, with their mean and population std', () => {
    // 4 rows: every permutation of a column enumerated
    const x = { rows: 4, cols: 2, data: Float64Array.of(1, 5, -2, 0, 4, 1, 0.5, -3) };
    const y = Float64Array.of(2, -1, 3, 0);
    const model = linearModel([1, 0.5]);
    const r = permutationImportance(model, x, y, { metric: mse, higherIsBetter: false, repeats: 6, seed: 3 });
    const perms: number[][] = [];
    const build = (p: number[]) => (p.length === 4 ? perms.push(p) : [0, 1, 2, 3].filter((i) => !p.includes(i)).forEach((i) => build([...p, i])));
    build([]);
    for (const f of r.features) {
      const possible = perms.map((p) => {
        const d = x.data.slice();
        p.forEach((from, i) => (d[i * 2 + f.index] = x.data[from * 2 + f.index]));
        return mse(y, model.predictRaw({ rows: 4, cols: 2, data: d })) - r.baseline;
      });
      for (const drop of f.drops) expect(possible.some((p) => Math.abs(p - drop) < 1e-12), `drop ${drop} of ${f.feature}`).toBe(true);
      const mean = f.drops.reduce((s, v) => s + v, 0) / 6;
      expect(f.mean).toBeCloseTo(mean, 12);
      expect(f.std).toBeCloseTo(Math.sqrt(f.drops.reduce((s, v) => s + (v - mean) ** 2, 0) / 6), 12);
    }
  });

  it('shuffles only the column at hand, keeps its values, and leaves the input untouched', () => {
    const { x, y } = data(50, 2);
    const before = x.data.slice();
    const seen: Matrix[] = [];
    permutationImportance(linearModel([1, 1, 1, 1], 'regression', seen), x, y, { metric: mse, higherIsBetter: false, repeats: 2 });
    expect(seen.length).toBe(1 + 4 * 2);
    const column = (m: Matrix, j: number) => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
    seen.slice(1).forEach((m, call) => {
      const j = Math.floor(call / 2);
      for (let c = 0; c < 4; c++) {
        if (c === j) {
          expect(column(m, c).sort()).toEqual(column(x, c).sort());
          expect(column(m, c)).not.toEqual(column(x, c));
        } else expect(column(m, c)).toEqual(column(x, c));
      }
    });
    expect(x.data).toEqual(before);
  });

  it('is fixed by the seed, and higher-is-better flips the sign of the score, not of the drop', () => {
    const { x, y } = data(200, 3);
    const model = linearModel([3, 1, 0, 0]);
    const a = permutationImportance(model, x, y, { metric: mse, higherIsBetter: false, seed: 11 });
    const b = permutationImportance(model, x, y, { metric: mse, higherIsBetter: false, seed: 11 });
    const c = permutationImportance(model, x, y, { metric: mse, higherIsBetter: false, seed: 12 });
    const neg = permutationImportance(model, x, y, { metric: (t, p) => -mse(t, p), higherIsBetter: true, seed: 11 });
    expect(b).toEqual(a);
    expect(c.features[0].drops).not.toEqual(a.features[0].drops);
    expect(neg.features.map((f) => f.mean)).toEqual(a.features.map((f) => f.mean));
  });

  it('hands a classifier metric probabilities', () => {
    const x = { rows: 2, cols: 1, data: Float64Array.of(0, Math.log(3)) };
    const got: number[][] = [];
    permutationImportance(linearModel([1], 'binary'), x, Float64Array.of(0, 1), { metric: (_, p) => (got.push(Array.from(p)), 0), higherIsBetter: true, repeats: 1 });
    expect(got[0][0]).toBe(0.5);
    expect(got[0][1]).toBeCloseTo(0.75, 15);
  });

  it('refuses labels, columns or repeats that do not fit', () => {
    const { x, y } = data(10, 4);
    const opts = { metric: mse, higherIsBetter: false };
    expect(() => permutationImportance(linearModel([1, 1, 1]), x, y, opts)).toThrow(SextantError);
    expect(() => permutationImportance(linearModel([1, 1, 1, 1]), x, y.subarray(1), opts)).toThrow(SextantError);
    expect(() => permutationImportance(linearModel([1, 1, 1, 1]), x, y, { ...opts, repeats: 0 })).toThrow(SextantError);
  });
});
