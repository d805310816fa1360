/**
 * The overfitting statistics a sweep reports, from its trials: the DSR against the paper's
 * formulas written out naively here (Bailey & López de Prado 2014, eqs. for SR0 and PSR), PBO
 * on matrices whose answer is known by construction (which also pins the T×N orientation), and
 * NaN with a note wherever a statistic is undefined.
 */
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/backtest/metrics/index.js';
import { normalCdf, normalQuantile } from '../../src/backtest/overfitting/index.js';
import { interpretOverfitting, overfittingStats } from '../../src/backtest/sweep/overfit-report.js';
import type { TrialResult } from '../../src/backtest/sweep/trial.js';

/** Seeded uniform [0, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const trial = (index: number, returns: number[]): TrialResult => ({ index, params: { k: index }, metrics: {} as Metrics, returns: Float64Array.from(returns) });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleSd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe('deflated Sharpe ratio of the best trial', () => {
  it('matches the paper’s formulas: N = trials, V = variance of their per-period Sharpes, moments of the best', () => {
    const u = uniform(11);
    const T = 250;
    const series = Array.from({ length: 12 }, (_, n) => Array.from({ length: T }, () => (u() - 0.5) * 0.04 + 0.0004 * n));
    const trials = series.map((r, n) => trial(n, r));
    const best = 11;
    const s = overfittingStats(trials, best, 252);

    const sharpes = series.map((r) => mean(r) / sampleSd(r));
    const V = sampleSd(sharpes) ** 2;
    const gamma = 0.5772156649015329;
    const N = 12;
    const sr0 = Math.sqrt(V) * ((1 - gamma) * normalQuantile(1 - 1 / N) + gamma * normalQuantile(1 - 1 / (N * Math.E)));
    const r = series[best];
    const m = mean(r);
    const m2 = mean(r.map((x) => (x - m) ** 2));
    const skew = mean(r.map((x) => (x - m) ** 3)) / m2 ** 1.5;
    const kurt = mean(r.map((x) => (x - m) ** 4)) / m2 ** 2; // not excess
    const sr = sharpes[best];
    const psr = (bench: number) => normalCdf(((sr - bench) * Math.sqrt(T - 1)) / Math.sqrt(1 - skew * sr + ((kurt - 1) / 4) * sr * sr));

    expect(s.trials).toBe(12);
    expect(s.sharpe_variance).toBeCloseTo(V, 14);
    expect(s.expected_max_sharpe).toBeCloseTo(sr0 * Math.sqrt(252), 10);
    expect(s.deflated_sharpe).toBeCloseTo(psr(sr0), 10);
    expect(s.probabilistic_sharpe).toBeCloseTo(psr(0), 10);
    expect(s.notes).toEqual([]);
  });
});

describe('PBO of the sweep', () => {
  it('is 0 when one trial beats every other in every period, with no out-of-sample loss', () => {
    const u = uniform(5);
    const T = 64;
    const noise = Array.from({ length: T }, () => u() * 0.01);
    // trial 2 earns 0.01 more than trial 1, which earns 0.01 more than trial 0, every period
    const trials = [0, 1, 2].map((n) => trial(n, noise.map((x) => x + 0.01 * n)));
    const s = overfittingStats(trials, 2, 252);
    expect(s.pbo).toBe(0);
    expect(s.probability_of_loss).toBe(0);
    expect(s.pbo_blocks).toBe(16);
    expect(s.pbo_combinations).toBe(12870);
  });

  it('is 1 when the in-sample best is always the out-of-sample worst', () => {
    // A wins in the first half of the periods, B in the second: a split whose in-sample half
    // holds more of A's good blocks holds fewer of them out of sample, so the IS winner is the
    // OOS loser. Dyadic values keep every sum exact, so the splits with 4 good blocks of each tie
    // exactly, and a tie counts against the selection (lowest OOS of the tied, at the median).
    const T = 32;
    const a = Array.from({ length: T }, (_, t) => (t < T / 2 ? 0.5 : -0.25) + (t % 2) * 0.125);
    const b = Array.from({ length: T }, (_, t) => (t < T / 2 ? -0.25 : 0.5) + (t % 2) * 0.125);
    const s = overfittingStats([trial(0, a), trial(1, b)], 0, 252);
    expect(s.pbo).toBe(1);
    // trial 1 as the first column gives the same answer: nothing depends on the order of the trials
    expect(overfittingStats([trial(0, b), trial(1, a)], 0, 252).pbo).toBe(1);
  });

  it('reduces the blocks for short data and says so', () => {
    const u = uniform(9);
    const trials = [0, 1, 2].map((n) => trial(n, Array.from({ length: 9 }, () => u() - 0.5)));
    const s = overfittingStats(trials, 0, 252);
    expect(s.pbo_blocks).toBe(8);
    expect(s.pbo).toBeGreaterThanOrEqual(0);
    expect(s.pbo).toBeLessThanOrEqual(1);
    expect(s.notes.join(' ')).toContain('8 blocks');
  });
});

describe('undefined statistics are NaN with a note', () => {
  it('one trial: no selection', () => {
    const s = overfittingStats([trial(0, [0.01, -0.02, 0.03, 0.01, 0])], 0, 252);
    expect([s.deflated_sharpe, s.pbo, s.expected_max_sharpe]).toEqual([NaN, NaN, NaN]);
    expect(s.trials).toBe(1);
    expect(s.notes[0]).toContain('fewer than 2 trials');
    expect(interpretOverfitting(s)).toEqual([]);
  });

  it('a best trial that never traded has no DSR, but the PBO is still defined', () => {
    const s = overfittingStats([trial(0, [0, 0, 0, 0, 0, 0]), trial(1, [-0.01, 0.005, -0.02, 0.01, -0.01, 0])], 0, 252);
    expect(s.deflated_sharpe).toBeNaN();
    expect(Number.isFinite(s.expected_max_sharpe)).toBe(true);
    expect(s.notes[0]).toContain('did not trade');
    expect(s.pbo).toBeGreaterThanOrEqual(0);
  });

  it('too few returns for PBO, and equity through zero', () => {
    const short = overfittingStats([trial(0, [0.01, 0.02, -0.01]), trial(1, [0.0, 0.01, 0.02])], 0, 252);
    expect(short.pbo).toBeNaN();
    expect(Number.isFinite(short.deflated_sharpe)).toBe(true);
    expect(short.notes.join(' ')).toContain('PBO needs at least 4');
    const broke = overfittingStats([trial(0, [0.01, 0.02, -1, Infinity, 0]), trial(1, [0.0, 0.01, 0.02, 0, 0])], 1, 252);
    expect([broke.deflated_sharpe, broke.pbo]).toEqual([NaN, NaN]);
    expect(broke.notes[0]).toContain('equity to zero');
  });

  it('interprets the statistics in plain sentences', () => {
    const base = overfittingStats([trial(0, [0.01, -0.02, 0.03, 0.01, 0])], 0, 252);
    expect(interpretOverfitting({ ...base, trials: 40, deflated_sharpe: 0.31, pbo: 0.62 })).toEqual([
      "DSR 0.31: only a 31% chance that the best trial's true Sharpe beats the best of 40 trials with no skill; not significant.",
      'PBO 0.62: the in-sample best is more likely than not to underperform the median out of sample.',
    ]);
    expect(interpretOverfitting({ ...base, trials: 40, deflated_sharpe: 0.97, pbo: 0.1 })[0]).toContain('stays significant');
  });
});
