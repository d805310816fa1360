/**
 * Trees for the explanation tests, written as nested objects and turned into the flat Tree
 * format (nodes and leaves numbered in preorder), plus the independent references: prediction
 * by walking a tree, and Shapley values by enumerating every subset of features.
 */
import fc from 'fast-check';
import type { Tree, TreeEnsemble } from '../../../src/models/gbdt/tree.js';

export type LeafSpec = { v: number; c: number };
/** A split; its cover is the sum of its children's. */
export type SplitSpec = { f: number; t: number; dl?: boolean; gain?: number; l: NodeSpec; r: NodeSpec };
export type NodeSpec = LeafSpec | SplitSpec;

const isLeaf = (n: NodeSpec): n is LeafSpec => 'v' in n;

function coverOf(n: NodeSpec): number {
  return isLeaf(n) ? n.c : coverOf(n.l) + coverOf(n.r);
}

export function buildTree(spec: NodeSpec): Tree {
  const nodes: SplitSpec[] = [];
  const leaves: LeafSpec[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const walk = (n: NodeSpec): number => {
    if (isLeaf(n)) {
      leaves.push(n);
      return ~(leaves.length - 1);
    }
    const i = nodes.length;
    nodes.push(n);
    left.push(0);
    right.push(0);
    left[i] = walk(n.l);
    right[i] = walk(n.r);
    return i;
  };
  walk(spec);
  return {
    feature: Int32Array.from(nodes, (n) => n.f),
    threshold: Float64Array.from(nodes, (n) => n.t),
    defaultLeft: Uint8Array.from(nodes, (n) => (n.dl ? 1 : 0)),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    gain: Float64Array.from(nodes, (n) => n.gain ?? 0),
    cover: Float64Array.from(nodes, coverOf),
    leafValue: Float64Array.from(leaves, (l) => l.v),
    leafCover: Float64Array.from(leaves, (l) => l.c),
  };
}

export function ensembleOf(numFeatures: number, specs: NodeSpec[], baseScore: number[] = [0]): TreeEnsemble {
  return { numFeatures, numOutputs: baseScore.length, baseScore: Float64Array.from(baseScore), trees: specs.map(buildTree) };
}

/** The leaf value a row reaches in a nested tree. */
export function predictSpec(n: NodeSpec, x: ArrayLike<number>): number {
  while (!isLeaf(n)) {
    const v = x[n.f];
    n = (Number.isNaN(v) ? n.dl : v <= n.t) ? n.l : n.r;
  }
  return n.v;
}

/**
 * The path-dependent conditional expectation straight from its definition: features in `known`
 * follow x, any other split averages its children weighted by cover / cover of the node
 * (0 when the node has no cover).
 */
export function expectedGiven(n: NodeSpec, x: ArrayLike<number>, known: boolean[]): number {
  if (isLeaf(n)) return n.v;
  if (known[n.f]) {
    const v = x[n.f];
    return expectedGiven((Number.isNaN(v) ? n.dl : v <= n.t) ? n.l : n.r, x, known);
  }
  const c = coverOf(n);
  return c > 0 ? (coverOf(n.l) * expectedGiven(n.l, x, known) + coverOf(n.r) * expectedGiven(n.r, x, known)) / c : 0;
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * Shapley values by enumerating all 2^M subsets: φ_i = Σ_{S ⊆ F∖i} |S|!(M−|S|−1)!/M! (v(S∪i) − v(S)),
 * v(S) = base + Σ trees of the output expectedGiven. Returns M contributions then v(∅).
 */
export function bruteForceShap(specs: NodeSpec[], numOutputs: number, output: number, base: number, m: number, x: ArrayLike<number>): number[] {
  const own = specs.filter((_, t) => t % numOutputs === output);
  const value = (mask: number) => {
    const known = Array.from({ length: m }, (_, j) => ((mask >> j) & 1) === 1);
    return own.reduce((s, t) => s + expectedGiven(t, x, known), base);
  };
  const phi = new Array<number>(m + 1).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let j = 0; j < m; j++) size += (mask >> j) & 1;
      const w = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] += w * (value(mask | (1 << i)) - value(mask));
    }
  }
  phi[m] = value(0);
  return phi;
}

/** Feature values drawn from a few levels (so rows split both ways) and NaN. */
export const cellArb = fc.constantFrom(0, 1, 2, 3, NaN);
const thresholdArb = fc.constantFrom(0.5, 1.5, 2.5);
const valueArb = fc.double({ min: -5, max: 5, noNaN: true });
const positiveCoverArb = fc.double({ min: 0.1, max: 10, noNaN: true });
/** Mostly positive covers, sometimes 0 (a branch no training row reached). */
const someZeroCoverArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: positiveCoverArb });

/**
 * Random trees over m features, a split at the root and up to `maxDepth` levels; a split's cover
 * is the sum of its children's, as in training; some leaves have cover 0 unless `zeroCovers` is false.
 */
export function treeArb(m: number, maxDepth: number, zeroCovers = true): fc.Arbitrary<NodeSpec> {
  const coverArb = zeroCovers ? someZeroCoverArb : positiveCoverArb;
  const { split } = fc.letrec<{ node: NodeSpec; leaf: LeafSpec; split: SplitSpec }>((tie) => ({
    node: fc.oneof({ maxDepth, depthSize: 'max', depthIdentifier: 'tree', withCrossShrink: true }, tie('leaf'), tie('split'), tie('split')),
    leaf: fc.record({ v: valueArb, c: coverArb }),
    split: fc.record({
      f: fc.integer({ min: 0, max: m - 1 }),
      t: thresholdArb,
      dl: fc.boolean(),
      l: tie('node'),
      r: tie('node'),
    }),
  }));
  return split;
}
