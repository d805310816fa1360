/**
 * A tree ensemble checked and flattened for TreeSHAP: every tree's nodes and leaves in one set
 * of typed arrays, children as global references, and what TreeSHAP needs per node precomputed
 * (the share of the node's cover each child holds), so the kernels read flat arrays only.
 */
import { SextantError } from '../../core/errors.js';
import { type Tree, type TreeEnsemble, rootOf } from '../gbdt/tree.js';

export interface PackedEnsemble {
  numFeatures: number;
  numOutputs: number;
  /** Per tree: its root as a global reference (>= 0 a node, < 0 the leaf ~r) and its output. */
  treeRoot: Int32Array;
  treeOutput: Int32Array;
  /** Edges from a root to its deepest leaf, over all trees (sizes the path buffers). */
  maxDepth: number;
  /** Per output: base score + the cover-weighted expected value of each of its trees. */
  bias: Float64Array;
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** cover(child) / cover(node); 0 for both children of a node without cover. */
  leftShare: Float64Array;
  rightShare: Float64Array;
  leafValue: Float64Array;
}

function invalid(tree: number, message: string, details: Record<string, unknown> = {}): SextantError {
  return new SextantError('EXPLAIN_TREE_INVALID', `tree ${tree}: ${message}`, { tree, ...details });
}

function checkLengths(t: Tree, index: number): void {
  const n = t.feature.length;
  for (const [name, arr] of [['threshold', t.threshold], ['defaultLeft', t.defaultLeft], ['left', t.left], ['right', t.right], ['gain', t.gain], ['cover', t.cover]] as const) {
    if (arr.length !== n) throw invalid(index, `${name} has ${arr.length} entries, expected ${n} (one per internal node)`);
  }
  if (t.leafCover.length !== t.leafValue.length) throw invalid(index, `leafCover has ${t.leafCover.length} entries, expected ${t.leafValue.length} (one per leaf)`);
  if (n === 0 && t.leafValue.length === 0) throw invalid(index, 'a tree without splits needs its leaf 0');
}

/** Walks one tree from its root, checking it is a tree and writing its packed nodes and leaves. */
class TreePacker {
  private readonly seenNode: Uint8Array;
  private readonly seenLeaf: Uint8Array;
  depth = 0;

  constructor(
    private readonly t: Tree,
    private readonly index: number,
    private readonly numFeatures: number,
    private readonly p: PackedEnsemble,
    private readonly nodeStart: number,
    private readonly leafStart: number,
  ) {
    this.seenNode = new Uint8Array(t.feature.length);
    this.seenLeaf = new Uint8Array(t.leafValue.length);
  }

  /** The global reference of a local child reference. */
  global(ref: number): number {
    return ref >= 0 ? this.nodeStart + ref : ~(this.leafStart + ~ref);
  }

  /** Visits a reference; returns its cover-weighted expected value. */
  visit(ref: number, depth: number): number {
    const t = this.t;
    this.depth = Math.max(this.depth, depth);
    if (ref < 0) {
      const leaf = ~ref;
      if (leaf >= t.leafValue.length) throw invalid(this.index, `leaf ${leaf} is referenced but the tree has ${t.leafValue.length} leaves`);
      if (this.seenLeaf[leaf]) throw invalid(this.index, `leaf ${leaf} is reached twice`);
      this.seenLeaf[leaf] = 1;
      this.p.leafValue[this.leafStart + leaf] = t.leafValue[leaf];
      return t.leafValue[leaf];
    }
    if (ref >= t.feature.length) throw invalid(this.index, `node ${ref} is referenced but the tree has ${t.feature.length} internal nodes`);
    if (this.seenNode[ref]) throw invalid(this.index, `node ${ref} is reached twice (the nodes do not form a tree)`);
    this.seenNode[ref] = 1;
    const f = t.feature[ref];
    if (!(f >= 0 && f < this.numFeatures)) throw invalid(this.index, `node ${ref} splits on feature ${f}, expected 0..${this.numFeatures - 1}`);
    const cover = t.cover[ref];
    const l = t.left[ref];
    const r = t.right[ref];
    const lc = this.coverOf(l);
    const rc = this.coverOf(r);
    if (!(cover >= 0 && cover < Infinity)) throw invalid(this.index, `node ${ref} has cover ${cover}, expected a finite number >= 0`);
    const g = this.nodeStart + ref;
    const p = this.p;
    p.feature[g] = f;
    p.threshold[g] = t.threshold[ref];
    p.defaultLeft[g] = t.defaultLeft[ref];
    p.left[g] = this.global(l);
    p.right[g] = this.global(r);
    // cover 0 (no training row reached the node): both shares 0, so it adds nothing expected
    p.leftShare[g] = cover > 0 ? lc / cover : 0;
    p.rightShare[g] = cover > 0 ? rc / cover : 0;
    return p.leftShare[g] * this.visit(l, depth + 1) + p.rightShare[g] * this.visit(r, depth + 1);
  }

  private coverOf(ref: number): number {
    const t = this.t;
    const c = ref >= 0 ? t.cover[ref] : t.leafCover[~ref];
    if (!(c >= 0 && c < Infinity)) throw invalid(this.index, `${ref >= 0 ? `node ${ref}` : `leaf ${~ref}`} has cover ${c}, expected a finite number >= 0`);
    return c;
  }
}

/** Checks and flattens an ensemble. */
export function packEnsemble(e: TreeEnsemble): PackedEnsemble {
  const { numFeatures, numOutputs, trees } = e;
  if (!(Number.isInteger(numFeatures) && numFeatures >= 0)) throw new SextantError('EXPLAIN_TREE_INVALID', `numFeatures is ${numFeatures}, expected an integer >= 0`, { numFeatures });
  if (!(Number.isInteger(numOutputs) && numOutputs >= 1)) throw new SextantError('EXPLAIN_TREE_INVALID', `numOutputs is ${numOutputs}, expected an integer >= 1`, { numOutputs });
  if (e.baseScore.length !== numOutputs) throw new SextantError('EXPLAIN_TREE_INVALID', `baseScore has ${e.baseScore.length} entries, expected ${numOutputs} (one per output)`, { baseScore: e.baseScore.length, numOutputs });
  let nodes = 0;
  let leaves = 0;
  trees.forEach((t, i) => {
    checkLengths(t, i);
    nodes += t.feature.length;
    leaves += t.leafValue.length;
  });
  const p: PackedEnsemble = {
    numFeatures,
    numOutputs,
    treeRoot: new Int32Array(trees.length),
    treeOutput: new Int32Array(trees.length),
    maxDepth: 0,
    bias: new Float64Array(numOutputs),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    leftShare: new Float64Array(nodes),
    rightShare: new Float64Array(nodes),
    leafValue: new Float64Array(leaves),
  };
  p.bias.set(e.baseScore);
  let nodeStart = 0;
  let leafStart = 0;
  trees.forEach((t, i) => {
    const packer = new TreePacker(t, i, numFeatures, p, nodeStart, leafStart);
    const root = rootOf(t);
    p.treeRoot[i] = packer.global(root);
    p.treeOutput[i] = i % numOutputs;
    p.bias[i % numOutputs] += packer.visit(root, 0);
    p.maxDepth = Math.max(p.maxDepth, packer.depth);
    nodeStart += t.feature.length;
    leafStart += t.leafValue.length;
  });
  return p;
}
