import { SextantError } from '../../core/errors.js';
import { returnMoments as sampleMoments } from '../metrics/returns.js';
import { deflatedSharpe, expectedMaxSharpe, probabilityOfOverfitting, returnMoments } from '../overfitting/index.js';
import type { TrialResult } from './trial.js';

/**
 * The selection-bias statistics every sweep reports. NaN where a statistic is undefined for
 * the sweep, with the reason in `notes`.
 */
export interface OverfittingStats {
  /** N, the number of trials the best was selected from. */
  trials: number;
  /** DSR of the best trial: probability its true Sharpe beats the best of N skill-less trials. */
  deflated_sharpe: number;
  /** PSR(0) of the best trial: probability its true Sharpe is above 0, ignoring the selection. */
  probabilistic_sharpe: number;
  /** SR0, the expected maximum Sharpe of N skill-less trials, annualised like `metrics.sharpe`. */
  expected_max_sharpe: number;
  /** V, sample variance of the trials' per-period Sharpe ratios. */
  sharpe_variance: number;
  /** Probability of backtest overfitting by CSCV on the T×N matrix of per-point returns. */
  pbo: number;
  pbo_combinations: number;
  pbo_blocks: number;
  /** Share of CSCV splits whose in-sample best lost money (negative Sharpe) out of sample. */
  probability_of_loss: number;
  notes: string[];
}

/** Per-period Sharpe (mean / sample sd); a curve that never moved counts as 0, as in the PBO. */
function periodSharpe(returns: Float64Array): number {
  const m = sampleMoments(returns);
  return m.sd === 0 ? 0 : m.mean / m.sd;
}

function sampleVariance(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return ss / (xs.length - 1);
}

/**
 * DSR (Bailey & López de Prado 2014) of trial `best` with N = all trials and V = the variance
 * of their per-period Sharpes; PBO by CSCV (Bailey, Borwein, López de Prado & Zhu 2017) with
 * the overfitting module's default blocks (16, fewer for short data). `trials` in index order.
 */
export function overfittingStats(trials: readonly TrialResult[], best: number, periodsPerYear: number): OverfittingStats {
  const N = trials.length;
  const T = trials[0].returns.length;
  const out: OverfittingStats = {
    trials: N,
    deflated_sharpe: NaN,
    probabilistic_sharpe: NaN,
    expected_max_sharpe: NaN,
    sharpe_variance: NaN,
    pbo: NaN,
    pbo_combinations: NaN,
    pbo_blocks: NaN,
    probability_of_loss: NaN,
    notes: [],
  };
  if (N < 2) {
    out.notes.push('fewer than 2 trials: there was no selection, so DSR and PBO are undefined');
    return out;
  }
  if (T < 2) {
    out.notes.push(`only ${T} returns per trial: DSR and PBO are undefined`);
    return out;
  }
  for (const t of trials) {
    if (t.returns.length !== T) throw new SextantError('INTERNAL', `trial ${t.index} has ${t.returns.length} returns, trial 0 has ${T}`, { index: t.index });
    if (!t.returns.every(Number.isFinite)) {
      out.notes.push(`trial ${t.index} (${JSON.stringify(t.params)}) took its equity to zero or below: DSR and PBO are undefined`);
      return out;
    }
  }

  const sharpes = Float64Array.from(trials, (t) => periodSharpe(t.returns));
  out.sharpe_variance = sampleVariance(sharpes);
  out.expected_max_sharpe = expectedMaxSharpe(N, out.sharpe_variance) * Math.sqrt(periodsPerYear);
  const chosen = trials[best].returns;
  if (sampleMoments(chosen).sd === 0) {
    out.notes.push('the best trial’s equity never changed (it did not trade): its DSR is undefined');
  } else {
    const dsr = deflatedSharpe({ ...returnMoments(chosen), trials: N, sharpeVariance: out.sharpe_variance });
    out.deflated_sharpe = dsr.dsr;
    out.probabilistic_sharpe = dsr.psr0;
  }

  if (T < 4) {
    out.notes.push(`only ${T} returns: PBO needs at least 4`);
    return out;
  }
  const matrix = new Float64Array(T * N);
  for (let n = 0; n < N; n++) {
    const r = trials[n].returns;
    for (let t = 0; t < T; t++) matrix[t * N + n] = r[t];
  }
  const pbo = probabilityOfOverfitting({ matrix, rows: T, columns: N });
  out.pbo = pbo.pbo;
  out.pbo_combinations = pbo.combinations;
  out.pbo_blocks = pbo.blocks;
  out.probability_of_loss = pbo.probabilityOfLoss;
  if (pbo.blocks < 16) out.notes.push(`PBO used ${pbo.blocks} blocks instead of 16: only ${T} returns`);
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** One plain sentence each on DSR and PBO, for people. */
export function interpretOverfitting(s: OverfittingStats): string[] {
  const lines: string[] = [];
  if (!Number.isNaN(s.deflated_sharpe)) {
    lines.push(
      s.deflated_sharpe >= 0.95
        ? `DSR ${s.deflated_sharpe.toFixed(2)}: the best Sharpe stays significant after correcting for ${s.trials} trials.`
        : `DSR ${s.deflated_sharpe.toFixed(2)}: only a ${pct(s.deflated_sharpe)} chance that the best trial's true Sharpe beats the best of ${s.trials} trials with no skill; not significant.`,
    );
  }
  if (!Number.isNaN(s.pbo)) {
    lines.push(
      s.pbo >= 0.5
        ? `PBO ${s.pbo.toFixed(2)}: the in-sample best is more likely than not to underperform the median out of sample.`
        : `PBO ${s.pbo.toFixed(2)}: the in-sample best fell below the median out of sample in ${pct(s.pbo)} of the splits.`,
    );
  }
  return lines;
}
