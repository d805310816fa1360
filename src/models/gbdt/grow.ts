/**
 * Growing one tree on the thread team: the main thread keeps each open leaf's histogram and best
 * split, and tells the threads which leaves to split and which children's histograms to build.
 * Only the child with the smaller hessian sum is built; its sibling is the parent's histogram
 * minus it (exact, see quantize.ts). Children that can never be split get no histogram at all.
 */
import { HistogramPool } from './hist-pool.js';
import { type Split, type SplitRules, findBestSplit, leafValue, noSplit } from './split.js';
import { C, Command, NODE_INTS, P, SPLIT_INTS } from './shared.js';
import type { Team } from './team.js';
import { FEATURE_STRIDE, subtractHistogram } from './histogram.js';

export interface GrowOptions {
  growth: 'depthwise' | 'leafwise';
  /** 0 = no limit. */
  maxDepth: number;
  numLeaves: number;
  rules: SplitRules;
  learningRate: number;
  numBins: Int32Array;
}

/** A tree in bin terms, as grown (slots are the leaf numbers of tree.ts). */
export interface GrownTree {
  numNodes: number;
  feature: Int32Array;
  bin: Int32Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  gain: Float64Array;
  cover: Float64Array;
  /** Per leaf: gradient and hessian sums, and the value (learning rate applied). */
  leafG: Float64Array;
  leafH: Float64Array;
  leafValue: Float64Array;
}

interface OpenLeaf {
  slot: number;
  /** Internal node whose child this leaf is (−1 for the root) and on which side. */
  parent: number;
  isLeft: boolean;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: Split;
}

export class TreeGrower {
  private readonly pool: HistogramPool;
  private readonly histLen: number;
  private t!: GrownTree;
  private leaves = 0;
  private features!: Int32Array;

  constructor(
    private readonly team: Team,
    private readonly opts: GrowOptions,
    private readonly maxLeaves: number,
  ) {
    this.histLen = team.shard.slot(0).length;
    this.pool = new HistogramPool(this.histLen);
  }

  /** Grows the tree of output k (gradients already rounded to qg, qh) over the allowed features. */
  grow(k: number, qg: number, qh: number, features: Int32Array): GrownTree {
    const { v } = this.team.shard;
    const cap = this.maxLeaves;
    this.t = {
      numNodes: 0,
      feature: new Int32Array(cap - 1),
      bin: new Int32Array(cap - 1),
      defaultLeft: new Uint8Array(cap - 1),
      left: new Int32Array(cap - 1),
      right: new Int32Array(cap - 1),
      gain: new Float64Array(cap - 1),
      cover: new Float64Array(cap - 1),
      leafG: new Float64Array(cap),
      leafH: new Float64Array(cap),
      leafValue: new Float64Array(cap),
    };
    this.features = features;
    v.control[C.CLASS] = k;
    v.params[P.QG] = qg;
    v.params[P.QH] = qh;
    this.team.run(Command.Root);
    const hist = this.reduce(0, this.pool.take());
    // Every row falls in exactly one bin of feature 0: its bins sum to the node's totals.
    let g = 0;
    let h = 0;
    for (let b = 0; b < FEATURE_STRIDE; b += 2) {
      g += hist[b];
      h += hist[b + 1];
    }
    const root: OpenLeaf = { slot: 0, parent: -1, isLeft: true, depth: 0, g, h, hist, split: noSplit() };
    this.leaves = 1;
    this.record(root);
    if (this.canSplit(0)) this.findSplit(root);
    if (this.opts.growth === 'depthwise') this.growDepthwise(root);
    else this.growLeafwise(root);
    return this.finish();
  }

  private canSplit(depth: number): boolean {
    return this.opts.maxDepth === 0 || depth < this.opts.maxDepth;
  }

  private findSplit(leaf: OpenLeaf): void {
    findBestSplit(leaf.hist as Float64Array, this.features, this.opts.numBins, leaf.g, leaf.h, this.opts.rules, leaf.split);
  }

  private growDepthwise(root: OpenLeaf): void {
    let level = [root];
    while (level.length > 0) {
      const splitting = level.filter((l) => l.split.feature >= 0);
      for (const l of level) if (l.split.feature < 0) this.pool.give(l.hist);
      level = this.apply(splitting, true);
    }
  }

