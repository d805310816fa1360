import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { SextantError } from '../../core/errors.js';

export const OBJECTIVES = ['binary', 'multiclass', 'regression', 'quantile'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/**
 * Parameters of gradient-boosted trees, named as LightGBM / XGBoost name them. Defaults are
 * XGBoost's where the two differ (depth-wise growth, lambda_l2 = 1, min_child_weight = 1).
 */
export const GbdtParamsSchema = z.strictObject({
  /** binary log-loss, multiclass softmax, regression = squared error, quantile = pinball loss at `alpha`. */
  objective: z.enum(OBJECTIVES).default('binary'),
  /** Boosting rounds (one tree per round, num_class trees for multiclass). */
  num_rounds: z.number().int().min(1).max(100_000).default(100),
  learning_rate: z.number().gt(0).max(1).default(0.1),
  /** Most split levels below the root; 0 = no limit (leaf-wise growth only). */
  max_depth: z.number().int().min(0).max(30).default(6),
  /** Most leaves per tree, leaf-wise growth only (depth-wise trees are bounded by max_depth). */
  num_leaves: z.number().int().min(2).max(65_536).default(31),
  /** depthwise: split every leaf of a level (XGBoost); leafwise: always the leaf of largest gain (LightGBM). */
  growth: z.enum(['depthwise', 'leafwise']).default('depthwise'),
  /** Value bins per feature (one more bin holds missing values). */
  max_bin: z.number().int().min(2).max(255).default(255),
  /** L1 penalty on leaf values (soft threshold of the gradient sum). */
  lambda_l1: z.number().min(0).default(0),
  /** L2 penalty on leaf values (added to the hessian sum). */
  lambda_l2: z.number().min(0).default(1),
  /** Least hessian sum in a child. */
  min_child_weight: z.number().min(0).default(1),
  /** Least loss reduction for a split. */
  min_split_gain: z.number().min(0).default(0),
  /** Fraction of rows each round trains on (bagging). */
  subsample: z.number().gt(0).max(1).default(1),
  /** Fraction of features each tree may split on. */
  colsample: z.number().gt(0).max(1).default(1),
  /** Stop when the validation metric has not improved for this many rounds; 0 = off. */
  early_stopping_rounds: z.number().int().min(0).default(0),
  /** The quantile the quantile objective predicts. */
  alpha: z.number().gt(0).lt(1).default(0.5),
  /** Number of classes, multiclass only (labels 0 … num_class − 1). */
  num_class: z.number().int().min(2).max(1024).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** Threads that train (this one included); 0 = all cores when the table has ≥ 100,000 rows, else 1. The model does not depend on it. */
  threads: z.number().int().min(0).max(256).default(0),
});

export type GbdtParams = z.infer<typeof GbdtParamsSchema>;
export type GbdtParamsInput = z.input<typeof GbdtParamsSchema>;

/** Rows from which `threads: 0` starts worker threads: below, their start-up costs more than they save. */
const AUTO_THREADS_ROWS = 100_000;

/** Validates parameters; the first problem is reported with its field. */
export function parseGbdtParams(input: unknown): GbdtParams {
  const parsed = GbdtParamsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || '(top level)';
    throw new SextantError('GBDT_PARAM_INVALID', `gbdt parameter ${field}: ${issue.message}`, { field });
  }
  const p = parsed.data;
  if (p.objective === 'multiclass' && p.num_class === undefined) throw new SextantError('GBDT_PARAM_INVALID', 'gbdt parameter num_class: required by the multiclass objective', { field: 'num_class' });
  if (p.objective !== 'multiclass' && p.num_class !== undefined) throw new SextantError('GBDT_PARAM_INVALID', `gbdt parameter num_class: only for the multiclass objective, not ${p.objective}`, { field: 'num_class' });
  if (p.growth === 'depthwise' && p.max_depth === 0) throw new SextantError('GBDT_PARAM_INVALID', 'gbdt parameter max_depth: depth-wise growth needs a depth of at least 1 (0 = no limit is for leaf-wise growth)', { field: 'max_depth' });
  return p;
}

/** Outputs per row: one per class for multiclass, else one. */
export function numOutputsOf(p: GbdtParams): number {
  return p.objective === 'multiclass' ? (p.num_class as number) : 1;
}

/** The thread count training uses for a table of `rows` rows. */
export function threadsFor(p: GbdtParams, rows: number): number {
  if (p.threads > 0) return p.threads;
  return rows >= AUTO_THREADS_ROWS ? availableParallelism() : 1;
}
