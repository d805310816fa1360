/**
 * Quantile binning: each feature's values are mapped to at most 255 ordered bins, bin 255 holding
 * the missing values (NaN). Bin b holds the values in (upper[b − 1], upper[b]], the last value bin
 * reaching +∞, so bin(x) ≤ b ⇔ x ≤ upper[b] and a split at bin b is the real threshold upper[b]:
 * prediction on raw floats takes the same path as training on bins.
 */
import { Rng } from '../../core/rng.js';
import type { Matrix } from '../model.js';

export const MISSING_BIN = 255;
/** Upper bounds are kept padded to this many entries per feature (the branch-free search needs it). */
export const BIN_SLOTS = 256;
/** Rows the cut points are found from; more rows barely move a quantile. */
const SAMPLE_ROWS = 200_000;

export interface BinMapper {
  cols: number;
  /** Value bins per feature (≥ 1). */
  numBins: Int32Array;
  /** cols × 256: upper bound of each value bin, +∞ for the last one and the padding. */
  uppers: Float64Array;
}

/** Bins packed four to a 32-bit word, row-major: word j of a row holds features 4j … 4j + 3, feature 4j in the low byte. */
export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** Words per row: ceil(cols / 4); the padding features are always bin 0. */
  words: number;
  data: Uint32Array;
}

export function wordsPerRow(cols: number): number {
  return Math.max(1, Math.ceil(cols / 4));
}

/** The bin of feature `f` in row `row`. */
export function binAt(b: BinnedMatrix, row: number, f: number): number {
  return (b.data[row * b.words + (f >> 2)] >>> ((f & 3) << 3)) & 255;
}

/** The rows cut points are found from: all, or a seeded sample of 200,000 in increasing order. */
export function sampleRows(rows: number, seed: number): Int32Array {
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  if (rows <= SAMPLE_ROWS) return all;
  const rng = new Rng(seed);
  for (let i = 0; i < SAMPLE_ROWS; i++) {
    const j = i + Math.floor(rng.next() * (rows - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, SAMPLE_ROWS).sort();
}

/** A bound between two neighbouring distinct values a < b: their midpoint, or a when the midpoint rounds to b. */
function between(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid < b && mid >= a && Number.isFinite(mid) ? mid : a;
}

/**
 * Upper bounds from sorted values: one bin per distinct value when there are at most `maxBin`,
 * else greedy equal-count bins over the distinct values, a value heavier than a bin's share
 * getting a bin of its own.
 */
export function cutPoints(sorted: Float64Array, maxBin: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]++;
    else {
      distinct.push(sorted[i]);
      counts.push(1);
    }
  }
  const d = distinct.length;
  const uppers: number[] = [];
  if (d <= maxBin) {
    for (let i = 0; i + 1 < d; i++) uppers.push(between(distinct[i], distinct[i + 1]));
  } else {
    let remaining = sorted.length;
    let binsLeft = maxBin;
    let target = remaining / binsLeft;
    let acc = 0;
    const close = (i: number) => {
      uppers.push(between(distinct[i], distinct[i + 1]));
      remaining -= acc;
      binsLeft--;
      target = remaining / binsLeft;
      acc = 0;
    };
    for (let i = 0; i + 1 < d && binsLeft > 1; i++) {
      if (acc > 0 && counts[i] >= target) close(i - 1);
      if (binsLeft <= 1) break;
      acc += counts[i];
      if (acc >= target) close(i);
    }
  }
  uppers.push(Infinity);
  return Float64Array.from(uppers);
}

/** An empty mapper for `cols` features, to be filled by fitFeatures. */
export function emptyMapper(cols: number, numBins = new Int32Array(cols), uppers = new Float64Array(cols * BIN_SLOTS)): BinMapper {
  uppers.fill(Infinity);
  return { cols, numBins, uppers };
}

/**
 * Cut points of features first, first + step, … from the sample rows, into the mapper. The
 * sample's values are gathered in one pass over its rows (a row is contiguous; a column is not).
 */
