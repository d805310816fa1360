import { type Embargo, type Fold, type SplitRows, embargoBars, splitInvalid, timeGrid } from './splits-grid.js';
import { testBlock, trainingRows } from './splits-purge.js';

export interface WalkForwardOptions {
  /** Training window, in bars (distinct times). */
  train: number;
  /** Test block, in bars. */
  test: number;
  /** Bars between the starts of consecutive test blocks (default: `test`, so blocks tile). */
  step?: number;
  /** rolling: the last `train` bars before the test block; expanding: every bar before it. */
  window?: 'rolling' | 'expanding';
  /** Bars right before each test block left out of training (a gap, on top of the purge). */
  embargo?: Embargo;
}

/**
 * Walk-forward folds in time order: test block k covers bars [s, s + test) with
 * s = train + k·step (the last block may be shorter); training covers the `train` bars before s
 * (rolling) or all of them (expanding), minus every row whose label window reaches the test
 * block (purge) and minus the `embargo` bars just before s. Since no training row follows its
 * test block here, the embargo is a gap before it (as TimeSeriesSplit's `gap`), not after.
 */
export function walkForward(rows: SplitRows, options: WalkForwardOptions): Fold[] {
  const grid = timeGrid(rows);
  const bars = grid.times.length;
  const step = options.step ?? options.test;
  for (const [field, v] of [['train', options.train], ['test', options.test], ['step', step]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) splitInvalid(`walk-forward ${field} must be a whole number of bars ≥ 1, got ${v}`, { field, value: v });
  }
  if (options.train >= bars) {
    splitInvalid(`walk-forward: a training window of ${options.train} bars leaves no test bar among the ${bars} distinct times`, { field: 'train', value: options.train, bars });
  }
  const gap = embargoBars(options.embargo, bars);
  const folds: Fold[] = [];
  for (let s = options.train, f = 0; s < bars; s += step, f++) {
    const { test, window } = testBlock(rows, grid, s, Math.min(s + options.test, bars));
    const start = options.window === 'expanding' ? 0 : s - options.train;
    folds.push({ train: trainingRows(rows, grid, [[start, s]], window, [s - gap, s], f), test });
  }
  return folds;
}
