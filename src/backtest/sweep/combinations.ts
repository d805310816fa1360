import { SextantError, isSextantError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { paramNames, validateParams } from '../../strategy/registry.js';
import type { StrategyDefinition, StrategyParams } from '../../strategy/strategy.js';
import { type ParamAxis, combinationAt, gridSize } from './param-space.js';

export type Search = { kind: 'grid' } | { kind: 'random'; trials: number; seed: number };

/** Most trials one sweep runs: every trial's per-point returns are kept for the overfitting statistics. */
export const MAX_TRIALS = 100_000;

export interface Combinations {
  /** Validated parameters (defaults filled in) of each trial, in trial order. */
  params: StrategyParams[];
  /** Combinations the strategy rejected (e.g. fast ≥ slow), not counted as trials. */
  skipped: number;
  /** The first rejection, to explain a sweep with no valid combination. */
  firstRejection: string | null;
  notes: string[];
}

/** 53 random bits: a uniform integer in [0, n) for any safe n, not only n < 2³². */
function uniformBelow(rng: Rng, n: number): number {
  const u = (rng.nextUint32() * 2 ** 21 + (rng.nextUint32() >>> 11)) / 2 ** 53;
  return Math.floor(u * n);
}

/**
 * Grid indices in a seeded random order without replacement, drawn lazily: a Fisher–Yates
 * shuffle whose swapped-out slots live in a map, so a huge grid costs nothing until it is drawn.
 */
function* shuffledIndices(size: number, seed: number): Generator<number> {
  const rng = new Rng(seed);
  const moved = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const j = i + uniformBelow(rng, size - i);
    const picked = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
    moved.delete(i);
    yield picked;
  }
}

/**
 * The trials of a sweep: every valid grid combination (grid), or combinations drawn at random
 * without replacement until `trials` valid ones are found (random). When the grid has fewer
 * valid combinations than asked for, each is run once: a repeated trial would add only ties.
 */
export function selectCombinations(def: StrategyDefinition, space: readonly ParamAxis[], search: Search): Combinations {
  const known = paramNames(def);
  for (const a of space) {
    if (known !== null && !known.includes(a.name)) {
      throw new SextantError('STRATEGY_PARAM_INVALID', `strategy ${def.name} has no parameter '${a.name}' (parameters: ${known.join(', ') || 'none'})`, { strategy: def.name, param: a.name });
    }
  }
  const size = gridSize(space);
  if (search.kind === 'grid' && size > MAX_TRIALS) {
    throw new SextantError('OPTION_INVALID', `--param: the grid has ${size} combinations, more than the ${MAX_TRIALS} a sweep runs; narrow it or use --search random --trials N`, { field: '--param', combinations: size });
  }
  if (search.kind === 'random' && !(Number.isInteger(search.trials) && search.trials >= 1 && search.trials <= MAX_TRIALS)) {
    throw new SextantError('OPTION_INVALID', `--trials must be an integer from 1 to ${MAX_TRIALS}`, { field: '--trials', value: search.trials });
  }
  const wanted = search.kind === 'grid' ? size : search.trials;
  const order = search.kind === 'grid' ? Array.from({ length: size }, (_, i) => i) : shuffledIndices(size, search.seed);
  const out: Combinations = { params: [], skipped: 0, firstRejection: null, notes: [] };
  for (const index of order) {
    if (out.params.length === wanted) break;
    try {
      out.params.push(validateParams(def, combinationAt(space, index)));
    } catch (e) {
      if (!isSextantError(e) || e.code !== 'STRATEGY_PARAM_INVALID') throw e;
      out.skipped++;
      out.firstRejection ??= e.message;
    }
  }
  if (out.params.length === 0) {
    throw new SextantError('STRATEGY_PARAM_INVALID', `no combination of the swept parameters is valid for ${def.name}: ${out.firstRejection}`, { strategy: def.name, skipped: out.skipped });
  }
  if (out.params.length < wanted && search.kind === 'random') {
    out.notes.push(`--trials ${search.trials} asked for more than the ${out.params.length} valid combinations of the grid: each was run once`);
  }
  return out;
}
