import { Rng } from '../src/core/rng.js';
import { treeShap } from '../src/models/explain/tree-shap.js';
import { treeShapParallel } from '../src/models/explain/tree-shap-parallel.js';
import type { Tree, TreeEnsemble } from '../src/models/gbdt/tree.js';
import type { Matrix } from '../src/models/model.js';
import { printBench, timeAgainstBaseline } from './measure.js';

export interface RandomEnsembleOptions {
  trees: number;
  depth: number;
  features: number;
  seed: number;
}

/**
 * A seeded ensemble shaped like a trained one: full trees of the given depth except that a
 * node from depth 3 on stops early one time in ten, splits on random features at thresholds
 * around 0 (where standard-normal inputs split both ways), covers shared 5–95 % between the
 * children, small leaf values (as after a learning rate), a random default direction.
 */
export function randomEnsemble({ trees, depth, features, seed }: RandomEnsembleOptions): TreeEnsemble {
  const rng = new Rng(seed);
  const make = (): Tree => {
    const feature: number[] = [];
    const threshold: number[] = [];
    const defaultLeft: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const gain: number[] = [];
    const cover: number[] = [];
    const leafValue: number[] = [];
    const leafCover: number[] = [];
    const grow = (level: number, c: number): number => {
      if (level === depth || (level >= 3 && rng.next() < 0.1)) {
        leafValue.push(0.05 * rng.normal());
        leafCover.push(c);
        return ~(leafValue.length - 1);
      }
      const i = feature.length;
      feature.push(Math.floor(rng.next() * features));
      threshold.push(0.7 * rng.normal());
      defaultLeft.push(rng.next() < 0.5 ? 1 : 0);
      gain.push(rng.exponential() * c);
      cover.push(c);
      left.push(0);
      right.push(0);
      const share = 0.05 + 0.9 * rng.next();
      left[i] = grow(level + 1, c * share);
      right[i] = grow(level + 1, c * (1 - share));
      return i;
    };
    grow(0, 2500);
    return {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      defaultLeft: Uint8Array.from(defaultLeft),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      gain: Float64Array.from(gain),
      cover: Float64Array.from(cover),
      leafValue: Float64Array.from(leafValue),
      leafCover: Float64Array.from(leafCover),
    };
  };
  return { numFeatures: features, numOutputs: 1, baseScore: Float64Array.of(0), trees: Array.from({ length: trees }, make) };
}

/** Standard-normal rows with 1 % missing values. */
export function randomRows(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.next() < 0.01 ? NaN : rng.normal();
  return { rows, cols, data };
}

export interface BenchTreeShapOptions {
  /** The model to explain (a trained GBDT); a random 200-tree, depth-6, 50-feature one when absent. */
  ensemble?: TreeEnsemble;
  /** The rows to explain; random standard-normal rows of the ensemble's width when absent. */
  x?: Matrix;
  rows?: number;
  runs?: number;
  threads?: number;
}

/** TreeSHAP rows/s on worker threads against the same kernel on this thread alone, same run. */
export async function benchTreeShap(opts: BenchTreeShapOptions = {}): Promise<void> {
  const ensemble = opts.ensemble ?? randomEnsemble({ trees: 200, depth: 6, features: 50, seed: 7 });
  const x = opts.x ?? randomRows(opts.rows ?? 10_000, ensemble.numFeatures, 8);
  const runs = opts.runs ?? 3;
  const threads = opts.threads ?? 2;
  let parallel: Float64Array = new Float64Array(0);
  let single: Float64Array = new Float64Array(0);
  const { figureMs, baselineMs } = await timeAgainstBaseline(
    runs,
    async () => {
      parallel = await treeShapParallel(ensemble, x, { threads });
    },
    () => {
      single = treeShap(ensemble, x);
    },
    1,
  );
  if (parallel.length !== single.length || parallel.some((v, i) => !Object.is(v, single[i]))) throw new Error('parallel and single-thread TreeSHAP disagree');
  const rate = x.rows / (figureMs / 1000);
  const baseRate = x.rows / (baselineMs / 1000);
  printBench({
    benchmark: `treeshap_${ensemble.trees.length}_trees_${x.rows}_rows`,
    figure: Math.round(rate),
    unit: 'rows/s',
    baseline: Math.round(baseRate),
    baselineName: 'the same TreeSHAP kernel on one thread',
    ratio: +(rate / baseRate).toFixed(3),
    target: `figure >= 2,000 rows/s with ${threads} threads`,
    pass: rate >= 2000,
    runs,
    warmup: 1,
  });
}
