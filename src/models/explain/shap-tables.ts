/**
 * Per-leaf tables that turn TreeSHAP of a tree into a lookup per leaf (in the spirit of Fast
 * TreeSHAP v2, Yang 2021), computed once per ensemble.
 *
 * A leaf's share of a tree's game depends on the row only through which of the distinct
 * features on its path the row agrees with. Let U be those features (n of them), z_k the
 * product of the cover shares of the splits on k along the path, and H ⊆ U the features whose
 * every split on the path the row follows. The leaf's game is v(S) = value · [S ⊆ H] ·
 * Π_{k∈U∖S} z_k, and with w(s) = s!(n−s−1)!/n! and
 *
 *     A(G) = value · Σ_{S⊆G} w(|S|) · Π_{k∈U∖S} z_k      (G ⊆ U)
 *
 * its Shapley values are −A(H) for every k ∉ H and A(H∖k) · (1 − z_k) / z_k for k ∈ H. So
 * each leaf stores A over all 2^n subsets (a zeta transform, O(n·2^n)) and (1 − z_k)/z_k per
 * feature, and a row costs one pass over the tree's nodes to find each leaf's H plus n
 * additions per leaf (table-shap.ts), instead of O(depth²) per leaf.
 *
 * A tree is tabulated when every split gives both children some cover (z_k > 0) and its tables
 * stay small (Σ 2^n over its leaves ≤ a limit), within a budget for the whole ensemble; the
 * others use the path algorithm (path-shap.ts). Which trees are tabulated depends only on the
 * ensemble, so a row's values do not depend on what else is explained with it.
 */
import type { PackedEnsemble } from './packed-ensemble.js';

export interface ShapTables {
  /** Per tree: 1 when tabulated. */
  tabulated: Uint8Array;
  /** Per tree: its first node and leaf in the arrays below and how many of each it has. */
  treeNodeStart: Int32Array;
  treeNodes: Int32Array;
  treeLeafStart: Int32Array;
  treeLeaves: Int32Array;
  /** The nodes of the tabulated trees, each tree's parents before their children. */
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  /** 1 << the index of the node's feature among the distinct features of the path from the root. */
  bit: Int32Array;
  /** The children's slots in a tree's scratch of hot sets: node i is slot i, leaf j slot nodes + j. */
  leftSlot: Int32Array;
  rightSlot: Int32Array;
  /** Per leaf: its number of distinct path features n, where they start in elementFeature/elementRatio, where its 2^n table starts. */
  leafSize: Int32Array;
  leafElements: Int32Array;
  leafTable: Int32Array;
  elementFeature: Int32Array;
  /** (1 − z) / z of each element. */
  elementRatio: Float64Array;
  table: Float64Array;
  /** Most slots (nodes + leaves) of a tabulated tree. */
  maxSlots: number;
}

export interface TableLimits {
  /** Most table entries (Σ 2^n over its leaves) one tree may use: 16,384 holds a full depth-7 tree. At most 2^30 (n is a bit index). */
  perTree: number;
  /** Most table entries of the whole ensemble (8 bytes each). */
  total: number;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = { perTree: 16_384, total: 1 << 23 };

/** Σ 2^n over the leaves of the tree at root, or Infinity when a split leaves a child without cover. */
function tableSize(p: PackedEnsemble, root: number, limit: number): number {
  let total = 0;
  const walk = (ref: number, features: number[]): void => {
    if (total > limit) return;
    if (ref < 0) {
      total += 2 ** features.length;
      return;
    }
    if (!(p.leftShare[ref] > 0 && p.rightShare[ref] > 0)) {
      total = Infinity;
      return;
    }
    const f = p.feature[ref];
    const next = features.includes(f) ? features : [...features, f];
    walk(p.left[ref], next);
    walk(p.right[ref], next);
  };
  walk(root, []);
  return total;
}

/** Shapley weights w(s) = s!(n−s−1)!/n! = 1 / (n · C(n−1, s)) for s < n; w(n) = 0 (A(U) is never read). */
function shapleyWeights(n: number): Float64Array {
  const w = new Float64Array(n + 1);
  let choose = 1;
  for (let s = 0; s < n; s++) {
    w[s] = 1 / (n * choose);
    choose = (choose * (n - 1 - s)) / (s + 1);
  }
  return w;
}

function popcount(m: number): number {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}

/** Writes A(G) for every G ⊆ U of a leaf with zero fractions z into table[at, at + 2^n). */
function fillLeafTable(value: number, z: number[], table: Float64Array, at: number): void {
  const n = z.length;
  const size = 1 << n;
  const w = shapleyWeights(n);
  const full = size - 1;
  // Π_{k∉S} z_k, from the full set down: S gets its lowest missing bit's z times that of S ∪ bit
  table[at + full] = 1;
  for (let s = full - 1; s >= 0; s--) {
    const missing = ~s & (s + 1);
    table[at + s] = table[at + (s | missing)] * z[31 - Math.clz32(missing)];
  }
  for (let s = 0; s < size; s++) table[at + s] *= value * w[popcount(s)];
  // zeta transform: A(G) = Σ_{S⊆G} of the above
  for (let b = 1; b < size; b <<= 1) {
    for (let s = 0; s < size; s++) if (s & b) table[at + s] += table[at + (s ^ b)];
  }
}

/** Collects the tables of the tabulated trees in growable arrays. */
class TableBuilder {
  readonly feature: number[] = [];
  readonly threshold: number[] = [];
  readonly defaultLeft: number[] = [];
  readonly bit: number[] = [];
  readonly leftSlot: number[] = [];
  readonly rightSlot: number[] = [];
  readonly leafSize: number[] = [];
  readonly leafElements: number[] = [];
  readonly leafTable: number[] = [];
  readonly elementFeature: number[] = [];
  readonly elementRatio: number[] = [];
  tableAt = 0;
  private nodeStart = 0;
  private leafStart = 0;

