/**
 * TreeSHAP of one tree by the path algorithm: exact path-dependent Shapley values (Lundberg,
 * Erion & Lee 2018, "Consistent individualized feature attribution for tree ensembles",
 * Algorithm 2 — the `tree_path_dependent` method of shap and XGBoost's pred_contribs). Used for
 * the trees too deep for tables (shap-tables.ts) or with a child without cover.
 *
 * The game of a tree for a row x is v(S) = the expected output when the features in S are
 * those of x and the others are integrated out by the training covers: at a split on a feature
 * in S the row's branch is followed, at any other split both branches are averaged, weighted
 * by the share of the node's cover each holds. The algorithm walks every root-to-leaf path
 * once, keeping for the path's distinct features the weights of all subset sizes, so a tree
 * costs O(leaves · depth²) instead of 2^features evaluations.
 *
 * The path is kept in four parallel typed arrays (feature, zero fraction = cover share, one
 * fraction = 1 when x follows the path, permutation weight), one segment per depth, allocated
 * once: a child copies its parent's segment into the next one, so the parent's is intact for
 * the second child and nothing is allocated per node.
 *
 * One saving over the textbook leaf loop (as in Fast TreeSHAP v1, Yang 2021): for a feature
 * whose one fraction is 0 (x leaves the path there), undoing it from the path sums the weights
 * with factors that do not depend on which feature it is, and its contribution
 * (0 − z) · sum / z · value = −sum · value; so that sum is computed once per leaf, and only the
 * features x follows take the O(depth) loop.
 */
import type { PackedEnsemble } from './packed-ensemble.js';

export class PathShap {
  private readonly pFeature: Int32Array;
  private readonly pZero: Float64Array;
  private readonly pOne: Float64Array;
  private readonly pWeight: Float64Array;
  /** (d + 1) / (j + 1) at [d * width + j]: the weight ratios of a path of d + 1 elements. */
  private readonly up: Float64Array;
  /** (d − j) / (d + 1) at [d * width + j]. */
  private readonly down: Float64Array;
  private readonly width: number;
  /** The row being explained and where its contributions go. */
  private x: Float64Array = new Float64Array(0);
  private xAt = 0;
  private phi: Float64Array = new Float64Array(0);
  private phiAt = 0;

  constructor(private readonly e: PackedEnsemble) {
    // the segment of a node at depth k starts at or before k(k+1)/2 and holds at most k + 1 elements
    const levels = e.maxDepth + 1;
    const size = ((levels + 1) * (levels + 2)) / 2;
    this.pFeature = new Int32Array(size);
    this.pZero = new Float64Array(size);
    this.pOne = new Float64Array(size);
    this.pWeight = new Float64Array(size);
    this.width = levels + 1;
    this.up = new Float64Array(this.width * this.width);
    this.down = new Float64Array(this.width * this.width);
    for (let d = 0; d < this.width; d++) {
      for (let j = 0; j <= d; j++) {
        this.up[d * this.width + j] = (d + 1) / (j + 1);
        this.down[d * this.width + j] = (d - j) / (d + 1);
      }
    }
  }

  /** Adds the contributions of the tree at `root` (an internal node) for the row at x[xAt..] to phi[phiAt..]. */
  explainTree(root: number, x: Float64Array, xAt: number, phi: Float64Array, phiAt: number): void {
    this.x = x;
    this.xAt = xAt;
    this.phi = phi;
    this.phiAt = phiAt;
    this.recurse(root, 0, 0, 1, 1, -1);
  }

