import { SextantError } from '../../core/errors.js';
import { gridPoint, gridSize } from '../../core/grid.js';
import { type ProgressFn, noProgress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';

export type HyperValue = number | string | boolean;
export type HyperParams = Record<string, HyperValue>;

/**
 * A parameter and the values it may take. The same shape as the sweep's ParamAxis
 * (src/backtest/sweep/param-space.ts), so `--param fast=5:50:5` specs parse straight into it;
 * not imported from there because models sit below backtest.
 */
export interface ValuesAxis {
  name: string;
  values: HyperValue[];
}

/** A continuous range, for random search only: uniform in [min, max], or in log space. */
export interface RangeAxis {
  name: string;
  min: number;
  max: number;
  log?: boolean;
  /** Round each draw to a whole number. */
  integer?: boolean;
}

export type SearchAxis = ValuesAxis | RangeAxis;

export interface SearchOptions {
  space: readonly SearchAxis[];
  method: 'grid' | 'random';
  /** Candidates a random search draws (at most the grid's size when every axis is a list). */
  trials?: number;
  /** Seed of the random search's draws. */
  seed?: number;
  direction: 'maximize' | 'minimize';
  progress?: ProgressFn;
}

export interface Trial<R> {
  /** Order the candidate was evaluated in, from 0. */
  index: number;
  params: HyperParams;
  result: R;
}

export interface SearchResult<R> {
  trials: Trial<R>[];
  /** The best finite score; the earliest trial wins a tie. */
  best: Trial<R>;
  /** How many candidates were evaluated: every one counts towards overfitting the selection. */
  trialsRun: number;
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new SextantError('SEARCH_INVALID', message, details);
}

function checkSpace(space: readonly SearchAxis[], method: SearchOptions['method']): void {
  const seen = new Set<string>();
  for (const axis of space) {
    if (seen.has(axis.name)) invalid(`parameter '${axis.name}' is declared twice`, { param: axis.name });
    seen.add(axis.name);
    if ('values' in axis) {
      if (axis.values.length === 0) invalid(`parameter '${axis.name}' has no values`, { param: axis.name });
    } else {
      if (method === 'grid') invalid(`parameter '${axis.name}' is a range; a grid search needs a list of values`, { param: axis.name });
      if (!(Number.isFinite(axis.min) && Number.isFinite(axis.max) && axis.min <= axis.max)) invalid(`parameter '${axis.name}': need finite min ≤ max, got [${axis.min}, ${axis.max}]`, { param: axis.name });
      if (axis.log && !(axis.min > 0)) invalid(`parameter '${axis.name}': a log range needs min > 0, got ${axis.min}`, { param: axis.name });
      if (axis.integer && Math.ceil(axis.min) > Math.floor(axis.max)) invalid(`parameter '${axis.name}': no whole number in [${axis.min}, ${axis.max}]`, { param: axis.name });
    }
  }
}

function draw(axis: SearchAxis, rng: Rng): HyperValue {
  if ('values' in axis) return axis.values[Math.floor(rng.next() * axis.values.length)];
  const u = rng.next();
  if (axis.integer && !axis.log) {
    // every whole number in the range equally likely (rounding would halve the end points)
    const lo = Math.ceil(axis.min);
    return lo + Math.floor(u * (Math.floor(axis.max) - lo + 1));
  }
  const v = axis.log ? Math.exp(Math.log(axis.min) + u * (Math.log(axis.max) - Math.log(axis.min))) : axis.min + u * (axis.max - axis.min);
  return axis.integer ? Math.min(Math.max(Math.round(v), Math.ceil(axis.min)), Math.floor(axis.max)) : v;
}

/** The candidates to evaluate, in order. A random search over lists only draws distinct grid points. */
function candidates(options: SearchOptions): HyperParams[] {
  const space = options.space;
  const lists = space.every((a) => 'values' in a) ? (space as ValuesAxis[]) : null;
  if (options.method === 'grid') return Array.from({ length: gridSize(lists!) }, (_, i) => gridPoint(lists!, i));
  const trials = options.trials;
  if (!(Number.isInteger(trials) && trials! >= 1)) invalid(`a random search needs trials, a whole number ≥ 1, got ${trials}`, { field: 'trials', value: trials });
  const rng = new Rng(options.seed ?? 1);
  if (lists) {
    const size = gridSize(lists);
    // partial Fisher–Yates over grid indices, kept sparse so a huge grid costs nothing
    const swapped = new Map<number, number>();
    const out: HyperParams[] = [];
    for (let i = 0; i < Math.min(trials!, size); i++) {
      const j = i + Math.floor(rng.next() * (size - i));
      const pick = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out.push(gridPoint(lists, pick));
    }
    return out;
  }
  return Array.from({ length: trials! }, () => Object.fromEntries(space.map((a) => [a.name, draw(a, rng)])));
}

/**
 * Grid or random (seeded) hyperparameter search: `evaluate` is called once per candidate, one
 * at a time (training already uses every core), and is expected to score the candidate over the
 * validation folds. Returns every trial and the best by the declared direction; NaN scores
 * never win.
 */
export async function searchHyperparameters<R extends { score: number }>(
  options: SearchOptions,
  evaluate: (params: HyperParams, index: number) => Promise<R>,
): Promise<SearchResult<R>> {
  checkSpace(options.space, options.method);
  const list = candidates(options);
  const progress = options.progress ?? noProgress;
  const sign = options.direction === 'maximize' ? 1 : -1;
  const trials: Trial<R>[] = [];
  let best: Trial<R> | null = null;
  for (let i = 0; i < list.length; i++) {
    const trial = { index: i, params: list[i], result: await evaluate(list[i], i) };
    trials.push(trial);
    const s = trial.result.score;
    if (!Number.isNaN(s) && (best === null || sign * s > sign * best.result.score)) best = trial;
    progress('search', i + 1, list.length);
  }
  if (best === null) throw new SextantError('SEARCH_NO_SCORE', `none of the ${trials.length} candidates produced a score (all NaN)`, { trials: trials.length });
  return { trials, best, trialsRun: trials.length };
}