  constructor(
    private readonly p: PackedEnsemble,
    readonly table: Float64Array,
  ) {}

  /** Adds the tree at root; returns its node and leaf counts. */
  addTree(root: number): { nodes: number; leaves: number } {
    this.nodeStart = this.feature.length;
    this.leafStart = this.leafSize.length;
    this.visit(root, [], []);
    const nodes = this.feature.length - this.nodeStart;
    // a leaf child was noted as ~(its index in the tree): its slot comes after the tree's nodes
    for (const slots of [this.leftSlot, this.rightSlot]) {
      for (let i = this.nodeStart; i < slots.length; i++) if (slots[i] < 0) slots[i] = nodes + ~slots[i];
    }
    return { nodes, leaves: this.leafSize.length - this.leafStart };
  }

  /** Visits a reference in preorder; returns its slot (a leaf's as ~index). */
  private visit(ref: number, pathFeatures: number[], z: number[]): number {
    const p = this.p;
    if (ref < 0) {
      this.leafSize.push(z.length);
      this.leafElements.push(this.elementFeature.length);
      this.leafTable.push(this.tableAt);
      for (let k = 0; k < z.length; k++) {
        this.elementFeature.push(pathFeatures[k]);
        this.elementRatio.push((1 - z[k]) / z[k]);
      }
      fillLeafTable(p.leafValue[~ref], z, this.table, this.tableAt);
      this.tableAt += 1 << z.length;
      return ~(this.leafSize.length - 1 - this.leafStart);
    }
    const f = p.feature[ref];
    const k = pathFeatures.indexOf(f);
    const i = this.feature.length;
    this.feature.push(f);
    this.threshold.push(p.threshold[ref]);
    this.defaultLeft.push(p.defaultLeft[ref]);
    this.bit.push(1 << (k >= 0 ? k : pathFeatures.length));
    this.leftSlot.push(0);
    this.rightSlot.push(0);
    const nextFeatures = k >= 0 ? pathFeatures : [...pathFeatures, f];
    const childZ = (share: number) => {
      const next = k >= 0 ? z.slice() : [...z, 1];
      next[k >= 0 ? k : z.length] *= share;
      return next;
    };
    this.leftSlot[i] = this.visit(p.left[ref], nextFeatures, childZ(p.leftShare[ref]));
    this.rightSlot[i] = this.visit(p.right[ref], nextFeatures, childZ(p.rightShare[ref]));
    return i - this.nodeStart;
  }
}

export function buildShapTables(p: PackedEnsemble, limits: TableLimits = DEFAULT_TABLE_LIMITS): ShapTables {
  const perTree = Math.min(limits.perTree, 2 ** 30);
  const trees = p.treeRoot.length;
  const tabulated = new Uint8Array(trees);
  let entries = 0;
  for (let t = 0; t < trees; t++) {
    if (p.treeRoot[t] < 0) continue;
    const size = tableSize(p, p.treeRoot[t], perTree);
    if (size <= perTree && entries + size <= limits.total) {
      tabulated[t] = 1;
      entries += size;
    }
  }
  const b = new TableBuilder(p, new Float64Array(entries));
  const treeNodeStart = new Int32Array(trees);
  const treeNodes = new Int32Array(trees);
  const treeLeafStart = new Int32Array(trees);
  const treeLeaves = new Int32Array(trees);
  let maxSlots = 0;
  for (let t = 0; t < trees; t++) {
    if (!tabulated[t]) continue;
    treeNodeStart[t] = b.feature.length;
    treeLeafStart[t] = b.leafSize.length;
    const { nodes, leaves } = b.addTree(p.treeRoot[t]);
    treeNodes[t] = nodes;
    treeLeaves[t] = leaves;
    maxSlots = Math.max(maxSlots, nodes + leaves);
  }
  return {
    tabulated,
    treeNodeStart,
    treeNodes,
    treeLeafStart,
    treeLeaves,
    feature: Int32Array.from(b.feature),
    threshold: Float64Array.from(b.threshold),
    defaultLeft: Uint8Array.from(b.defaultLeft),
    bit: Int32Array.from(b.bit),
    leftSlot: Int32Array.from(b.leftSlot),
    rightSlot: Int32Array.from(b.rightSlot),
    leafSize: Int32Array.from(b.leafSize),
    leafElements: Int32Array.from(b.leafElements),
    leafTable: Int32Array.from(b.leafTable),
    elementFeature: Int32Array.from(b.elementFeature),
    elementRatio: Float64Array.from(b.elementRatio),
    table: b.table,
    maxSlots,
  };
}
