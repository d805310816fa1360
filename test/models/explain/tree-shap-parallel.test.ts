/**
 * TreeSHAP on worker threads gives the bits of the single-thread version. The workers run the
 * compiled copy in dist/ (`npx tsc -p .`, which `npm test` does first).
 */
import { describe, expect, it } from 'vitest';
import { randomEnsemble, randomRows } from '../../../bench/treeshap.js';
import { SextantError } from '../../../src/core/errors.js';
import { treeShap } from '../../../src/models/explain/tree-shap.js';
import { treeShapParallel } from '../../../src/models/explain/tree-shap-parallel.js';
import type { TreeEnsemble } from '../../../src/models/gbdt/tree.js';

const sameBits = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// depth-6 trees take the tables, depth-8 ones (too large for them) the path algorithm; two outputs
const shallow = randomEnsemble({ trees: 40, depth: 6, features: 30, seed: 1 });
const deep = randomEnsemble({ trees: 3, depth: 8, features: 30, seed: 2 });
const ensemble: TreeEnsemble = { numFeatures: 30, numOutputs: 2, baseScore: Float64Array.of(0.1, -0.2), trees: [...shallow.trees, ...deep.trees] };
const x = randomRows(1500, 30, 3);

describe('treeShapParallel', () => {
  it('equals treeShap bit for bit, with progress up to every row', async () => {
    const single = treeShap(ensemble, x);
    const seen: number[] = [];
    const parallel = await treeShapParallel(ensemble, x, { threads: 2, progress: (_, done, total) => (expect(total).toBe(1500), seen.push(done)) });
    expect(parallel.length).toBe(single.length);
    expect(sameBits(parallel, single)).toBe(true);
    expect(parallel.buffer).toBeInstanceOf(ArrayBuffer);
    expect(seen.at(-1)).toBe(1500);
    // and with more workers than cores
    expect(sameBits(await treeShapParallel(ensemble, x, { threads: 3 }), single)).toBe(true);
  });

  it('computes small inputs and threads: 1 on this thread, with the same result', async () => {
    const few = { rows: 5, cols: 30, data: x.data.slice(0, 150) };
    expect(sameBits(await treeShapParallel(ensemble, few, { threads: 2 }), treeShap(ensemble, few))).toBe(true);
    expect(sameBits(await treeShapParallel(ensemble, x, { threads: 1 }), treeShap(ensemble, x))).toBe(true);
  });

  it('refuses a bad thread count', async () => {
    await expect(treeShapParallel(ensemble, x, { threads: 0 })).rejects.toBeInstanceOf(SextantError);
  });
});
