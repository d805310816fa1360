import { DAY_MS } from '../../core/interval.js';

export interface DrawdownStats {
  /** Highest equity of the curve. */
  peak: number;
  /** Deepest equityₜ / running peak − 1 (a fraction ≤ 0; 0 when the curve never falls). */
  max: number;
  /** Longest episode, measured in days and, separately, in bars (0 without episodes). */
  maxDurationDays: number;
  maxDurationBars: number;
  /** Mean over episodes of each one's deepest drawdown (fraction), and of its duration; NaN without episodes. */
  avgDepth: number;
  avgDurationDays: number;
  episodes: number;
}

/** Totals over closed episodes; kept out of the scan loop, whose own variables stay local. */
class Episodes {
  count = 0;
  sumDepth = 0;
  sumDays = 0;
  maxDays = 0;
  maxBars = 0;

  add(depth: number, days: number, bars: number): void {
    this.count++;
    this.sumDepth += depth;
    this.sumDays += days;
    if (days > this.maxDays) this.maxDays = days;
    if (bars > this.maxBars) this.maxBars = bars;
  }
}

/**
 * One pass over the equity curve. An episode starts at a peak that a later point falls below
 * and ends at the first point back at or above that peak (its recovery), or at the last point
 * if it never recovers. Its duration runs from the peak to the recovery (or the end).
 */
export function drawdowns(times: Float64Array, equity: Float64Array): DrawdownStats {
  const n = equity.length;
  const episodes = new Episodes();
  let peak = equity[0];
  let peakBar = 0;
  let inEpisode = false;
  let depth = 0;
  let max = 0;
  for (let t = 1; t < n; t++) {
    const e = equity[t];
    if (e >= peak) {
      if (inEpisode) episodes.add(depth, (times[t] - times[peakBar]) / DAY_MS, t - peakBar);
      inEpisode = false;
      peak = e;
      peakBar = t;
    } else {
      const dd = e / peak - 1;
      if (!inEpisode || dd < depth) depth = dd;
      inEpisode = true;
      if (dd < max) max = dd;
    }
  }
  if (inEpisode) episodes.add(depth, (times[n - 1] - times[peakBar]) / DAY_MS, n - 1 - peakBar);
  const k = episodes.count;
  return {
    peak,
    max,
    maxDurationDays: episodes.maxDays,
    maxDurationBars: episodes.maxBars,
    avgDepth: k > 0 ? episodes.sumDepth / k : NaN,
    avgDurationDays: k > 0 ? episodes.sumDays / k : NaN,
    episodes: k,
  };
}
