/**
 * Permutation importance for any model: how much a metric worsens when one column is shuffled
 * (its values kept, their link to the rest of the row and to the label broken), repeated with
 * seeded shuffles. Model-agnostic, so it also checks what TreeSHAP says about a tree model.
 */
import { SextantError } from '../../core/errors.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { type Matrix, type Model, toPrediction } from '../model.js';

/** A score of predictions (as toPrediction gives them: probabilities for classifiers) against labels. */
export type Metric = (y: Float64Array, prediction: Float64Array) => number;

export interface PermutationOptions {
  metric: Metric;
  higherIsBetter: boolean;
  /** Shuffles per feature (default 5). */
  repeats?: number;
  /** Seed of the shuffles (default 0): features are shuffled in column order, `repeats` times each, from one stream. */
  seed?: number;
  progress?: ProgressFn;
}

export interface PermutationImportance {
  feature: string;
  /** Column of the feature. */
  index: number;
  /** Mean over repeats of the drop: baseline − shuffled score when higher is better, shuffled − baseline otherwise. */
  mean: number;
  /** Standard deviation of the drops (population, as scikit-learn reports it). */
  std: number;
  drops: Float64Array;
}

export interface PermutationResult {
  /** The metric on the unshuffled rows. */
  baseline: number;
  /** Largest mean drop first, ties by name. */
  features: PermutationImportance[];
}

function score(model: Model, x: Matrix, y: Float64Array, metric: Metric): number {
  return metric(y, toPrediction(model.task, model.numOutputs, model.predictRaw(x)));
}

export function permutationImportance(model: Model, x: Matrix, y: Float64Array, opts: PermutationOptions): PermutationResult {
  const repeats = opts.repeats ?? 5;
  const seed = opts.seed ?? 0;
  const progress = opts.progress ?? noProgress;
  const { rows, cols } = x;
  if (model.featureNames.length !== cols) throw new SextantError('EXPLAIN_INPUT_INVALID', `the matrix has ${cols} columns, the model ${model.featureNames.length} features`, { cols, features: model.featureNames.length });
  if (x.data.length !== rows * cols) throw new SextantError('EXPLAIN_INPUT_INVALID', `the matrix data has ${x.data.length} values, expected ${rows} × ${cols}`, { values: x.data.length, rows, cols });
  if (y.length !== rows) throw new SextantError('EXPLAIN_INPUT_INVALID', `${y.length} labels for ${rows} rows`, { labels: y.length, rows });
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new SextantError('EXPLAIN_INPUT_INVALID', `repeats is ${repeats}, expected an integer >= 1`, { repeats });

  const baseline = score(model, x, y, opts.metric);
  const work: Matrix = { rows, cols, data: x.data.slice() };
  const order = new Int32Array(rows);
  const rng = new Rng(seed);
  const features: PermutationImportance[] = [];
  for (let j = 0; j < cols; j++) {
    const drops = new Float64Array(repeats);
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < rows; i++) order[i] = i;
      // Fisher–Yates
      for (let i = rows - 1; i > 0; i--) {
        const k = Math.floor(rng.next() * (i + 1));
        const t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      for (let i = 0; i < rows; i++) work.data[i * cols + j] = x.data[order[i] * cols + j];
      const shuffled = score(model, work, y, opts.metric);
      drops[r] = opts.higherIsBetter ? baseline - shuffled : shuffled - baseline;
    }
    for (let i = 0; i < rows; i++) work.data[i * cols + j] = x.data[i * cols + j];
    let mean = 0;
    for (const d of drops) mean += d;
    mean /= repeats;
    let variance = 0;
    for (const d of drops) variance += (d - mean) ** 2;
    features.push({ feature: model.featureNames[j], index: j, mean, std: Math.sqrt(variance / repeats), drops });
    progress('permutation', j + 1, cols);
  }
  features.sort((a, b) => b.mean - a.mean || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return { baseline, features };
}