  private growLeafwise(root: OpenLeaf): void {
    const open = [root];
    while (this.leaves < this.opts.numLeaves) {
      let best = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i].split;
        if (s.feature >= 0 && (best < 0 || s.gain > open[best].split.gain)) best = i;
      }
      if (best < 0) break;
      const [leaf] = open.splice(best, 1);
      // Children of the split that fills the tree will never be split: no histograms for them.
      open.push(...this.apply([leaf], this.leaves + 1 < this.opts.numLeaves));
    }
    for (const l of open) this.pool.give(l.hist);
  }

  /**
   * Splits the given leaves (in batches of at most maxBuilds histogram builds); when the children
   * may be split further, builds the smaller one's histogram, derives the other's and finds their
   * best splits.
   */
  private apply(parents: OpenLeaf[], mayGrow: boolean): OpenLeaf[] {
    const { v } = this.team.shard;
    const maxBuilds = this.team.setup.maxBuilds;
    const children: OpenLeaf[] = [];
    let i = 0;
    while (i < parents.length) {
      let splits = 0;
      let builds = 0;
      const batch: { p: OpenLeaf; l: OpenLeaf; r: OpenLeaf; built: OpenLeaf | null }[] = [];
      for (; i < parents.length; i++) {
        const p = parents[i];
        const grow = mayGrow && this.canSplit(p.depth + 1);
        if (grow && builds === maxBuilds) break;
        const { l, r } = this.splitLeaf(p);
        const o = splits++ * SPLIT_INTS;
        v.splits[o] = l.slot;
        v.splits[o + 1] = r.slot;
        v.splits[o + 2] = p.split.feature;
        v.splits[o + 3] = p.split.bin;
        v.splits[o + 4] = p.split.defaultLeft ? 1 : 0;
        const built = grow ? (r.h < l.h ? r : l) : null;
        if (built !== null) v.builds[builds++] = built.slot;
        batch.push({ p, l, r, built });
      }
      v.control[C.SPLITS] = splits;
      v.control[C.BUILDS] = builds;
      this.team.run(Command.Split);
      let slot = 0;
      for (const { p, l, r, built } of batch) {
        if (built !== null) {
          built.hist = this.reduce(slot++, this.pool.take());
          const other = built === l ? r : l;
          other.hist = this.pool.take();
          subtractHistogram(p.hist as Float64Array, built.hist, other.hist);
        }
        this.pool.give(p.hist);
        p.hist = null;
        for (const c of [l, r]) {
          if (c.hist !== null) this.findSplit(c);
          children.push(c);
        }
      }
    }
    return children;
  }

  /** Records the split of leaf p as a new internal node; p's slot becomes the left child, a new slot the right. */
  private splitLeaf(p: OpenLeaf): { l: OpenLeaf; r: OpenLeaf } {
    const t = this.t;
    const node = t.numNodes++;
    const s = p.split;
    t.feature[node] = s.feature;
    t.bin[node] = s.bin;
    t.defaultLeft[node] = s.defaultLeft ? 1 : 0;
    t.gain[node] = s.gain;
    t.cover[node] = p.h;
    if (p.parent >= 0) (p.isLeft ? t.left : t.right)[p.parent] = node;
    const l: OpenLeaf = { slot: p.slot, parent: node, isLeft: true, depth: p.depth + 1, g: s.gl, h: s.hl, hist: null, split: noSplit() };
    const r: OpenLeaf = { slot: this.leaves++, parent: node, isLeft: false, depth: p.depth + 1, g: s.gr, h: s.hr, hist: null, split: noSplit() };
    t.left[node] = ~l.slot;
    t.right[node] = ~r.slot;
    this.record(l);
    this.record(r);
    return { l, r };
  }

  private record(leaf: OpenLeaf): void {
    this.t.leafG[leaf.slot] = leaf.g;
    this.t.leafH[leaf.slot] = leaf.h;
  }

  /** out = the sum over threads of histogram slot s. */
  private reduce(s: number, out: Float64Array): Float64Array {
    out.set(this.team.slotOf(0, s));
    for (let th = 1; th < this.team.threads; th++) {
      const part = this.team.slotOf(th, s);
      for (let j = 0; j < out.length; j++) out[j] += part[j];
    }
    return out;
  }

  private finish(): GrownTree {
    const t = this.t;
    const { rules, learningRate } = this.opts;
    for (let s = 0; s < this.leaves; s++) t.leafValue[s] = leafValue(t.leafG[s], t.leafH[s], rules) * learningRate;
    const n = t.numNodes;
    return {
      numNodes: n,
      feature: t.feature.slice(0, n),
      bin: t.bin.slice(0, n),
      defaultLeft: t.defaultLeft.slice(0, n),
      left: t.left.slice(0, n),
      right: t.right.slice(0, n),
      gain: t.gain.slice(0, n),
      cover: t.cover.slice(0, n),
      leafG: t.leafG.slice(0, n + 1),
      leafH: t.leafH.slice(0, n + 1),
      leafValue: t.leafValue.slice(0, n + 1),
    };
  }
}

/** Writes a grown tree and its leaf values into the command area for the Update / LeafIndex commands. */
export function sendTree(team: Team, tree: GrownTree): void {
  const { v } = team.shard;
  for (let i = 0; i < tree.numNodes; i++) {
    const o = i * NODE_INTS;
    v.nodes[o] = tree.feature[i];
    v.nodes[o + 1] = tree.bin[i];
    v.nodes[o + 2] = tree.defaultLeft[i];
    v.nodes[o + 3] = tree.left[i];
    v.nodes[o + 4] = tree.right[i];
  }
  v.leafValues.set(tree.leafValue);
  v.control[C.NODES] = tree.numNodes;
}
