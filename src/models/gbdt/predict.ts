/**
 * Fast prediction: the ensemble flattened into a few typed arrays. A tree of depth D ≤ 10 is laid
 * out as a perfect binary tree in heap order (children of node i at 2i + 1 and 2i + 2; a leaf
 * shallower than D padded with nodes that always go left), so every row takes exactly D steps
 * and each step is branch-free: i = 2i + 1 + (x > threshold). Eight rows walk a tree together,
 * so their independent loads overlap. Deeper trees (leaf-wise growth) are walked node by node.
 *
 * Missing values without a branch: each block of rows is widened to three copies of its columns,
 * x as is, x with NaN → +∞, and isNaN(x) as 0/1, and each node reads the copy that sends NaN its
 * way under the one comparison x > t: NaN > t is false (left) in the first; +∞ > t is true
 * (right) in the second; a node with t = +∞ (present left, missing right) compares the third
 * with 0.5.
 *
 * Scores start from the base score and add the trees in order, as training does, so a row's
 * prediction equals its training score to the bit.
 */
import type { Matrix } from '../model.js';
import { type Tree, type TreeEnsemble, rootOf } from './tree.js';

/** Deepest tree laid out as a perfect tree (2^10 leaves). */
const MAX_PERFECT_DEPTH = 10;
/** Rows per block: the block's (widened) rows stay in cache while every tree visits them. */
const BLOCK_ROWS = 64;

/** The depth of a tree (0 for a lone leaf), without recursion: a leaf-wise tree can be a long chain. */
function depthOf(tree: Tree): number {
  let deepest = 0;
  const stack: number[] = tree.feature.length > 0 ? [0, 1] : [];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const node = stack.pop() as number;
    deepest = Math.max(deepest, depth);
    for (const c of [tree.left[node], tree.right[node]]) if (c >= 0) stack.push(c, depth + 1);
  }
  return deepest;
}

/** The ensemble compiled for prediction. */
export class CompiledEnsemble {
  readonly outputs: number;
  readonly cols: number;
  private readonly base: Float64Array;
  private readonly trees: Tree[];
  /** Per tree: its depth in the perfect layout, or −1 when walked node by node. */
  private readonly depth: Int32Array;
  /** Per tree: offset of its nodes in feat/thr and of its leaves in leaf. */
  private readonly nodeAt: Int32Array;
  private readonly leafAt: Int32Array;
  /** Column of the widened row a node reads (see above). */
  private readonly feat: Int32Array;
  private readonly thr: Float64Array;
  private readonly leaf: Float64Array;
  /** One widened block: BLOCK_ROWS × 3 · cols. */
  private readonly wide: Float64Array;

  constructor(e: TreeEnsemble) {
    this.outputs = e.numOutputs;
    this.cols = e.numFeatures;
    this.base = e.baseScore;
    this.trees = e.trees;
    const count = e.trees.length;
    this.depth = new Int32Array(count);
    this.nodeAt = new Int32Array(count);
    this.leafAt = new Int32Array(count);
    let nodes = 0;
    let leaves = 0;
    for (let t = 0; t < count; t++) {
      const d = depthOf(e.trees[t]);
      this.depth[t] = d <= MAX_PERFECT_DEPTH ? d : -1;
      this.nodeAt[t] = nodes;
      this.leafAt[t] = leaves;
      if (d <= MAX_PERFECT_DEPTH) {
        nodes += (1 << d) - 1;
        leaves += 1 << d;
      }
    }
    this.feat = new Int32Array(nodes);
    this.thr = new Float64Array(nodes);
    this.leaf = new Float64Array(leaves);
    this.wide = new Float64Array(BLOCK_ROWS * 3 * this.cols);
    for (let t = 0; t < count; t++) if (this.depth[t] >= 0) this.layOut(e.trees[t], rootOf(e.trees[t]), t, 0, 0);
  }

  /** Places the subtree `ref` at heap index h of tree t (at depth d). */
  private layOut(tree: Tree, ref: number, t: number, h: number, d: number): void {
    const D = this.depth[t];
    if (d === D) {
      this.leaf[this.leafAt[t] + h - ((1 << D) - 1)] = tree.leafValue[~ref];
      return;
    }
    const at = this.nodeAt[t] + h;
    if (ref >= 0) {
      const f = tree.feature[ref];
      const threshold = tree.threshold[ref];
      if (tree.defaultLeft[ref]) [this.feat[at], this.thr[at]] = [f, threshold];
      else if (threshold === Infinity) [this.feat[at], this.thr[at]] = [2 * this.cols + f, 0.5];
      else [this.feat[at], this.thr[at]] = [this.cols + f, threshold];
      this.layOut(tree, tree.left[ref], t, 2 * h + 1, d + 1);
      this.layOut(tree, tree.right[ref], t, 2 * h + 2, d + 1);
    } else {
      // A leaf above the bottom: a node every row (NaN included) leaves to the left, the same leaf on both sides.
      this.feat[at] = 0;
      this.thr[at] = Infinity;
      this.layOut(tree, ref, t, 2 * h + 1, d + 1);
      this.layOut(tree, ref, t, 2 * h + 2, d + 1);
    }
  }

