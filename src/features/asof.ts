/**
 * As-of alignment: what was known at each bar's close. Points carry the time they describe
 * (`observedAt`) and the time they became known (`publishedAt`); a bar sees only points
 * published at or before its close, and of those the latest observation, in its latest
 * revision. Nothing published after the close can leak in.
 */
export interface AsOfPoints {
  observedAt: Float64Array;
  /** Non-decreasing; ties ordered by observedAt. */
  publishedAt: Float64Array;
  value: Float64Array;
}

/** Walks the points forward in publication time, one bar close at a time (streaming form). */
export class AsOfCursor {
  private readonly points: AsOfPoints;
  private next = 0;
  private best = -1;

  constructor(points: AsOfPoints) {
    this.points = points;
  }

  /** The value known at time t (t must not decrease between calls); NaN before the first publication. */
  advance(t: number): number {
    const { observedAt, publishedAt } = this.points;
    const m = publishedAt.length;
    while (this.next < m && publishedAt[this.next] <= t) {
      const j = this.next++;
      // A later publication of an older observation does not replace a newer observation.
      if (this.best < 0 || observedAt[j] >= observedAt[this.best]) this.best = j;
    }
    return this.best < 0 ? NaN : this.points.value[this.best];
  }
}

/** Batch form: the as-of value at every bar close time. */
export function alignAsOf(barTimes: Float64Array, points: AsOfPoints): Float64Array {
  const cursor = new AsOfCursor(points);
  const out = new Float64Array(barTimes.length);
  for (let i = 0; i < barTimes.length; i++) out[i] = cursor.advance(barTimes[i]);
  return out;
}

/** Bars of another symbol as points: a close is known at the bar's close time. */
export function barsAsPoints(time: Float64Array, close: Float64Array): AsOfPoints {
  return { observedAt: time, publishedAt: time, value: close };
}