export function fitFeatures(x: Matrix, sample: Int32Array, maxBin: number, mapper: BinMapper, first: number, step: number): void {
  const mine = Math.max(0, Math.ceil((x.cols - first) / step));
  const m = sample.length;
  const values = new Float64Array(mine * m);
  const count = new Int32Array(mine);
  for (let i = 0; i < m; i++) {
    const row = sample[i] * x.cols;
    for (let j = 0, f = first; j < mine; j++, f += step) {
      const v = x.data[row + f];
      if (v === v) values[j * m + count[j]++] = v;
    }
  }
  for (let j = 0, f = first; j < mine; j++, f += step) {
    const cuts = cutPoints(values.subarray(j * m, j * m + count[j]).sort(), maxBin);
    mapper.numBins[f] = cuts.length;
    mapper.uppers.set(cuts, f * BIN_SLOTS);
  }
}

/** Cut points of every feature from (a seeded sample of up to 200,000 of) the training rows. */
export function fitBins(x: Matrix, maxBin: number, seed: number): BinMapper {
  const mapper = emptyMapper(x.cols);
  fitFeatures(x, sampleRows(x.rows, seed), maxBin, mapper, 0, 1);
  return mapper;
}

/** Rows binned together: their values and one feature's bounds stay in cache while that feature is done. */
const BLOCK_ROWS = 256;

/**
 * Bins of the rows [lo, hi) of `x`: packed row-major into `out` and, when given, feature-major
 * into `columns` (feature f's bin of row r at f · x.rows + r). The search for the first upper
 * bound ≥ x is a fixed eight-step, branch-free descent over the 256 padded bounds.
 */
export function binRows(x: Matrix, mapper: BinMapper, out: Uint32Array, lo: number, hi: number, columns: Uint8Array | null = null): void {
  const { cols, data } = x;
  const words = wordsPerRow(cols);
  const uppers = mapper.uppers;
  const block = new Uint8Array(4 * words * BLOCK_ROWS);
  for (let r0 = lo; r0 < hi; r0 += BLOCK_ROWS) {
    const size = Math.min(hi, r0 + BLOCK_ROWS) - r0;
    for (let f = 0; f < cols; f++) {
      const u = f * BIN_SLOTS - 1;
      const at = f * BLOCK_ROWS;
      for (let i = 0; i < size; i++) {
        const v = data[(r0 + i) * cols + f];
        let b = 0;
        b += +(v > uppers[u + b + 128]) << 7;
        b += +(v > uppers[u + b + 64]) << 6;
        b += +(v > uppers[u + b + 32]) << 5;
        b += +(v > uppers[u + b + 16]) << 4;
        b += +(v > uppers[u + b + 8]) << 3;
        b += +(v > uppers[u + b + 4]) << 2;
        b += +(v > uppers[u + b + 2]) << 1;
        b += +(v > uppers[u + b + 1]);
        block[at + i] = v !== v ? MISSING_BIN : b;
      }
      if (columns !== null) columns.set(block.subarray(at, at + size), f * x.rows + r0);
    }
    // Padding features (f ≥ cols) stay 0.
    for (let i = 0; i < size; i++) {
      for (let w = 0, f = 0; w < words; w++, f += 4) {
        out[(r0 + i) * words + w] = block[f * BLOCK_ROWS + i] | (block[(f + 1) * BLOCK_ROWS + i] << 8) | (block[(f + 2) * BLOCK_ROWS + i] << 16) | (block[(f + 3) * BLOCK_ROWS + i] << 24);
      }
    }
  }
}

export function binMatrix(x: Matrix, mapper: BinMapper, data = new Uint32Array(x.rows * wordsPerRow(x.cols))): BinnedMatrix {
  binRows(x, mapper, data, 0, x.rows);
  return { rows: x.rows, cols: x.cols, words: wordsPerRow(x.cols), data };
}

/** The bin of a single value (the definition binRows implements without branches). */
export function binOf(mapper: BinMapper, f: number, v: number): number {
  if (v !== v) return MISSING_BIN;
  let b = 0;
  while (v > mapper.uppers[f * BIN_SLOTS + b]) b++;
  return b;
}
