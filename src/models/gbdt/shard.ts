/**
 * What one training thread does with its own block of rows, command by command. The main thread
 * runs shard 0 itself and workers run the others, so `threads: 1` is the same code path.
 */
import { Rng } from '../../core/rng.js';
import type { Matrix } from '../model.js';
import { addTreeToScores } from './binned-tree.js';
import { type BinMapper, binRows, fitFeatures } from './binning.js';
import { SPARSE_SHARE, addRowList, addRowListAhead, addRowRange, histogramLength } from './histogram.js';
import { type ObjectiveSpec, gradients, lossSum } from './objective.js';
import { RowPartition, leftTable } from './partition.js';
import { roundGradients } from './quantize.js';
import { C, CHUNK_ROWS, Command, P, SPLIT_INTS, type TeamSetup, type TeamViews, rowBlock, viewsOf } from './shared.js';

/** Seed of the bagging stream of one chunk in one round: independent of how chunks are dealt to threads. */
function chunkSeed(seed: number, round: number, chunk: number): number {
  const lo = ((seed >>> 0) ^ Math.imul(round + 1, 0x9e3779b1)) >>> 0;
  const hi = (Math.floor(seed / 4294967296) ^ Math.imul(chunk + 1, 0x85ebca6b)) & 0x1fffff;
  return hi * 4294967296 + lo;
}

export class Shard {
  readonly v: TeamViews;
  private readonly s: TeamSetup;
  private readonly t: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly spec: ObjectiveSpec;
  private readonly part: RowPartition;
  private readonly histLen: number;
  private readonly table = new Uint8Array(256);
  private readonly localMax: Float64Array;
  /** Views of the shared bin mapper. */
  readonly mapper: BinMapper;
  /** The output the current tree is for (set by Root). */
  private k = 0;
  /** Sink of the loads addRowListAhead makes to fetch rows early. */
  private touched = 0;

  constructor(setup: TeamSetup, t: number) {
    this.s = setup;
    this.t = t;
    this.v = viewsOf(setup);
    ({ lo: this.lo, hi: this.hi } = rowBlock(setup.rows, setup.threads, t));
    this.spec = { objective: setup.objective, outputs: setup.outputs, alpha: setup.alpha };
    this.part = new RowPartition(this.hi - this.lo, setup.maxLeaves);
    this.histLen = histogramLength(setup.words);
    this.localMax = new Float64Array(2 * setup.outputs);
    this.mapper = { cols: setup.cols, numBins: new Int32Array(setup.numBins), uppers: new Float64Array(setup.uppers) };
  }

  run(command: number): void {
    switch (command) {
      case Command.Cuts:
        return this.cuts();
      case Command.Bin:
        return this.bin();
      case Command.Gradients:
        return this.gradients();
      case Command.Root:
        return this.root();
      case Command.Split:
        return this.split();
      case Command.Update:
        return this.update();
      case Command.LeafIndex:
        return this.leafIndex();
      case Command.Loss:
        return this.loss();
      default:
        throw new Error(`unknown training command ${command}`);
    }
  }

  /** Histogram slot s of this thread. */
  slot(s: number): Float64Array {
    const at = (this.t * this.s.maxBuilds + s) * this.histLen;
    return this.v.hist.subarray(at, at + this.histLen);
  }

  private ghOf(k: number): Float64Array {
    const n = this.s.rows;
    return this.v.gh.subarray(k * 2 * n, (k + 1) * 2 * n);
  }

  private get bagged(): boolean {
    return this.s.subsample < 1;
  }

  /** The raw table (until binned). */
  private raw(): Matrix {
    const { s } = this;
    if (s.raw === null) throw new Error('the raw table was already dropped');
    return { rows: s.rows, cols: s.cols, data: new Float64Array(s.raw) };
  }

  /** Cut points of features t, t + T, … */
  private cuts(): void {
    const { s } = this;
    fitFeatures(this.raw(), new Int32Array(s.sample as SharedArrayBuffer), s.maxBin, this.mapper, this.t, s.threads);
  }

  /** Bins of this thread's rows, row-major and feature-major; then lets the raw table go. */
  private bin(): void {
    const { lo, hi, v, s } = this;
    binRows(this.raw(), this.mapper, v.bins, lo, hi, v.columns);
    s.raw = null;
    s.sample = null;
  }

