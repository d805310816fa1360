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

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

export function mergeTimeline(bars: readonly BarColumns[]): Timeline {
  if (bars.length === 1) {
    const n = bars[0].time.length;
    const index = identity(n);
    return { symbol: new Int32Array(n), bar: index, point: index, times: bars[0].time };
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
  return { symbol, bar, point, times: times.slice(0, points) };
}
