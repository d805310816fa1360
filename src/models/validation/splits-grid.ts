import { SextantError } from '../../core/errors.js';

/** What splitting needs of a dataset: rows sorted by time, each with its label window [time, labelEnd]. */
export interface SplitRows {
  time: Float64Array;
  labelEnd: Float64Array;
}

/** Row indices of one fold, each sorted ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** How far past the test window training stays away: a number of bars (distinct times) or a fraction of them. */
export type Embargo = { bars: number } | { fraction: number };

/**
 * The distinct times of the rows ("bars": several symbols share a timestamp). Rows of time
 * index j are [first[j], first[j + 1]); split sizes count these, so rows sharing a timestamp
 * always land in the same block.
 */
export interface TimeGrid {
  times: Float64Array;
  first: Int32Array;
}

export function splitInvalid(message: string, details: Record<string, unknown>): never {
  throw new SextantError('SPLIT_INVALID', message, details);
}

export function timeGrid(rows: SplitRows): TimeGrid {
  const { time, labelEnd } = rows;
  const n = time.length;
  if (labelEnd.length !== n) throw new SextantError('DATASET_INVALID', `time has ${n} rows, labelEnd ${labelEnd.length}`, { field: 'labelEnd' });
  const times = new Float64Array(n);
  const first = new Int32Array(n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!(labelEnd[i] >= time[i])) {
      throw new SextantError('DATASET_INVALID', `row ${i}: its label window must end at or after its time (time ${time[i]}, labelEnd ${labelEnd[i]})`, { row: i, field: 'labelEnd' });
    }
    if (i > 0 && !(time[i] >= time[i - 1])) throw new SextantError('DATASET_INVALID', `rows must be sorted by time; row ${i} is earlier than row ${i - 1}`, { row: i, field: 'time' });
    if (i === 0 || time[i] !== time[i - 1]) {
      times[k] = time[i];
      first[k++] = i;
    }
  }
  first[k] = n;
  return { times: times.slice(0, k), first: first.slice(0, k + 1) };
}

/** The embargo as a number of bars of a grid of `bars` distinct times (a fraction rounds up). */
export function embargoBars(embargo: Embargo | undefined, bars: number): number {
  if (embargo === undefined) return 0;
  if ('bars' in embargo) {
    if (!(Number.isInteger(embargo.bars) && embargo.bars >= 0)) splitInvalid(`embargo.bars must be a whole number ≥ 0, got ${embargo.bars}`, { field: 'embargo.bars', value: embargo.bars });
    return embargo.bars;
  }
  if (!(embargo.fraction >= 0 && embargo.fraction < 1)) splitInvalid(`embargo.fraction must be in [0, 1), got ${embargo.fraction}`, { field: 'embargo.fraction', value: embargo.fraction });
  return Math.ceil(embargo.fraction * bars);
}
