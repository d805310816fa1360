import { quantile } from './metrics/quantile.js';

/**
 * The spread of the random-entry baselines' equity through a run: at up to BAND_POINTS evenly
 * spaced points, the 10th, 50th and 90th percentiles across seeds of what a strategy trading
 * at random (same rate, costs and sizing) would have had by then. A strategy's curve drawn
 * against it shows when, not just whether, it did better than luck. Only the sampled points are
 * kept, so a minute-bar run with many seeds costs seeds × BAND_POINTS numbers, not seeds × bars.
 */
export const BAND_POINTS = 500;

export interface RandomBand {
  /** Indices into the run's points (as floats, to be stored as a series like the others). */
  index: Float64Array;
  p10: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
}

/** Evenly spaced indices of n points, the first and the last included; all of them when n ≤ max. */
export function bandIndices(n: number, max = BAND_POINTS): Float64Array {
  const m = Math.min(n, max);
  const out = new Float64Array(m);
  if (m === 1) return out;
  for (let j = 0; j < m; j++) out[j] = Math.round((j * (n - 1)) / (m - 1));
  return out;
}

/** Collects each seed's equity at the band's points, then gives their percentiles point by point. */
export class RandomBandBuilder {
  readonly index: Float64Array;
  private readonly rows: Float64Array[] = [];

  constructor(points: number) {
    this.index = bandIndices(points);
  }

  add(equity: Float64Array): void {
    const row = new Float64Array(this.index.length);
    for (let j = 0; j < row.length; j++) row[j] = equity[this.index[j]];
    this.rows.push(row);
  }

  /** Null without seeds. A point where some seed's equity is not a number leaves those seeds out. */
  build(): RandomBand | null {
    if (this.rows.length === 0 || this.index.length === 0) return null;
    const m = this.index.length;
    const band = { index: this.index, p10: new Float64Array(m), p50: new Float64Array(m), p90: new Float64Array(m) };
    const column = new Float64Array(this.rows.length);
    for (let j = 0; j < m; j++) {
      let k = 0;
      for (const row of this.rows) if (!Number.isNaN(row[j])) column[k++] = row[j];
      const values = column.subarray(0, k);
      band.p10[j] = quantile(values, 0.1);
      band.p50[j] = quantile(values, 0.5);
      band.p90[j] = quantile(values, 0.9);
    }
    return band;
  }
}

/** The band as a run's stored series (none without random seeds). */
export function bandSeries(band: RandomBand | null): Record<string, Float64Array> {
  return band ? { random_index: band.index, random_p10: band.p10, random_p50: band.p50, random_p90: band.p90 } : {};
}
