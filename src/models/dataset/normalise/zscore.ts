import { z } from 'zod';
import type { Matrix } from '../../model.js';
import { checkColumns, checkRows, invalidNormaliser, nanToNull, nullToNaN, parseNormaliser } from './check.js';
import type { Normaliser } from './normaliser.js';

const zscoreJSONSchema = z.strictObject({
  kind: z.literal('zscore'),
  format: z.literal(1),
  mean: z.array(z.number().nullable()),
  std: z.array(z.number().min(0).nullable()),
});
export type ZScoreJSON = z.infer<typeof zscoreJSONSchema>;

/**
 * (x − mean) / std per column, with the mean and population standard deviation of the training
 * rows' non-missing values. A column constant in training maps to 0; one never seen maps to NaN.
 */
export class ZScoreNormaliser implements Normaliser {
  readonly kind = 'zscore';
  readonly mean: Float64Array;
  readonly std: Float64Array;

  constructor(mean: Float64Array, std: Float64Array) {
    this.mean = mean;
    this.std = std;
  }

  get cols(): number {
    return this.mean.length;
  }

  static fit(x: Matrix, rows: ArrayLike<number>): ZScoreNormaliser {
    checkRows(x, rows);
    const { cols, data } = x;
    const count = new Float64Array(cols);
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows.length; i++) {
      const base = rows[i] * cols;
      for (let c = 0; c < cols; c++) {
        const v = data[base + c];
        if (v === v) {
          mean[c] += v;
          count[c]++;
        }
      }
    }
    for (let c = 0; c < cols; c++) mean[c] = count[c] > 0 ? mean[c] / count[c] : NaN;
    // second pass over deviations: no cancellation for large offsets (prices near 50,000)
    const ss = new Float64Array(cols);
    for (let i = 0; i < rows.length; i++) {
      const base = rows[i] * cols;
      for (let c = 0; c < cols; c++) {
        const d = data[base + c] - mean[c];
        if (d === d) ss[c] += d * d;
      }
    }
    const std = ss.map((s, c) => (count[c] > 0 ? Math.sqrt(s / count[c]) : NaN));
    return new ZScoreNormaliser(mean, std);
  }

  transform(x: Matrix): Matrix {
    checkColumns(this, x);
    const { rows, cols, data } = x;
    const out = new Float64Array(data.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const s = this.std[c];
        out[i] = s > 0 ? (data[i] - this.mean[c]) / s : data[i] === data[i] && s === 0 ? 0 : NaN;
      }
    }
    return { rows, cols, data: out };
  }

  toJSON(): ZScoreJSON {
    return { kind: 'zscore', format: 1, mean: nanToNull(this.mean), std: nanToNull(this.std) };
  }

  static fromJSON(json: unknown): ZScoreNormaliser {
    const p = parseNormaliser(zscoreJSONSchema, json);
    if (p.mean.length !== p.std.length) invalidNormaliser(`zscore normaliser: mean has ${p.mean.length} columns, std has ${p.std.length}`);
    return new ZScoreNormaliser(nullToNaN(p.mean), nullToNaN(p.std));
  }
}
