import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import type { Matrix, Model, SerialisedModel, Task } from '../model.js';

export type LinearKind = 'logistic' | 'ridge';

/**
 * What defines a fitted linear model. Output k of a row is
 * intercept[k] + Σ_j coefficients[k·cols + j] · (x_j − mean_j) / scale_j, a missing x_j counting
 * as mean_j (no contribution). Coefficients are on the standardised scale, the scale the l2
 * penalty acts on; intercept[k] is output k at the training mean.
 */
export interface LinearParameters {
  kind: LinearKind;
  task: Task;
  featureNames: readonly string[];
  /** The penalty the model was fitted with (kept for the record). */
  l2: number;
  mean: Float64Array;
  scale: Float64Array;
  /** numOutputs × cols, row-major. */
  coefficients: Float64Array;
  intercept: Float64Array;
}

export interface SerialisedLinearModel extends SerialisedModel {
  kind: LinearKind;
  format: 1;
  l2: number;
  mean: number[];
  scale: number[];
  coefficients: number[];
  intercept: number[];
}

/** A logistic (binary or multinomial) or ridge regression model; see `fitLogistic` and `fitRidge`. */
export class LinearModel implements Model {
  readonly kind: LinearKind;
  readonly task: Task;
  readonly numOutputs: number;
  readonly featureNames: readonly string[];
  private readonly params: LinearParameters;
  /** coefficients / scale: the change of output per unit of the raw feature. */
  private readonly perUnit: Float64Array;

  constructor(params: LinearParameters) {
    this.params = params;
    this.kind = params.kind;
    this.task = params.task;
    this.numOutputs = params.intercept.length;
    this.featureNames = params.featureNames;
    const cols = params.featureNames.length;
    this.perUnit = new Float64Array(params.coefficients.length);
    for (let k = 0; k < this.numOutputs; k++) for (let j = 0; j < cols; j++) this.perUnit[k * cols + j] = params.coefficients[k * cols + j] / params.scale[j];
  }

  /** Each output is summed feature by feature and the intercept added last, as `explain` lays it out, so the two agree to the bit. */
  predictRaw(x: Matrix): Float64Array {
    this.checkColumns(x);
    const { mean, intercept } = this.params;
    const { cols, data } = x;
    const outputs = this.numOutputs;
    const out = new Float64Array(x.rows * outputs);
    for (let r = 0; r < x.rows; r++) {
      for (let k = 0; k < outputs; k++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) {
          const v = data[r * cols + j];
          if (!Number.isNaN(v)) sum += this.perUnit[k * cols + j] * (v - mean[j]);
        }
        out[r * outputs + k] = sum + intercept[k];
      }
    }
    return out;
  }

  /** Contribution of feature j = coefficient per unit × (x_j − training mean), 0 when x_j is missing; the bias is the intercept. */
  explain(x: Matrix): Float64Array {
    this.checkColumns(x);
    const { mean, intercept } = this.params;
    const { cols, data } = x;
    const outputs = this.numOutputs;
    const out = new Float64Array(x.rows * outputs * (cols + 1));
    for (let r = 0; r < x.rows; r++) {
      for (let k = 0; k < outputs; k++) {
        const base = (r * outputs + k) * (cols + 1);
        for (let j = 0; j < cols; j++) {
          const v = data[r * cols + j];
          out[base + j] = !Number.isNaN(v) ? this.perUnit[k * cols + j] * (v - mean[j]) : 0;
        }
        out[base + cols] = intercept[k];
      }
    }
    return out;
  }

  /** The coefficients on the standardised scale, numOutputs × cols (a copy). */
  coefficients(): Float64Array {
    return Float64Array.from(this.params.coefficients);
  }

  toJSON(): SerialisedLinearModel {
    const p = this.params;
    return {
      kind: p.kind,
      format: 1,
      task: p.task,
      featureNames: [...p.featureNames],
      l2: p.l2,
      mean: Array.from(p.mean),
      scale: Array.from(p.scale),
      coefficients: Array.from(p.coefficients),
      intercept: Array.from(p.intercept),
    };
  }

  private checkColumns(x: Matrix): void {
    if (x.cols !== this.featureNames.length) {
      throw new SextantError('LINEAR_INPUT_INVALID', `${this.kind} model: x has ${x.cols} columns, the model was fitted on ${this.featureNames.length} (${this.featureNames.join(', ')})`, {
        cols: x.cols,
        expected: this.featureNames.length,
      });
    }
  }
}

const finite = z.number();
const SerialisedSchema = z.object({
  kind: z.enum(['logistic', 'ridge']),
  format: z.literal(1),
  task: z.enum(['binary', 'multiclass', 'regression']),
  featureNames: z.array(z.string()),
  l2: finite.min(0),
  mean: z.array(finite),
  scale: z.array(finite.positive()),
  coefficients: z.array(finite),
  intercept: z.array(finite).min(1),
});

/** The model a `toJSON()` result describes; predictions are bit-for-bit those of the original. */
export function linearModelFromJSON(json: unknown): LinearModel {
  const parsed = SerialisedSchema.safeParse(json);
  const fail = (message: string): never => {
    throw new SextantError('LINEAR_INPUT_INVALID', `serialised linear model is malformed: ${message}`, {});
  };
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  const m = parsed.data;
  const cols = m.featureNames.length;
  const outputs = m.intercept.length;
  const taskFits = m.kind === 'ridge' ? m.task === 'regression' && outputs === 1 : m.task === 'binary' ? outputs === 1 : m.task === 'multiclass' && outputs >= 3;
  if (!taskFits) fail(`a ${m.kind} model cannot have task ${m.task} with ${outputs} outputs`);
  if (m.mean.length !== cols || m.scale.length !== cols || m.coefficients.length !== outputs * cols) {
    fail(`${cols} features need ${cols} means and scales and ${outputs} × ${cols} coefficients, got ${m.mean.length}, ${m.scale.length} and ${m.coefficients.length}`);
  }
  return new LinearModel({
    kind: m.kind,
    task: m.task,
    featureNames: m.featureNames,
    l2: m.l2,
    mean: Float64Array.from(m.mean),
    scale: Float64Array.from(m.scale),
    coefficients: Float64Array.from(m.coefficients),
    intercept: Float64Array.from(m.intercept),
  });
}
