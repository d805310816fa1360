import { SextantError } from '../../core/errors.js';
import { centralSums } from '../metrics/returns.js';
import { normalCdf, normalQuantile } from './normal.js';

/**
 * Probabilistic and deflated Sharpe ratios: Bailey & López de Prado, "The Deflated Sharpe Ratio:
 * Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio
 * Management 40(5), 2014, pp. 94–107 (SSRN 2460551).
 *
 * Every Sharpe ratio here is per period (not annualised): mean / standard deviation of the
 * per-period returns, and the variance of the trials' Sharpes is in the same unit. To use
 * annualised figures, divide a Sharpe by √A and a variance by A (A periods a year).
 */

const EULER_GAMMA = 0.5772156649015329;

function invalid(field: string, message: string, value: unknown): never {
  throw new SextantError('OPTION_INVALID', `${field}: ${message}`, { field, value });
}

function finite(field: string, value: number): void {
  if (!Number.isFinite(value)) invalid(field, 'must be a finite number', value);
}

export interface ProbabilisticSharpeInput {
  /** Observed per-period Sharpe ratio. */
  sharpe: number;
  /** The per-period Sharpe SR* the true one is tested against. */
  benchmark: number;
  /** T, the number of returns the Sharpe was measured on. */
  observations: number;
  /** γ3, skewness of the returns. */
  skew: number;
  /** γ4, kurtosis of the returns (3 for normal returns, NOT the excess kurtosis). */
  kurtosis: number;
}

/**
 * PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ3·SR + (γ4 − 1)/4·SR²)): the probability that the
 * true Sharpe exceeds SR*, given the estimate's non-normal sampling error.
 */
export function probabilisticSharpe(input: ProbabilisticSharpeInput): number {
  const { sharpe, benchmark, observations, skew, kurtosis } = input;
  finite('sharpe', sharpe);
  finite('benchmark', benchmark);
  finite('skew', skew);
  finite('kurtosis', kurtosis);
  if (!Number.isInteger(observations) || observations < 2) invalid('observations', 'must be an integer ≥ 2', observations);
  // Always ≥ 0 for moments of a real distribution (γ4 ≥ 1 + γ3²); 0 or less means the moments
  // are inconsistent with each other or with the Sharpe.
  const variance = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(variance > 0)) {
    throw new SextantError('OPTION_INVALID', 'kurtosis: 1 − skew·sharpe + (kurtosis − 1)/4·sharpe² must be > 0 (is kurtosis the excess kurtosis?)', {
      field: 'kurtosis',
      value: kurtosis,
      skew,
      sharpe,
    });
  }
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(variance));
}

/**
 * SR0 = √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant: the
 * expected maximum of N independent per-period Sharpe estimates whose true Sharpe is 0 and
 * whose variance is V. N may be an effective (non-integer) number of trials; N = 1 gives 0,
 * as there was no selection.
 */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (!(trials >= 1) || !Number.isFinite(trials)) invalid('trials', 'must be a finite number ≥ 1', trials);
  if (!(sharpeVariance >= 0) || !Number.isFinite(sharpeVariance)) invalid('sharpeVariance', 'must be a finite number ≥ 0', sharpeVariance);
  if (trials === 1) return 0;
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

export interface DeflatedSharpeInput {
  /** Per-period Sharpe of the selected strategy (the best of the trials). */
  sharpe: number;
  /** N, the number of strategies/configurations tried to find it. */
  trials: number;
  /** V, variance of the trials' per-period Sharpe ratios. */
  sharpeVariance: number;
  /** T, the number of returns of the selected strategy. */
  observations: number;
  /** γ3, skewness of the selected strategy's returns. */
  skew: number;
  /** γ4, kurtosis of its returns (3 for normal returns, NOT the excess kurtosis). */
  kurtosis: number;
}

export interface DeflatedSharpeResult {
  /** DSR = PSR(SR0): the probability that the true Sharpe beats the best of N skill-less trials. */
  dsr: number;
  /** PSR(0): the probability that the true Sharpe is above 0, ignoring the selection. */
  psr0: number;
  /** SR0, per period. */
  expectedMaxSharpe: number;
}

export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const { sharpe, trials, sharpeVariance, observations, skew, kurtosis } = input;
  const sr0 = expectedMaxSharpe(trials, sharpeVariance);
  const moments = { sharpe, observations, skew, kurtosis };
  return {
    dsr: probabilisticSharpe({ ...moments, benchmark: sr0 }),
    psr0: probabilisticSharpe({ ...moments, benchmark: 0 }),
    expectedMaxSharpe: sr0,
  };
}

export interface ReturnMoments {
  /** mean / sample standard deviation (n − 1). */
  sharpe: number;
  /** m3 / m2^1.5 with population central moments. */
  skew: number;
  /** m4 / m2², population central moments, not excess. */
  kurtosis: number;
  observations: number;
}

/** The moments the PSR needs, from per-period returns (two-pass: mean first). */
export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  if (n < 2) invalid('returns', 'needs at least 2 values', n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    if (!Number.isFinite(r)) invalid('returns', `value at index ${i} is not a finite number`, r);
    sum += r;
  }
  const mean = sum / n;
  let { s2: m2, s3: m3, s4: m4 } = centralSums(returns, mean);
  if (m2 === 0) invalid('returns', 'all values are equal, so the Sharpe ratio is undefined', returns[0]);
  const sd = Math.sqrt(m2 / (n - 1));
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { sharpe: mean / sd, skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2), observations: n };
}

export interface DeflatedSharpeFromReturns extends DeflatedSharpeResult, ReturnMoments {
  trials: number;
  sharpeVariance: number;
}

/**
 * The DSR of the selected strategy from its per-period returns and the per-period Sharpes of
 * all N trials (the selected one included). V is the sample variance (n − 1) of those Sharpes.
 */
export function deflatedSharpeFromReturns(returns: ArrayLike<number>, trialSharpes: ArrayLike<number>): DeflatedSharpeFromReturns {
  const trials = trialSharpes.length;
  if (trials < 2) invalid('trialSharpes', 'needs the Sharpe ratios of at least 2 trials', trials);
  let sum = 0;
  for (let i = 0; i < trials; i++) {
    if (!Number.isFinite(trialSharpes[i])) invalid('trialSharpes', `value at index ${i} is not a finite number`, trialSharpes[i]);
    sum += trialSharpes[i];
  }
  const mean = sum / trials;
  let ss = 0;
  for (let i = 0; i < trials; i++) ss += (trialSharpes[i] - mean) ** 2;
  const sharpeVariance = ss / (trials - 1);
  const moments = returnMoments(returns);
  return { ...moments, trials, sharpeVariance, ...deflatedSharpe({ ...moments, trials, sharpeVariance }) };
}
