import { SextantError } from '../../core/errors.js';

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV):
 * Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", Journal of
 * Computational Finance 20(4), 2017, pp. 39–69 (SSRN 2326253).
 *
 * The T×N matrix holds the per-period returns of N trials (strategy configurations) over the
 * same T periods. Its rows are cut into S consecutive blocks; each of the C(S, S/2) ways to pick
 * half of the blocks is one split: the picked blocks (kept in time order) are in-sample (IS),
 * the others out-of-sample (OOS). The statistic is the per-period Sharpe ratio of each column,
 * mean / sample standard deviation. For each split the IS-best column n* is found, and the rank
 * of its OOS Sharpe among all N OOS Sharpes gives ω = rank/(N + 1) and the logit
 * λ = ln(ω/(1 − ω)). PBO is the share of splits with λ ≤ 0: the IS winner was at or below the
 * OOS median.
 *
 * Conventions (the paper leaves them open):
 * - Block b holds rows ⌊b·T/S⌋ … ⌊(b+1)·T/S⌋ − 1, so sizes differ by at most one row when S does
 *   not divide T and no row is dropped.
 * - The default S is 16, lowered to the largest even number ≤ T for short matrices. T must be
 *   ≥ max(S, 4): every block then has a row and every half at least the 2 a standard deviation
 *   needs. S is capped at 24 (C(24, 12) ≈ 2.7 million splits).
 * - When a column's variance over a half comes out ≤ 0, its Sharpe there is 0 if its mean is 0
 *   (all-zero returns, a configuration that did not trade, give exactly that), else ±∞.
 *   Constant non-zero returns may instead give a huge finite Sharpe from rounding.
 * - Tied OOS Sharpes share the average of their ranks; when several columns tie for the best IS
 *   Sharpe, the one with the lowest OOS Sharpe is taken (conservative, and independent of the
 *   order of the columns).
 *
 * Cost: the column sums Σx and Σx² of each block are computed once; a split then adds up the S
 * blocks' sums, O(S·N). The variance (Σx² − (Σx)²/n)/(n − 1) loses only about 1 + SR² ulps to
 * cancellation, nothing for per-period Sharpes. Each pair of complementary splits shares that
 * work (IS and OOS swap), and they are stored next to each other: split 2k picks the k-th set of
 * blocks containing block 0 (in increasing bitmask order), split 2k + 1 its complement.
 * 12,870 splits (S = 16) of 2,000 × 1,000 take about 0.4 s.
 */

export interface PboInput {
  /** T×N per-period returns, row-major: matrix[t·N + n] is trial n's return in period t. */
  matrix: Float64Array;
  /** T. */
  rows: number;
  /** N, the number of trials. */
  columns: number;
  /** S, even, 2 … 24; default 16 (lowered for short matrices). */
  blocks?: number;
}

export interface PboResult {
  /** Share of splits whose IS-best trial ranked at or below the OOS median (λ ≤ 0). */
  pbo: number;
  /** λ for each split, in the order described above. */
  logits: Float64Array;
  /** C(S, S/2), the number of splits. */
  combinations: number;
  /** S, the number of blocks used. */
  blocks: number;
  /** Share of splits whose IS-best trial has a negative OOS Sharpe. */
  probabilityOfLoss: number;
  /**
   * Least-squares line OOS Sharpe = intercept + slope · IS Sharpe of the IS-best trial over the
   * splits (pairs with an infinite Sharpe left out; NaN when fewer than 2 pairs remain or their
   * IS Sharpes are all equal). A slope below 0 means a better IS result predicts a worse OOS one.
   */
  degradation: { slope: number; intercept: number };
  /** IS Sharpe of the IS-best trial, per split. */
  isSharpe: Float64Array;
  /** OOS Sharpe of that same trial, per split. */
  oosSharpe: Float64Array;
}

const DEFAULT_BLOCKS = 16;
const MAX_BLOCKS = 24;

function invalid(field: string, message: string, value: unknown): never {
  throw new SextantError('OPTION_INVALID', `${field}: ${message}`, { field, value });
}

