/**
 * The memory training threads share: the data (bins, labels, weights), the per-row state
 * (scores, gradients, bagging mask, leaf of each row), per-thread histogram slots, and a small
 * command area the main thread writes before waking the others. Everything is a
 * SharedArrayBuffer, so `TeamSetup` can be handed to a worker as is.
 */
import type { Objective } from './params.js';
import { BIN_SLOTS } from './binning.js';
import { histogramLength } from './histogram.js';

/** Rows are dealt to threads in whole chunks, and per-chunk sums are added in chunk order. */
export const CHUNK_ROWS = 4096;

/** Int32 control words. */
export const C = {
  EPOCH: 0,
  COMMAND: 1,
  DONE: 2,
  FAILED: 3,
  CLASS: 4,
  SPLITS: 5,
  BUILDS: 6,
  NODES: 7,
  ROUND: 8,
  SIZE: 16,
} as const;

/** Float64 parameter words. */
export const P = { QG: 0, QH: 1, SIZE: 4 } as const;

/** What the threads do when woken (see shard.ts). */
export const Command = { Cuts: 1, Bin: 2, Gradients: 3, Root: 4, Split: 5, Update: 6, LeafIndex: 7, Loss: 8, Stop: 9 } as const;
export type Command = (typeof Command)[keyof typeof Command];

/** Ints per split entry: leaf, right (new leaf), feature, bin, defaultLeft. */
export const SPLIT_INTS = 5;
/** Ints per node of the tree sent with Update: feature, bin, defaultLeft, left, right. */
export const NODE_INTS = 5;
/** Bytes for a worker's error message. */
export const ERROR_BYTES = 4096;

export interface TeamSetup extends Omit<SetupInput, 'raw' | 'sample'> {
  /** Histogram slots per thread and command. */
  maxBuilds: number;
  /** The raw table (rows × cols float64) and the rows cut points come from: set until binned, then dropped. */
  raw: SharedArrayBuffer | null;
  sample: SharedArrayBuffer | null;
  /** The bin mapper (binning.ts): value bins per feature and cols × 256 upper bounds. */
  numBins: SharedArrayBuffer;
  uppers: SharedArrayBuffer;
  bins: SharedArrayBuffer;
  /** The same bins feature-major, one byte each (column f at f · rows): what splitting rows reads. */
  columns: SharedArrayBuffer;
  label: SharedArrayBuffer;
  weight: SharedArrayBuffer | null;
  score: SharedArrayBuffer;
  gh: SharedArrayBuffer;
  bag: SharedArrayBuffer;
  leafOf: SharedArrayBuffer;
  hist: SharedArrayBuffer;
  control: SharedArrayBuffer;
  params: SharedArrayBuffer;
  splits: SharedArrayBuffer;
  builds: SharedArrayBuffer;
  nodes: SharedArrayBuffer;
  leafValues: SharedArrayBuffer;
  /** threads × 2 · outputs largest |gradient|, |hessian|. */
  maxAbs: SharedArrayBuffer;
  /** One loss sum per chunk. */
  chunkLoss: SharedArrayBuffer;
  error: SharedArrayBuffer;
}

/** Typed views of a setup (each thread makes its own). */
export interface TeamViews {
  bins: Uint32Array;
  columns: Uint8Array;
  label: Float64Array;
  weight: Float64Array | null;
  score: Float64Array;
  gh: Float64Array;
  bag: Uint8Array;
  leafOf: Int32Array;
  hist: Float64Array;
  control: Int32Array;
  params: Float64Array;
  splits: Int32Array;
  builds: Int32Array;
  nodes: Int32Array;
  leafValues: Float64Array;
  maxAbs: Float64Array;
  chunkLoss: Float64Array;
  error: Uint8Array;
}

function sab(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(8, bytes));
}

/** Histogram memory per thread is kept under this; fewer builds per command when features are many. */
const HIST_BYTES_PER_THREAD = 32 * 1024 * 1024;

export interface SetupInput {
  rows: number;
  cols: number;
  words: number;
  outputs: number;
  objective: Objective;
  alpha: number;
  threads: number;
  /** Leaf slots of a tree. */
  maxLeaves: number;
  /** Fraction of rows per round, 1 = no bagging. */
  subsample: number;
  seed: number;
  maxBin: number;
  raw: SharedArrayBuffer;
  sample: SharedArrayBuffer;
}

export function createSetup(s: SetupInput): TeamSetup {
  const n = s.rows;
  const histLen = histogramLength(s.words);
  const maxBuilds = Math.max(1, Math.min(s.maxLeaves, Math.floor(HIST_BYTES_PER_THREAD / (histLen * 8))));
  const uppers = sab(s.cols * BIN_SLOTS * 8);
  new Float64Array(uppers).fill(Infinity);
  return {
    ...s,
    maxBuilds,
    numBins: sab(s.cols * 4),
    uppers,
    bins: sab(n * s.words * 4),
    columns: sab(n * s.cols),
    label: sab(n * 8),
    weight: null,
    score: sab(n * s.outputs * 8),
    gh: sab(2 * n * s.outputs * 8),
    bag: sab(n),
    leafOf: sab(n * 4),
    hist: sab(s.threads * maxBuilds * histLen * 8),
    control: sab(C.SIZE * 4),
    params: sab(P.SIZE * 8),
    splits: sab(s.maxLeaves * SPLIT_INTS * 4),
    builds: sab(s.maxLeaves * 4),
    nodes: sab(s.maxLeaves * NODE_INTS * 4),
    leafValues: sab(s.maxLeaves * 8),
    maxAbs: sab(s.threads * 2 * s.outputs * 8),
    chunkLoss: sab(numChunks(n) * 8),
    error: sab(ERROR_BYTES),
  };
}

export function numChunks(rows: number): number {
  return Math.ceil(rows / CHUNK_ROWS);
}

/** The rows [lo, hi) thread t owns: a contiguous run of whole chunks. */
export function rowBlock(rows: number, threads: number, t: number): { lo: number; hi: number } {
  const chunks = numChunks(rows);
  const c0 = Math.floor((chunks * t) / threads);
  const c1 = Math.floor((chunks * (t + 1)) / threads);
  return { lo: Math.min(rows, c0 * CHUNK_ROWS), hi: Math.min(rows, c1 * CHUNK_ROWS) };
}

export function viewsOf(s: TeamSetup): TeamViews {
  return {
    bins: new Uint32Array(s.bins),
    columns: new Uint8Array(s.columns),
    label: new Float64Array(s.label),
    weight: s.weight === null ? null : new Float64Array(s.weight),
    score: new Float64Array(s.score),
    gh: new Float64Array(s.gh),
    bag: new Uint8Array(s.bag),
    leafOf: new Int32Array(s.leafOf),
    hist: new Float64Array(s.hist),
    control: new Int32Array(s.control),
    params: new Float64Array(s.params),
    splits: new Int32Array(s.splits),
    builds: new Int32Array(s.builds),
    nodes: new Int32Array(s.nodes),
    leafValues: new Float64Array(s.leafValues),
    maxAbs: new Float64Array(s.maxAbs),
    chunkLoss: new Float64Array(s.chunkLoss),
    error: new Uint8Array(s.error),
  };
}
