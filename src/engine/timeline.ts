import type { BarColumns } from '../core/bar-series.js';

/**
 * The order in which a historical run sees bars: all symbols' bars merged by close time (ties
 * in symbol order), and for each event the index of its equity point (one per distinct time).
 */
export interface Timeline {
  /** Null for a single symbol: then event e is bar e of symbol 0 and equity point e. */
  symbol: Int32Array | null;
  bar: Int32Array | null;
  point: Int32Array | null;
  events: number;
  /** Close time of each equity point. */
  times: Float64Array;
}

export function mergeTimeline(bars: readonly BarColumns[]): Timeline {
  if (bars.length === 1) {
    return { symbol: null, bar: null, point: null, events: bars[0].time.length, times: bars[0].time };
  }
  const k = bars.length;
  let total = 0;
  for (const b of bars) total += b.time.length;
  const symbol = new Int32Array(total);
  const bar = new Int32Array(total);
  const point = new Int32Array(total);
  const times = new Float64Array(total);
  let points = 0;
  const next = new Int32Array(k);
  for (let e = 0; e < total; e++) {
    let best = -1;
    let bestTime = Infinity;
    for (let s = 0; s < k; s++) {
      const i = next[s];
      if (i < bars[s].time.length && bars[s].time[i] < bestTime) {
        bestTime = bars[s].time[i];
        best = s;
      }
    }
    symbol[e] = best;
    bar[e] = next[best]++;
    if (points === 0 || times[points - 1] !== bestTime) times[points++] = bestTime;
    point[e] = points - 1;
  }
  return { symbol, bar, point, events: total, times: times.slice(0, points) };
}
