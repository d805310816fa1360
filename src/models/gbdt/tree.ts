/**
 * How a trained tree ensemble is held: flat typed arrays per tree, shared by training,
 * prediction, TreeSHAP and serialisation.
 *
 * Internal nodes are numbered 0..n-1 (the root is 0). A child reference c >= 0 is an internal
 * node; c < 0 is the leaf ~c. A tree with no split has n = 0 and its root is the leaf 0.
 * A row goes left when x[feature] <= threshold, and where defaultLeft says when x[feature] is NaN.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Loss reduction of each split (for gain importance). */
  gain: Float64Array;
  /** Sum of hessians of the training rows that reached each internal node (TreeSHAP's cover). */
  cover: Float64Array;
  /** Output of each leaf, the learning rate already applied. */
  leafValue: Float64Array;
  leafCover: Float64Array;
}

export interface TreeEnsemble {
  numFeatures: number;
  /** 1, or the number of classes; tree i adds to output i % numOutputs. */
  numOutputs: number;
  /** Starting raw output per output (before any tree). */
  baseScore: Float64Array;
  trees: Tree[];
}

/** The root reference of a tree: internal node 0, or leaf 0 for a tree without splits. */
export function rootOf(tree: Tree): number {
  return tree.feature.length > 0 ? 0 : ~0;
}