  /**
   * Enters `node` with the parent's path in the segment at parentAt (depth elements), extended
   * by the split that led here: zero fraction z, one fraction o, feature f.
   */
  private recurse(node: number, parentAt: number, depth: number, z: number, o: number, f: number): void {
    const at = parentAt + depth;
    const pFeature = this.pFeature;
    const pZero = this.pZero;
    const pOne = this.pOne;
    const pWeight = this.pWeight;
    for (let i = 0; i < depth; i++) {
      pFeature[at + i] = pFeature[parentAt + i];
      pZero[at + i] = pZero[parentAt + i];
      pOne[at + i] = pOne[parentAt + i];
      pWeight[at + i] = pWeight[parentAt + i];
    }
    this.extend(at, depth, z, o, f);
    const e = this.e;
    if (node < 0) {
      this.leaf(at, depth, e.leafValue[~node]);
      return;
    }
    const split = e.feature[node];
    const v = this.x[this.xAt + split];
    const goLeft = v !== v ? e.defaultLeft[node] === 1 : v <= e.threshold[node];
    const hot = goLeft ? e.left[node] : e.right[node];
    const cold = goLeft ? e.right[node] : e.left[node];
    const hotShare = goLeft ? e.leftShare[node] : e.rightShare[node];
    const coldShare = goLeft ? e.rightShare[node] : e.leftShare[node];
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    // a feature already on the path is taken off and put back with both splits' fractions
    for (let k = 1; k <= d; k++) {
      if (pFeature[at + k] === split) {
        inZero = pZero[at + k];
        inOne = pOne[at + k];
        this.unwind(at, d, k);
        d--;
        break;
      }
    }
    // a branch with both fractions 0 is worth 0 in every coalition: skipping it avoids 0/0
    if (hotShare * inZero !== 0 || inOne !== 0) this.recurse(hot, at, d + 1, hotShare * inZero, inOne, split);
    if (coldShare * inZero !== 0) this.recurse(cold, at, d + 1, coldShare * inZero, 0, split);
  }

  /** Appends an element at index d of the path at `at`, updating the weights of every subset size. */
  private extend(at: number, d: number, z: number, o: number, f: number): void {
    const pWeight = this.pWeight;
    this.pFeature[at + d] = f;
    this.pZero[at + d] = z;
    this.pOne[at + d] = o;
    pWeight[at + d] = d === 0 ? 1 : 0;
    const inv = 1 / (d + 1);
    for (let i = d - 1; i >= 0; i--) {
      const w = pWeight[at + i];
      pWeight[at + i + 1] += o * w * (i + 1) * inv;
      pWeight[at + i] = z * w * (d - i) * inv;
    }
  }

  /** Removes element k from the path at `at` whose last index is d (the inverse of extend). */
  private unwind(at: number, d: number, k: number): void {
    const pWeight = this.pWeight;
    const o = this.pOne[at + k];
    const z = this.pZero[at + k];
    const row = d * this.width;
    let next = pWeight[at + d];
    if (o !== 0) {
      const invO = 1 / o;
      for (let j = d - 1; j >= 0; j--) {
        const w = pWeight[at + j];
        const nw = next * this.up[row + j] * invO;
        pWeight[at + j] = nw;
        next = w - nw * z * this.down[row + j];
      }
    } else {
      const invZ = 1 / z;
      for (let j = d - 1; j >= 0; j--) pWeight[at + j] = (pWeight[at + j] * invZ) / this.down[row + j];
    }
    for (let j = k; j < d; j++) {
      this.pFeature[at + j] = this.pFeature[at + j + 1];
      this.pZero[at + j] = this.pZero[at + j + 1];
      this.pOne[at + j] = this.pOne[at + j + 1];
    }
  }

  /** Adds a leaf's value to the contribution of every feature on its path (element 0 is the root's placeholder). */
  private leaf(at: number, d: number, value: number): void {
    const pWeight = this.pWeight;
    const pZero = this.pZero;
    const pOne = this.pOne;
    const up = this.up;
    const down = this.down;
    const row = d * this.width;
    const phi = this.phi;
    const phiAt = this.phiAt;
    // Σ_j w_j (d + 1) / (d − j): the unwound sum of any element with one fraction 0, times its zero fraction
    let coldSum = 0;
    let coldSumKnown = false;
    for (let i = 1; i <= d; i++) {
      const o = pOne[at + i];
      const z = pZero[at + i];
      let total = 0;
      if (o !== 0) {
        let next = pWeight[at + d];
        const invO = 1 / o;
        for (let j = d - 1; j >= 0; j--) {
          const tmp = next * up[row + j] * invO;
          total += tmp;
          next = pWeight[at + j] - tmp * z * down[row + j];
        }
        total *= o - z;
      } else {
        if (!coldSumKnown) {
          coldSumKnown = true;
          for (let j = d - 1; j >= 0; j--) coldSum += pWeight[at + j] / down[row + j];
        }
        total = -coldSum;
      }
      phi[phiAt + this.pFeature[at + i]] += total * value;
    }
  }
}
