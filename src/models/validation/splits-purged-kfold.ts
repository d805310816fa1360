import { type Embargo, type Fold, type SplitRows, embargoBars, splitInvalid, timeGrid } from './splits-grid.js';
import { testBlock, trainingRows } from './splits-purge.js';

export interface PurgedKFoldOptions {
  folds: number;
  /** Bars after each test window left out of training (López de Prado's embargo). */
  embargo?: Embargo;
}

/**
 * Purged k-fold with an embargo (López de Prado, Advances in Financial Machine Learning, ch. 7):
 * the distinct times are cut into `folds` contiguous blocks (sizes differing by at most one, the
 * earlier blocks the larger); each block is the test set once. Training is every other row,
 * minus those whose label window overlaps the test window [first test time, latest test label
 * end] (purge), minus those in the `embargo` bars right after that window (embargo: features
 * computed over those bars still see the test period's prices).
 */
export function purgedKFold(rows: SplitRows, options: PurgedKFoldOptions): Fold[] {
  const grid = timeGrid(rows);
  const bars = grid.times.length;
  const k = options.folds;
  if (!(Number.isInteger(k) && k >= 2)) splitInvalid(`folds must be a whole number ≥ 2, got ${k}`, { field: 'folds', value: k });
  if (k > bars) splitInvalid(`${k} folds need at least ${k} distinct times; the rows have ${bars}`, { field: 'folds', value: k, bars });
  const embargo = embargoBars(options.embargo, bars);
  const folds: Fold[] = [];
  let from = 0;
  for (let f = 0; f < k; f++) {
    const to = from + Math.floor(bars / k) + (f < bars % k ? 1 : 0);
    const { test, window } = testBlock(rows, grid, from, to);
    // the first bar after the test window, where the embargo starts
    let after = to;
    while (after < bars && grid.times[after] <= window.end) after++;
    const ranges = [[0, from], [to, bars]] as const;
    folds.push({ train: trainingRows(rows, grid, ranges, window, [after, after + embargo], f), test });
    from = to;
  }
  return folds;
}
