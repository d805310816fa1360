import { z } from 'zod';
import { lowerBound } from '../../../core/bar-series.js';
import type { Matrix } from '../../model.js';
import { checkColumns, checkRows, invalidNormaliser, parseNormaliser } from './check.js';
import type { Normaliser } from './normaliser.js';

const columnSchema = z.strictObject({
  values: z.array(z.number()),
  below: z.array(z.number().min(0).max(1)),
  atOrBelow: z.array(z.number().min(0).max(1)),
});
const rankJSONSchema = z.strictObject({ kind: z.literal('rank'), format: z.literal(1), columns: z.array(columnSchema) });
export type RankJSON = z.infer<typeof rankJSONSchema>;

/** One column's empirical distribution at its knots: share of training values < and ≤ each knot. */
interface Knots {
  values: Float64Array;
  below: Float64Array;
  atOrBelow: Float64Array;
}

export const DEFAULT_MAX_KNOTS = 256;

/** Index of the first value > x in an increasing array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function fitColumn(sorted: Float64Array, maxKnots: number): Knots {
  const m = sorted.length;
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values: number[] = [];
  if (distinct <= maxKnots) {
    for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) values.push(sorted[i]);
  } else {
    // evenly spaced order statistics: at most about m/(maxKnots − 1) values fall between two knots
    for (let k = 0; k < maxKnots; k++) {
      const v = sorted[Math.round((k * (m - 1)) / (maxKnots - 1))];
      if (values.length === 0 || v !== values[values.length - 1]) values.push(v);
    }
  }
  const knots = Float64Array.from(values);
  return {
    values: knots,
    below: knots.map((v) => lowerBound(sorted, v) / m),
    atOrBelow: knots.map((v) => upperBound(sorted, v) / m),
  };
}

/**
 * The empirical CDF of the training rows, per column, → [0, 1]: a training value maps to its
 * mid-rank (share below + share at or below) / 2, so ties share one value; anything below the
 * training minimum maps to 0 and above the maximum to 1; between two knots the CDF is
 * interpolated linearly. Exact (the plain empirical CDF) when a column has at most `maxKnots`
 * distinct training values; otherwise knots are evenly spaced order statistics, off by at most
 * about 1/(maxKnots − 1). A column never seen in training maps to NaN.
 */
export class RankNormaliser implements Normaliser {
  readonly kind = 'rank';
  /** Knots of every column end to end; column c's are [start[c], start[c + 1]). */
  private readonly start: Int32Array;
  private readonly values: Float64Array;
  private readonly below: Float64Array;
  private readonly atOrBelow: Float64Array;

  constructor(columns: readonly Knots[]) {
    this.start = new Int32Array(columns.length + 1);
    columns.forEach((k, c) => (this.start[c + 1] = this.start[c] + k.values.length));
    const total = this.start[columns.length];
    this.values = new Float64Array(total);
    this.below = new Float64Array(total);
    this.atOrBelow = new Float64Array(total);
    columns.forEach((k, c) => {
      this.values.set(k.values, this.start[c]);
      this.below.set(k.below, this.start[c]);
      this.atOrBelow.set(k.atOrBelow, this.start[c]);
    });
  }

  get cols(): number {
    return this.start.length - 1;
  }

  static fit(x: Matrix, rows: ArrayLike<number>, maxKnots = DEFAULT_MAX_KNOTS): RankNormaliser {
    checkRows(x, rows);
    if (!(Number.isInteger(maxKnots) && maxKnots >= 2)) invalidNormaliser(`maxKnots must be a whole number ≥ 2, got ${maxKnots}`, { field: 'maxKnots' });
    const values = new Float64Array(rows.length);
    const columns: Knots[] = [];
    for (let c = 0; c < x.cols; c++) {
      let m = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = x.data[rows[i] * x.cols + c];
        if (v === v) values[m++] = v;
      }
      columns.push(fitColumn(values.slice(0, m).sort(), maxKnots));
    }
    return new RankNormaliser(columns);
  }

  transform(x: Matrix): Matrix {
    checkColumns(this, x);
    const { rows, cols, data } = x;
    const { start, values, below, atOrBelow } = this;
    const out = new Float64Array(data.length);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const v = data[i];
        const first = start[c];
        const end = start[c + 1];
        if (v !== v || first === end) {
          out[i] = NaN;
          continue;
        }
        // first knot >= v
        let lo = first;
        let hi = end;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (values[mid] < v) lo = mid + 1;
          else hi = mid;
        }
        if (lo < end && values[lo] === v) out[i] = (below[lo] + atOrBelow[lo]) / 2;
        else if (lo === first) out[i] = 0;
        else if (lo === end) out[i] = 1;
        else {
          const p = atOrBelow[lo - 1];
          out[i] = p + ((below[lo] - p) * (v - values[lo - 1])) / (values[lo] - values[lo - 1]);
        }
      }
    }
    return { rows, cols, data: out };
  }

  /** Knots of column c (a copy). */
  knots(c: number): Knots {
    const a = this.start[c];
    const b = this.start[c + 1];
    return { values: this.values.slice(a, b), below: this.below.slice(a, b), atOrBelow: this.atOrBelow.slice(a, b) };
  }

  toJSON(): RankJSON {
    const columns = Array.from({ length: this.cols }, (_, c) => {
      const k = this.knots(c);
      return { values: Array.from(k.values), below: Array.from(k.below), atOrBelow: Array.from(k.atOrBelow) };
    });
    return { kind: 'rank', format: 1, columns };
  }

  static fromJSON(json: unknown): RankNormaliser {
    const p = parseNormaliser(rankJSONSchema, json);
    return new RankNormaliser(
      p.columns.map((col, c) => {
        const n = col.values.length;
        if (col.below.length !== n || col.atOrBelow.length !== n) invalidNormaliser(`rank normaliser column ${c}: values, below and atOrBelow differ in length`, { column: c });
        for (let j = 1; j < n; j++) {
          if (!(col.values[j] > col.values[j - 1])) invalidNormaliser(`rank normaliser column ${c}: knots are not strictly increasing at ${j}`, { column: c, knot: j });
        }
        return { values: Float64Array.from(col.values), below: Float64Array.from(col.below), atOrBelow: Float64Array.from(col.atOrBelow) };
      }),
    );
  }
}
