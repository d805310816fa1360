import type { Matrix } from '../model.js';
import { addTreeToScores } from './binned-tree.js';
import { type BinMapper, binMatrix } from './binning.js';
import { type ObjectiveSpec, finishMetric, lossSum } from './objective.js';

/** The validation rows: binned once, scored tree by tree on their bins (the same paths as raw floats). */
export class ValidSet {
  private readonly rows: number;
  private readonly bins: Uint32Array;
  private readonly words: number;
  private readonly score: Float64Array;
  private readonly y: Float64Array;
  private readonly w: Float64Array | null;
  private readonly weightSum: number;

  constructor(
    v: { x: Matrix; y: Float64Array; weight?: Float64Array },
    mapper: BinMapper,
    base: Float64Array,
    private readonly spec: ObjectiveSpec,
  ) {
    const b = binMatrix(v.x, mapper);
    this.rows = v.x.rows;
    this.bins = b.data;
    this.words = b.words;
    this.score = new Float64Array(this.rows * base.length);
    for (let k = 0; k < base.length; k++) this.score.fill(base[k], k * this.rows, (k + 1) * this.rows);
    this.y = v.y;
    this.w = v.weight ?? null;
    this.weightSum = this.w === null ? this.rows : this.w.reduce((a, b) => a + b, 0);
  }

  add(nodes: Int32Array, numNodes: number, leafValues: Float64Array, k: number): void {
    addTreeToScores(nodes, numNodes, leafValues, this.bins, this.words, this.score.subarray(k * this.rows, (k + 1) * this.rows), 0, this.rows, null);
  }

  metric(): number {
    return finishMetric(this.spec, lossSum(this.spec, this.rows, this.score, this.y, this.w, 0, this.rows), this.weightSum);
  }
}
