/** Serialisation: a model read back from JSON text predicts the same bits; malformed input is refused. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { gbdtFromJSON, trainGbdt } from '../../../src/models/gbdt/index.js';
import { sameBits, table } from './data.js';

const rng = new Rng(4);
const t = table(3000, 4, 1, (row, u) => (Number.isNaN(row[1]) ? 0 : row[0] + row[1] > 0.3 ? 1 : 0) ^ (u < 0.1 ? 1 : 0));
for (let i = 0; i < t.x.data.length; i += 4) if (rng.next() < 0.1) t.x.data[i + 1] = NaN;

describe('toJSON / gbdtFromJSON', () => {
  it('round-trips through JSON text bit for bit', async () => {
    const m = await trainGbdt({ ...t, featureNames: ['a', 'b', 'c', 'd'] }, { objective: 'binary', num_rounds: 15, max_depth: 4, threads: 1 }, { valid: { x: t.x, y: t.y } });
    const text = JSON.stringify(m.toJSON());
    const back = gbdtFromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.featureNames).toEqual(['a', 'b', 'c', 'd']);
    expect(back.params).toEqual(m.params);
    expect(back.history).toEqual(m.history);
    expect(back.task).toBe('binary');
    const probe = { rows: 6, cols: 4, data: Float64Array.of(...t.x.data.slice(0, 16), NaN, NaN, NaN, NaN, Infinity, -Infinity, 0, -0) };
    expect(sameBits(back.predictRaw(probe), m.predictRaw(probe))).toBe(true);
    expect(sameBits(back.predictRaw(t.x), m.predictRaw(t.x))).toBe(true);
  });

  it('keeps thresholds JSON numbers cannot hold (an infinite one splits missing from present)', async () => {
    const data = Float64Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? NaN : i));
    const m = await trainGbdt({ x: { rows: 400, cols: 1, data }, y: data.map((v) => (Number.isNaN(v) ? 1 : 0)) }, { objective: 'binary', num_rounds: 2, max_depth: 1, threads: 1 });
    expect(m.ensemble.trees[0].threshold[0]).toBe(Infinity);
    const back = gbdtFromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.ensemble.trees[0].threshold[0]).toBe(Infinity);
  });

  it('refuses malformed models with GBDT_MODEL_INVALID', async () => {
    const m = await trainGbdt(t, { objective: 'binary', num_rounds: 2, max_depth: 2, threads: 1 });
    const good = JSON.parse(JSON.stringify(m));
    const broken = (edit: (j: any) => void) => {
      const j = structuredClone(good);
      edit(j);
      return () => gbdtFromJSON(j);
    };
    const refused = expect.objectContaining({ code: 'GBDT_MODEL_INVALID' });
    expect(broken((j) => (j.kind = 'linear'))).toThrow(refused);
    expect(broken((j) => (j.format = 2))).toThrow(refused);
    expect(broken((j) => (j.trees[0].threshold = 'not base64!'))).toThrow(refused);
    expect(broken((j) => (j.trees[0].leafValue = j.trees[0].threshold))).toThrow(refused);
    expect(broken((j) => (j.trees[0].left[0] = 99))).toThrow(refused);
    expect(broken((j) => (j.trees[0].right[0] = 0))).toThrow(refused);
    expect(broken((j) => (j.trees[0].feature[0] = 4))).toThrow(refused);
    expect(broken((j) => j.trees[0].defaultLeft.pop())).toThrow(refused);
    expect(broken((j) => (j.task = 'regression'))).toThrow(refused);
    expect(broken((j) => j.featureNames.pop())).toThrow(refused);
    expect(broken((j) => (j.baseScore = j.trees[0].gain))).toThrow(refused);
    expect(broken((j) => (j.params.num_rounds = -1))).toThrow(expect.objectContaining({ code: 'GBDT_PARAM_INVALID' }));
  });
});
