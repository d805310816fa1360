/**
 * TreeSHAP of one tabulated tree (see shap-tables.ts). One pass over the tree's nodes, parents
 * before children, gives every node and leaf the set H of the features on its path whose
 * splits the row follows (a bit per feature, cleared on the branch the row does not take);
 * then each leaf adds its table's −A(H) to every feature outside H and A(H∖k)·(1 − z_k)/z_k to
 * every feature k in H. Two flat loops, no recursion.
 */
import type { ShapTables } from './shap-tables.js';

/** Every bit set: no feature has been left yet (a leaf reads only its own n bits). */
const ALL = 0x3fffffff;

export class TableShap {
  // the arrays as own fields: the hot loops then load them from one fixed object shape
  private readonly treeNodeStart: Int32Array;
  private readonly treeNodes: Int32Array;
  private readonly treeLeafStart: Int32Array;
  private readonly treeLeaves: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly defaultLeft: Uint8Array;
  private readonly bit: Int32Array;
  private readonly leftSlot: Int32Array;
  private readonly rightSlot: Int32Array;
  private readonly leafSize: Int32Array;
  private readonly leafElements: Int32Array;
  private readonly leafTable: Int32Array;
  private readonly elementFeature: Int32Array;
  private readonly elementRatio: Float64Array;
  private readonly table: Float64Array;
  /** The hot set of every slot of the tree being explained. */
  private readonly hot: Int32Array;

  constructor(t: ShapTables) {
    this.treeNodeStart = t.treeNodeStart;
    this.treeNodes = t.treeNodes;
    this.treeLeafStart = t.treeLeafStart;
    this.treeLeaves = t.treeLeaves;
    this.feature = t.feature;
    this.threshold = t.threshold;
    this.defaultLeft = t.defaultLeft;
    this.bit = t.bit;
    this.leftSlot = t.leftSlot;
    this.rightSlot = t.rightSlot;
    this.leafSize = t.leafSize;
    this.leafElements = t.leafElements;
    this.leafTable = t.leafTable;
    this.elementFeature = t.elementFeature;
    this.elementRatio = t.elementRatio;
    this.table = t.table;
    this.hot = new Int32Array(Math.max(1, t.maxSlots));
  }

  /** Adds the contributions of tabulated tree `tree` for the row at x[xAt..] to phi[phiAt..]. */
  explainTree(tree: number, x: Float64Array, xAt: number, phi: Float64Array, phiAt: number): void {
    const hot = this.hot;
    const nodeStart = this.treeNodeStart[tree];
    const nodes = this.treeNodes[tree];
    hot[0] = ALL;
    for (let i = 0; i < nodes; i++) {
      const g = nodeStart + i;
      const v = x[xAt + this.feature[g]];
      // −1 when the row goes left, 0 when right (NaN: v <= t is false, defaultLeft decides), without a
      // branch: the direction is a coin toss the processor would mispredict half the time
      const left = -(+(v <= this.threshold[g]) | (+(v !== v) & this.defaultLeft[g]));
      const h = hot[i];
      const bit = this.bit[g];
      hot[this.leftSlot[g]] = h & ~(bit & ~left);
      hot[this.rightSlot[g]] = h & ~(bit & left);
    }
    const leafStart = this.treeLeafStart[tree];
    const leaves = this.treeLeaves[tree];
    const table = this.table;
    const feature = this.elementFeature;
    const ratio = this.elementRatio;
    for (let j = 0; j < leaves; j++) {
      const leaf = leafStart + j;
      const n = this.leafSize[leaf];
      const h = hot[nodes + j] & ((1 << n) - 1);
      const at = this.leafTable[leaf];
      const elements = this.leafElements[leaf];
      const coldValue = -table[at + h];
      for (let k = 0; k < n; k++) {
        // 1 when the row follows feature k's splits; arithmetic rather than a branch, which would be a coin toss
        const isHot = (h >> k) & 1;
        phi[phiAt + feature[elements + k]] += isHot * (table[at + (h ^ (1 << k))] * ratio[elements + k]) + (1 - isHot) * coldValue;
      }
    }
  }
}
