import type { BarColumns } from '../core/bar-series.js';

/**
 * The order in which a historical run sees bars: all symbols' bars merged by close time (ties
 * in symbol order), and for each event the index of its equity point (one per distinct time).
 */
export interface Timeline {
  symbol: Int32Array;
  bar: Int32Array;
  point: Int32Array;
  /** Close time of each equity point. */
  times: Float64Array;
}

export function mergeTimeline(bars: readonly BarColumns[]): Timeline {
  const k = bars.length;
  let total = 0;
  for (const b of bars) total += b.time.length;
  const symbol = new Int32Array(total);
  const bar = new Int32Array(total);
  const point = new Int32Array(total);
  const times: number[] = [];
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
    if (times.length === 0 || times[times.length - 1] !== bestTime) times.push(bestTime);
    point[e] = times.length - 1;
  }
  return { symbol, bar, point, times: Float64Array.from(times) };
}
