/**
 * A tree being trained, in bin terms, as it is sent to the threads: NODE_INTS ints per internal
 * node (feature, bin, defaultLeft, left, right), children as in tree.ts (≥ 0 internal, ~leaf).
 */
import { MISSING_BIN } from './binning.js';
import { NODE_INTS } from './shared.js';

/** The leaf a binned row reaches (rows start at word `at` of `bins`). */
export function leafOfBinnedRow(nodes: Int32Array, numNodes: number, bins: Uint32Array, at: number): number {
  if (numNodes === 0) return 0;
  let node = 0;
  while (node >= 0) {
    const o = node * NODE_INTS;
    const f = nodes[o];
    const b = (bins[at + (f >> 2)] >>> ((f & 3) << 3)) & 255;
    const left = b === MISSING_BIN ? nodes[o + 2] !== 0 : b <= nodes[o + 1];
    node = left ? nodes[o + 3] : nodes[o + 4];
  }
  return ~node;
}

/** Adds the tree's leaf values to score[r] for rows [lo, hi) of a binned matrix (rows whose mask is 0 only, when a mask is given). */
export function addTreeToScores(nodes: Int32Array, numNodes: number, leafValues: Float64Array, bins: Uint32Array, words: number, score: Float64Array, lo: number, hi: number, onlyOutOfBag: Uint8Array | null): void {
  for (let r = lo; r < hi; r++) {
    if (onlyOutOfBag !== null && onlyOutOfBag[r] !== 0) continue;
    score[r] += leafValues[leafOfBinnedRow(nodes, numNodes, bins, r * words)];
  }
}