  /** Raw outputs, rows × outputs row-major. */
  predictRaw(x: Matrix, out = new Float64Array(x.rows * this.outputs)): Float64Array {
    const K = this.outputs;
    for (let r = 0; r < x.rows; r++) for (let k = 0; k < K; k++) out[r * K + k] = this.base[k];
    for (let r0 = 0; r0 < x.rows; r0 += BLOCK_ROWS) {
      const r1 = Math.min(x.rows, r0 + BLOCK_ROWS);
      this.widen(x, r0, r1);
      for (let t = 0; t < this.trees.length; t++) {
        const k = t % K;
        if (this.depth[t] < 0) this.walkRows(this.trees[t], x, r0, r1, out, k);
        else this.perfectRows(t, r1 - r0, out, r0 * K + k);
      }
    }
    return out;
  }

  /** Rows [r0, r1) of x into the widened block: x, x with NaN → +∞, isNaN(x). */
  private widen(x: Matrix, r0: number, r1: number): void {
    const F = x.cols;
    const wide = this.wide;
    for (let r = r0, o = 0; r < r1; r++, o += 3 * F) {
      for (let f = 0; f < F; f++) {
        const v = x.data[r * F + f];
        const missing = v !== v;
        wide[o + f] = v;
        wide[o + F + f] = missing ? Infinity : v;
        wide[o + 2 * F + f] = missing ? 1 : 0;
      }
    }
  }

  /** Tree t on the first `rows` rows of the widened block, eight at a time; row i's output at out[at + i · K]. */
  private perfectRows(t: number, rows: number, out: Float64Array, at: number): void {
    const { feat, thr } = this;
    const data = this.wide;
    const F = 3 * this.cols;
    const K = this.outputs;
    const D = this.depth[t];
    const nb = this.nodeAt[t];
    const lb = this.leafAt[t] - ((1 << D) - 1);
    const leaf = this.leaf;
    let r = 0;
    for (; r + 8 <= rows; r += 8) {
      const b0 = r * F;
      const b1 = b0 + F;
      const b2 = b1 + F;
      const b3 = b2 + F;
      const b4 = b3 + F;
      const b5 = b4 + F;
      const b6 = b5 + F;
      const b7 = b6 + F;
      let i0 = 0;
      let i1 = 0;
      let i2 = 0;
      let i3 = 0;
      let i4 = 0;
      let i5 = 0;
      let i6 = 0;
      let i7 = 0;
      for (let d = 0; d < D; d++) {
        i0 = 2 * i0 + 1 + +(data[b0 + feat[nb + i0]] > thr[nb + i0]);
        i1 = 2 * i1 + 1 + +(data[b1 + feat[nb + i1]] > thr[nb + i1]);
        i2 = 2 * i2 + 1 + +(data[b2 + feat[nb + i2]] > thr[nb + i2]);
        i3 = 2 * i3 + 1 + +(data[b3 + feat[nb + i3]] > thr[nb + i3]);
        i4 = 2 * i4 + 1 + +(data[b4 + feat[nb + i4]] > thr[nb + i4]);
        i5 = 2 * i5 + 1 + +(data[b5 + feat[nb + i5]] > thr[nb + i5]);
        i6 = 2 * i6 + 1 + +(data[b6 + feat[nb + i6]] > thr[nb + i6]);
        i7 = 2 * i7 + 1 + +(data[b7 + feat[nb + i7]] > thr[nb + i7]);
      }
      const o = at + r * K;
      out[o] += leaf[lb + i0];
      out[o + K] += leaf[lb + i1];
      out[o + 2 * K] += leaf[lb + i2];
      out[o + 3 * K] += leaf[lb + i3];
      out[o + 4 * K] += leaf[lb + i4];
      out[o + 5 * K] += leaf[lb + i5];
      out[o + 6 * K] += leaf[lb + i6];
      out[o + 7 * K] += leaf[lb + i7];
    }
    for (; r < rows; r++) {
      const b0 = r * F;
      let i0 = 0;
      for (let d = 0; d < D; d++) i0 = 2 * i0 + 1 + +(data[b0 + feat[nb + i0]] > thr[nb + i0]);
      out[at + r * K] += leaf[lb + i0];
    }
  }

  /** A deep tree, node by node. */
  private walkRows(tree: Tree, x: Matrix, r0: number, r1: number, out: Float64Array, k: number): void {
    for (let r = r0; r < r1; r++) out[r * this.outputs + k] += tree.leafValue[leafOfRow(tree, x.data, r * x.cols)];
  }

  /** The leaf (tree.ts numbering) each row reaches in each tree: rows × trees. */
  leafIndices(x: Matrix): Int32Array {
    const T = this.trees.length;
    const out = new Int32Array(x.rows * T);
    for (let r = 0; r < x.rows; r++) for (let t = 0; t < T; t++) out[r * T + t] = leafOfRow(this.trees[t], x.data, r * x.cols);
    return out;
  }
}

/** The leaf a raw row (starting at data[at]) reaches. */
export function leafOfRow(tree: Tree, data: Float64Array, at: number): number {
  let node = rootOf(tree);
  while (node >= 0) {
    const v = data[at + tree.feature[node]];
    node = v <= tree.threshold[node] || (v !== v && tree.defaultLeft[node] !== 0) ? tree.left[node] : tree.right[node];
  }
  return ~node;
}