  /**
   * The round's bagging mask (when bagging) and the gradients of all outputs; largest magnitudes
   * to maxAbs, and each chunk's loss at the current scores (the metric of the round before) to chunkLoss.
   */
  private gradients(): void {
    const { lo, hi, v, s } = this;
    if (this.bagged) {
      const round = v.control[C.ROUND];
      for (let c0 = lo; c0 < hi; c0 += CHUNK_ROWS) {
        const rng = new Rng(chunkSeed(s.seed, round, c0 / CHUNK_ROWS));
        const c1 = Math.min(hi, c0 + CHUNK_ROWS);
        for (let r = c0; r < c1; r++) v.bag[r] = rng.next() < s.subsample ? 1 : 0;
      }
    }
    this.localMax.fill(0);
    for (let c0 = lo; c0 < hi; c0 += CHUNK_ROWS) {
      v.chunkLoss[c0 / CHUNK_ROWS] = gradients(this.spec, s.rows, v.score, v.label, v.weight, v.gh, c0, Math.min(hi, c0 + CHUNK_ROWS), this.localMax);
    }
    v.maxAbs.set(this.localMax, this.t * 2 * s.outputs);
  }

  /** Puts every (bagged) row in leaf 0, rounds output k's gradients of those rows and builds their histogram in slot 0. */
  private root(): void {
    const { lo, hi, v, s, part } = this;
    this.k = v.control[C.CLASS];
    const gh = this.ghOf(this.k);
    const qg = v.params[P.QG];
    const qh = v.params[P.QH];
    part.reset(lo, hi, this.bagged ? v.bag : null);
    const hist = this.slot(0).fill(0);
    if (this.bagged) {
      roundGradients(gh, part.rows, 0, part.count[0], qg, qh);
      addRowList(v.bins, s.words, gh, part.rows, 0, part.count[0], hist);
    } else addRowRange(v.bins, s.words, gh, lo, hi, hist, qg, qh);
  }

  /** Applies the listed splits, then builds the histograms of the listed leaves into slots 0, 1, … */
  private split(): void {
    const { v, s, part } = this;
    const m = v.control[C.SPLITS];
    for (let i = 0; i < m; i++) {
      const o = i * SPLIT_INTS;
      leftTable(v.splits[o + 3], v.splits[o + 4] !== 0, this.table);
      const f = v.splits[o + 2];
      part.split(v.splits[o], v.splits[o + 1], v.columns.subarray(f * s.rows, (f + 1) * s.rows), this.table);
    }
    const gh = this.ghOf(this.k);
    const builds = v.control[C.BUILDS];
    const sparse = SPARSE_SHARE * (this.hi - this.lo);
    for (let b = 0; b < builds; b++) {
      const leaf = v.builds[b];
      const begin = part.begin[leaf];
      const end = begin + part.count[leaf];
      const hist = this.slot(b).fill(0);
      if (part.count[leaf] < sparse) this.touched += addRowListAhead(v.bins, s.words, gh, part.rows, begin, end, hist);
      else addRowList(v.bins, s.words, gh, part.rows, begin, end, hist);
    }
  }

  /** Adds the finished tree to output k's scores. */
  private update(): void {
    const { lo, hi, v, s, part } = this;
    const n = s.rows;
    const score = v.score.subarray(this.k * n, (this.k + 1) * n);
    const numNodes = v.control[C.NODES];
    for (let leaf = 0; leaf <= numNodes; leaf++) {
      const value = v.leafValues[leaf];
      const end = part.begin[leaf] + part.count[leaf];
      for (let i = part.begin[leaf]; i < end; i++) score[part.rows[i]] += value;
    }
    if (this.bagged) addTreeToScores(v.nodes, numNodes, v.leafValues, v.bins, s.words, score, lo, hi, v.bag);
  }

  /** Each chunk's loss at the current scores (the metric of the last round). */
  private loss(): void {
    const { lo, hi, v, s } = this;
    for (let c0 = lo; c0 < hi; c0 += CHUNK_ROWS) {
      v.chunkLoss[c0 / CHUNK_ROWS] = lossSum(this.spec, s.rows, v.score, v.label, v.weight, c0, Math.min(hi, c0 + CHUNK_ROWS));
    }
  }

  /** leafOf[r] = the leaf of each bagged row, −1 for the others. */
  private leafIndex(): void {
    const { lo, hi, v, part } = this;
    v.leafOf.fill(-1, lo, hi);
    const leaves = v.control[C.NODES] + 1;
    for (let leaf = 0; leaf < leaves; leaf++) {
      const end = part.begin[leaf] + part.count[leaf];
      for (let i = part.begin[leaf]; i < end; i++) v.leafOf[part.rows[i]] = leaf;
    }
  }
}
