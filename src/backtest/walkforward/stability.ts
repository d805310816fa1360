import type { ParamValue, StrategyParams } from '../../strategy/strategy.js';

export interface ParamStability {
  /** The value each fold chose, in fold order. */
  values: ParamValue[];
  /** The value chosen most often (the earliest chosen among equally frequent ones). */
  most_common: ParamValue;
  /** Share of folds that chose it. */
  most_common_share: number;
  /** Population standard deviation / |mean| of the chosen values; NaN for text values or a mean of 0. */
  cv: number;
}

/** How steady the chosen parameters were across folds, per swept parameter. */
export function parameterStability(names: readonly string[], chosen: readonly StrategyParams[]): Record<string, ParamStability> {
  const out: Record<string, ParamStability> = {};
  for (const name of names) {
    const values = chosen.map((p) => p[name]);
    const counts = new Map<ParamValue, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let mode = values[0];
    for (const [v, c] of counts) if (c > counts.get(mode)!) mode = v;
    let cv = NaN;
    if (values.every((v) => typeof v === 'number')) {
      const xs = values as number[];
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
      cv = mean === 0 ? NaN : sd / Math.abs(mean);
    }
    out[name] = { values, most_common: mode, most_common_share: counts.get(mode)! / values.length, cv };
  }
  return out;
}

/**
 * Walk-forward efficiency of one fold: annualised out-of-sample return / annualised in-sample
 * return (both CAGR). Only defined when the in-sample return is positive: a ratio to a loss or
 * to nothing says nothing about how much of the in-sample edge survived.
 */
export function foldEfficiency(isCagrPct: number, oosCagrPct: number): number {
  return isCagrPct > 0 && Number.isFinite(isCagrPct) && Number.isFinite(oosCagrPct) ? oosCagrPct / isCagrPct : NaN;
}

/** The mean of the folds' defined efficiencies, and how many there were. */
export function meanEfficiency(perFold: readonly number[]): { mean: number; folds: number } {
  const defined = perFold.filter((e) => !Number.isNaN(e));
  return { mean: defined.length === 0 ? NaN : defined.reduce((a, b) => a + b, 0) / defined.length, folds: defined.length };
}
