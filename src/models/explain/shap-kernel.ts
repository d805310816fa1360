/**
 * Contributions of a range of rows: each tree by its table when it has one, by the path
 * algorithm otherwise. Holds the scratch space of both, so one kernel per thread.
 */
import { PathShap } from './path-shap.js';
import type { PreparedEnsemble } from './prepared.js';
import { TableShap } from './table-shap.js';

export class ShapKernel {
  private readonly path: PathShap;
  private readonly table: TableShap;

  constructor(private readonly e: PreparedEnsemble) {
    this.path = new PathShap(e.packed);
    this.table = new TableShap(e.tables);
  }

  /**
   * Contributions of rows [start, end) of the row-major x (cols columns) into out, laid out
   * rows × numOutputs × (cols + 1) with the expected value last in each block; the blocks of
   * these rows are overwritten.
   */
  explainRows(x: Float64Array, cols: number, start: number, end: number, out: Float64Array): void {
    const p = this.e.packed;
    const tabulated = this.e.tables.tabulated;
    const outputs = p.numOutputs;
    const block = cols + 1;
    for (let r = start; r < end; r++) {
      const rowAt = r * outputs * block;
      out.fill(0, rowAt, rowAt + outputs * block);
      for (let o = 0; o < outputs; o++) out[rowAt + o * block + cols] = p.bias[o];
      const xAt = r * cols;
      for (let t = 0; t < p.treeRoot.length; t++) {
        const root = p.treeRoot[t];
        // a tree without splits is all expected value
        if (root < 0) continue;
        const phiAt = rowAt + p.treeOutput[t] * block;
        if (tabulated[t]) this.table.explainTree(t, x, xAt, out, phiAt);
        else this.path.explainTree(root, x, xAt, out, phiAt);
      }
    }
  }
}
