/**
 * An ensemble made ready for TreeSHAP (checked, packed, tabulated), remembered per ensemble
 * object so that explaining one row at a time (a strategy, bar by bar) does not rebuild the
 * tables on every call. A trained ensemble is not changed afterwards; the cache still checks
 * that the trees and base scores are the ones it was built from.
 */
import type { Tree, TreeEnsemble } from '../gbdt/tree.js';
import { type PackedEnsemble, packEnsemble } from './packed-ensemble.js';
import { DEFAULT_TABLE_LIMITS, type ShapTables, type TableLimits, buildShapTables } from './shap-tables.js';

export interface PreparedEnsemble {
  packed: PackedEnsemble;
  tables: ShapTables;
}

interface Entry {
  trees: Tree[];
  baseScore: Float64Array;
  numFeatures: number;
  prepared: PreparedEnsemble;
}

const cache = new WeakMap<TreeEnsemble, Entry>();

function unchanged(entry: Entry, e: TreeEnsemble): boolean {
  return (
    entry.numFeatures === e.numFeatures &&
    entry.trees.length === e.trees.length &&
    entry.trees.every((t, i) => t === e.trees[i]) &&
    entry.baseScore.length === e.baseScore.length &&
    entry.baseScore.every((b, i) => Object.is(b, e.baseScore[i]))
  );
}

/** With explicit limits (tests, to force the path algorithm) nothing is cached. */
export function prepareEnsemble(e: TreeEnsemble, limits?: TableLimits): PreparedEnsemble {
  if (limits) {
    const packed = packEnsemble(e);
    return { packed, tables: buildShapTables(packed, limits) };
  }
  const hit = cache.get(e);
  if (hit && unchanged(hit, e)) return hit.prepared;
  const packed = packEnsemble(e);
  const prepared = { packed, tables: buildShapTables(packed, DEFAULT_TABLE_LIMITS) };
  cache.set(e, { trees: [...e.trees], baseScore: e.baseScore.slice(), numFeatures: e.numFeatures, prepared });
  return prepared;
}
