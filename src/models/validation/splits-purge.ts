import { type SplitRows, type TimeGrid, splitInvalid } from './splits-grid.js';

/** The span a test block's labels cover: [first test time, latest label end]. */
export interface TestWindow {
  start: number;
  end: number;
}

/** Rows of time indices [from, to), and the window their labels span. */
export function testBlock(rows: SplitRows, grid: TimeGrid, from: number, to: number): { test: Int32Array; window: TestWindow } {
  const lo = grid.first[from];
  const hi = grid.first[to];
  const test = new Int32Array(hi - lo);
  let end = -Infinity;
  for (let i = lo; i < hi; i++) {
    test[i - lo] = i;
    if (rows.labelEnd[i] > end) end = rows.labelEnd[i];
  }
  return { test, window: { start: grid.times[from], end } };
}

/**
 * Training rows from the time-index ranges [from, to) given in increasing order, leaving out
 * - (purge) every row whose label window [time, labelEnd] overlaps the test window: its label
 *   was settled by prices the test rows' labels also depend on;
 * - (embargo) every row whose time index is in [dropFrom, dropTo).
 */
export function trainingRows(
  rows: SplitRows,
  grid: TimeGrid,
  ranges: readonly (readonly [number, number])[],
  window: TestWindow,
  drop: readonly [number, number],
  fold: number,
): Int32Array {
  const { time, labelEnd } = rows;
  const out = new Int32Array(time.length);
  let n = 0;
  for (const [from, to] of ranges) {
    for (let j = from; j < to; j++) {
      if (j >= drop[0] && j < drop[1]) continue;
      for (let i = grid.first[j]; i < grid.first[j + 1]; i++) {
        if (time[i] <= window.end && labelEnd[i] >= window.start) continue;
        out[n++] = i;
      }
    }
  }
  if (n === 0) {
    splitInvalid(`fold ${fold + 1} has no training rows left after purging and embargo; use a longer training window, fewer folds or a shorter embargo`, { fold: fold + 1 });
  }
  return out.slice(0, n);
}
