import { BarSeries, copyBar } from '../core/bar-series.js';

/** A stored bar that the incoming data would change. */
export interface BarConflict {
  time: number;
  stored: BarValues;
  incoming: BarValues;
}

export interface BarValues {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adjClose?: number;
}

export interface MergeResult {
  merged: BarSeries;
  added: number;
  unchanged: number;
  /** Stored bars whose values differ from the incoming ones. */
  changed: number;
  /** Stored bars with an unknown adjusted close that the incoming data now gives. */
  filled: number;
  /** The first conflicts, for messages. */
  conflicts: BarConflict[];
  /** Every stored bar that the merge replaces, with its old values (for the revision log). */
  replaced: BarSeries;
}

const SHOWN_CONFLICTS = 20;

function valuesAt(s: BarSeries, i: number): BarValues {
  const v: BarValues = { open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] };
  if (s.adjClose) v.adjClose = s.adjClose[i];
  return v;
}

/** Equal, or both unknown (NaN). */
function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * Merges incoming bars into stored ones by close time. Incoming values win where they differ
 * (the caller refuses that unless the user asked to overwrite); stored bars the file does not
 * mention are kept; an unknown adjusted close is filled in, never erased. Both inputs are
 * strictly increasing in time, and so is the result.
 */
export function mergeBars(stored: BarSeries, incoming: BarSeries): MergeResult {
  const withAdj = stored.adjClose !== null || incoming.adjClose !== null;
  const out = BarSeries.empty(incoming.symbol, incoming.interval, stored.length + incoming.length, withAdj);
  const replacedIdx: number[] = [];
  const conflicts: BarConflict[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  let added = 0;
  let unchanged = 0;
  let filled = 0;
  while (i < stored.length || j < incoming.length) {
    const ts = i < stored.length ? stored.time[i] : Infinity;
    const tn = j < incoming.length ? incoming.time[j] : Infinity;
    if (ts < tn) {
      copyBar(stored, i++, out, k++);
      continue;
    }
    if (tn < ts) {
      copyBar(incoming, j++, out, k++);
      added++;
      continue;
    }
    const oldAdj = stored.adjClose ? stored.adjClose[i] : NaN;
    const newAdj = incoming.adjClose ? incoming.adjClose[j] : NaN;
    const ohlcvSame =
      same(stored.open[i], incoming.open[j]) && same(stored.high[i], incoming.high[j]) && same(stored.low[i], incoming.low[j]) && same(stored.close[i], incoming.close[j]) && same(stored.volume[i], incoming.volume[j]);
    const adjConflict = oldAdj === oldAdj && newAdj === newAdj && oldAdj !== newAdj;
    if (ohlcvSame && !adjConflict) {
      copyBar(stored, i, out, k);
      if (oldAdj !== oldAdj && newAdj === newAdj) {
        out.adjClose![k] = newAdj;
        filled++;
      } else {
        unchanged++;
      }
    } else {
      replacedIdx.push(i);
      if (conflicts.length < SHOWN_CONFLICTS) conflicts.push({ time: ts, stored: valuesAt(stored, i), incoming: valuesAt(incoming, j) });
      copyBar(incoming, j, out, k);
      // an adjusted close the file does not give stays as stored
      if (out.adjClose && newAdj !== newAdj) out.adjClose[k] = oldAdj;
    }
    k++;
    i++;
    j++;
  }
  const replaced = BarSeries.empty(stored.symbol, stored.interval, replacedIdx.length, stored.adjClose !== null);
  replacedIdx.forEach((idx, r) => copyBar(stored, idx, replaced, r));
  return { merged: out.slice(0, k), added, unchanged, changed: replacedIdx.length, filled, conflicts, replaced };
}
