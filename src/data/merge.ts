import { BarSeries } from '../core/bar-series.js';

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
  /** Number of stored bars whose values differ from the incoming ones. */
  changed: number;
  /** The first conflicts, for the report and the audit log. */
  conflicts: BarConflict[];
}

const SHOWN_CONFLICTS = 20;

function valuesAt(s: BarSeries, i: number): BarValues {
  const v: BarValues = { open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] };
  if (s.adjClose) v.adjClose = s.adjClose[i];
  return v;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** An unknown adjusted close (NaN, or no column) never conflicts with a known one. */
function sameBar(a: BarSeries, i: number, b: BarSeries, j: number): boolean {
  if (a.open[i] !== b.open[j] || a.high[i] !== b.high[j] || a.low[i] !== b.low[j] || a.close[i] !== b.close[j] || a.volume[i] !== b.volume[j]) return false;
  if (!a.adjClose || !b.adjClose) return true;
  const x = a.adjClose[i];
  const y = b.adjClose[j];
  return x !== x || y !== y || sameNumber(x, y);
}

/**
 * Merges incoming bars into stored ones by close time. Incoming values win where they differ
 * (the caller refuses that unless the user asked to overwrite); stored bars the file does not
 * mention are kept. Both inputs are strictly increasing in time, and so is the result.
 */
export function mergeBars(stored: BarSeries, incoming: BarSeries): MergeResult {
  const withAdj = stored.adjClose !== null || incoming.adjClose !== null;
  const cap = stored.length + incoming.length;
  const out = BarSeries.empty(incoming.symbol, incoming.interval, cap, withAdj);
  let i = 0;
  let j = 0;
  let k = 0;
  let added = 0;
  let unchanged = 0;
  let changed = 0;
  const conflicts: BarConflict[] = [];
  const take = (src: BarSeries, idx: number): void => {
    out.time[k] = src.time[idx];
    out.open[k] = src.open[idx];
    out.high[k] = src.high[idx];
    out.low[k] = src.low[idx];
    out.close[k] = src.close[idx];
    out.volume[k] = src.volume[idx];
    if (out.adjClose) out.adjClose[k] = src.adjClose ? src.adjClose[idx] : NaN;
    k++;
  };
  while (i < stored.length || j < incoming.length) {
    const ts = i < stored.length ? stored.time[i] : Infinity;
    const tn = j < incoming.length ? incoming.time[j] : Infinity;
    if (ts < tn) {
      take(stored, i++);
    } else if (tn < ts) {
      take(incoming, j++);
      added++;
    } else {
      if (sameBar(stored, i, incoming, j)) {
        unchanged++;
        take(stored, i);
      } else {
        changed++;
        if (conflicts.length < SHOWN_CONFLICTS) conflicts.push({ time: ts, stored: valuesAt(stored, i), incoming: valuesAt(incoming, j) });
        take(incoming, j);
      }
      i++;
      j++;
    }
  }
  return { merged: out.slice(0, k), added, unchanged, changed, conflicts };
}