function popcount(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Resolves and checks S, T and N; returns S. */
function checkInput(input: PboInput): number {
  const { matrix, rows, columns } = input;
  if (!Number.isInteger(columns) || columns < 2) invalid('columns', 'needs at least 2 trials (columns)', columns);
  if (!Number.isInteger(rows) || rows < 4) invalid('rows', 'needs at least 4 periods (rows)', rows);
  const blocks = input.blocks ?? Math.min(DEFAULT_BLOCKS, rows - (rows % 2));
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0 || blocks > MAX_BLOCKS) {
    invalid('blocks', `must be an even integer from 2 to ${MAX_BLOCKS}`, blocks);
  }
  if (rows < blocks) invalid('rows', `must be at least the number of blocks (${blocks}), so that every block has a row`, rows);
  if (matrix.length !== rows * columns) invalid('matrix', `has ${matrix.length} values, expected rows × columns = ${rows * columns}`, matrix.length);
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) {
      invalid('matrix', `value at row ${Math.floor(i / columns)}, column ${i % columns} is not a finite number`, matrix[i]);
    }
  }
  return blocks;
}

/** to[n] = Sharpe of column n from its sum, sum of squares and row count. */
function sharpes(sum: Float64Array, sq: Float64Array, count: number, to: Float64Array): void {
  for (let n = 0; n < to.length; n++) {
    const mean = sum[n] / count;
    const variance = (sq[n] - sum[n] * mean) / (count - 1);
    to[n] = variance > 0 ? mean / Math.sqrt(variance) : mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
  }
}

/** Ordinary least squares of y on x over the pairs where both are finite. */
function leastSquares(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      sx += x[i];
      sy += y[i];
    }
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      sxx += (x[i] - mx) ** 2;
      sxy += (x[i] - mx) * (y[i] - my);
    }
  }
  if (n < 2 || sxx === 0) return { slope: NaN, intercept: NaN };
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export function probabilityOfOverfitting(input: PboInput): PboResult {
  const S = checkInput(input);
  const { matrix, rows: T, columns: N } = input;

  const blockSum = new Float64Array(S * N);
  const blockSq = new Float64Array(S * N);
  const blockRows = new Int32Array(S);
  for (let b = 0; b < S; b++) {
    const from = Math.floor((b * T) / S);
    const to = Math.floor(((b + 1) * T) / S);
    blockRows[b] = to - from;
    const o = b * N;
    for (let t = from; t < to; t++) {
      const r = t * N;
      for (let n = 0; n < N; n++) {
        const x = matrix[r + n];
        blockSum[o + n] += x;
        blockSq[o + n] += x * x;
      }
    }
  }

  const combinations = binomial(S, S / 2);
  const logits = new Float64Array(combinations);
  const isSharpe = new Float64Array(combinations);
  const oosSharpe = new Float64Array(combinations);
  const aSum = new Float64Array(N);
  const aSq = new Float64Array(N);
  const bSum = new Float64Array(N);
  const bSq = new Float64Array(N);
  const aStat = new Float64Array(N);
  const bStat = new Float64Array(N);

  /** Split c: IS statistics `is`, OOS statistics `oos`. */
  function record(c: number, is: Float64Array, oos: Float64Array): void {
    let best = 0;
    for (let n = 1; n < N; n++) {
      if (is[n] > is[best] || (is[n] === is[best] && oos[n] < oos[best])) best = n;
    }
    const v = oos[best];
    let below = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      if (oos[n] < v) below++;
      else if (oos[n] === v) equal++;
    }
    const omega = (below + (equal + 1) / 2) / (N + 1);
    logits[c] = Math.log(omega / (1 - omega));
    isSharpe[c] = is[best];
    oosSharpe[c] = v;
  }

  let c = 0;
  const half = S / 2;
  for (let mask = 1; mask < 2 ** S; mask += 2) {
    if (popcount(mask) !== half) continue;
    aSum.fill(0);
    aSq.fill(0);
    bSum.fill(0);
    bSq.fill(0);
    let aRows = 0;
    let bRows = 0;
    for (let b = 0; b < S; b++) {
      const inA = (mask >>> b) & 1;
      const sum = inA ? aSum : bSum;
      const sq = inA ? aSq : bSq;
      const o = b * N;
      for (let n = 0; n < N; n++) {
        sum[n] += blockSum[o + n];
        sq[n] += blockSq[o + n];
      }
      if (inA) aRows += blockRows[b];
      else bRows += blockRows[b];
    }
    sharpes(aSum, aSq, aRows, aStat);
    sharpes(bSum, bSq, bRows, bStat);
    record(c++, aStat, bStat);
    record(c++, bStat, aStat);
  }

  let overfit = 0;
  let losses = 0;
  for (let i = 0; i < combinations; i++) {
    if (logits[i] <= 0) overfit++;
    if (oosSharpe[i] < 0) losses++;
  }
  return {
    pbo: overfit / combinations,
    logits,
    combinations,
    blocks: S,
    probabilityOfLoss: losses / combinations,
    degradation: leastSquares(isSharpe, oosSharpe),
    isSharpe,
    oosSharpe,
  };
}
