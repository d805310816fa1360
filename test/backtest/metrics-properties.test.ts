/**
 * computeMetrics against naive re-implementations of each definition (arrays, sorting,
 * episodes found as runs of points below the running peak) on random runs, and invariance to
 * the scale of the account.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics, type Metrics } from '../../src/backtest/metrics/index.js';
import type { MetricsInput } from '../../src/backtest/metrics-input.js';
import type { TradeRecord } from '../../src/engine/trade.js';
import { googDaily } from '../helpers/real-bars.js';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const allEqual = (xs: number[]) => xs.every((x) => x === xs[0]);
const div = (a: number, b: number) => (b === 0 ? NaN : a / b);

function sampleSd(xs: number[]): number {
  if (xs.length < 2) return NaN;
  if (allEqual(xs)) return 0;
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
}

/** numpy.quantile's default: linear interpolation between the sorted values at (n − 1)·p. */
function quantile7(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

function centralMoment(xs: number[], k: number): number {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** k));
}

/** Adjusted Fisher–Pearson skewness from the biased moments: G1 = √(n(n−1))/(n−2) · m3 / m2^1.5. */
function naiveSkew(xs: number[]): number {
  const n = xs.length;
  if (n < 3 || allEqual(xs)) return NaN;
  return ((Math.sqrt(n * (n - 1)) / (n - 2)) * centralMoment(xs, 3)) / centralMoment(xs, 2) ** 1.5;
}

/** Excess kurtosis G2 = ((n² − 1)·m4/m2² − 3(n − 1)²) / ((n − 2)(n − 3)). */
function naiveKurt(xs: number[]): number {
  const n = xs.length;
  if (n < 4 || allEqual(xs)) return NaN;
  return ((n * n - 1) * (centralMoment(xs, 4) / centralMoment(xs, 2) ** 2) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
}

interface Episode {
  depth: number;
  days: number;
  bars: number;
}

/**
 * Episodes as maximal runs of points below the running peak: a run s…e starts after the peak
 * at s − 1 and ends at the recovery e + 1, or at the last point if the run reaches the end.
 */
function naiveEpisodes(times: number[], equity: number[]): Episode[] {
  const dd: number[] = [];
  let peak = -Infinity;
  for (const e of equity) {
    peak = Math.max(peak, e);
    dd.push(e / peak - 1);
  }
  const out: Episode[] = [];
  for (let s = 0; s < dd.length; s++) {
    if (dd[s] >= 0) continue;
    let e = s;
    while (e + 1 < dd.length && dd[e + 1] < 0) e++;
    const end = Math.min(e + 1, dd.length - 1);
    out.push({ depth: Math.min(...dd.slice(s, e + 1)), days: (times[end] - times[s - 1]) / DAY, bars: end - (s - 1) });
    s = e;
  }
  return out;
}

function naiveMetrics(inp: MetricsInput): Record<string, number> {
  const times = Array.from(inp.times);
  const eq = Array.from(inp.equity);
  const n = eq.length;
  const A = inp.periodsPerYear;
  const r = eq.slice(1).map((e, i) => e / eq[i] - 1);
  const years = (times[n - 1] - times[0]) / YEAR;
  const cagr = years > 0 ? (eq[n - 1] / inp.initialCash) ** (1 / years) - 1 : NaN;
  const sd = sampleSd(r);
  const downside = Math.sqrt(mean(r.map((x) => Math.min(x, 0) ** 2)));
  const dd = naiveEpisodes(times, eq);
  const maxDd = Math.min(0, ...dd.map((e) => e.depth));
  const q05 = quantile7(r, 0.05);
  const q95 = quantile7(r, 0.95);
  const out: Record<string, number> = {
    peak_equity: Math.max(...eq),
    total_return_pct: (eq[n - 1] / inp.initialCash - 1) * 100,
    cagr_pct: cagr * 100,
    volatility_ann_pct: sd * Math.sqrt(A) * 100,
    sharpe: div(mean(r), sd) * Math.sqrt(A),
    sortino: div(mean(r), downside) * Math.sqrt(A),
    calmar: div(cagr, Math.abs(maxDd)),
    max_drawdown_pct: maxDd * 100,
    max_drawdown_duration_days: Math.max(0, ...dd.map((e) => e.days)),
    max_drawdown_duration_bars: Math.max(0, ...dd.map((e) => e.bars)),
    avg_drawdown_pct: mean(dd.map((e) => e.depth)) * 100,
    avg_drawdown_duration_days: mean(dd.map((e) => e.days)),
    exposure_pct: (Array.from(inp.exposure).filter((x) => x > 0).length / n) * 100,
    turnover: years > 0 ? inp.tradedNotional / mean(eq) / years : NaN,
    var_95_pct: -q05 * 100,
    cvar_95_pct: -mean(r.filter((x) => x <= q05)) * 100,
    tail_ratio: div(Math.abs(q95), Math.abs(q05)),
    skew: naiveSkew(r),
    kurtosis: naiveKurt(r),
  };
  if (inp.benchmark) {
    const b = Array.from(inp.benchmark);
    const rb = b.slice(1).map((x, i) => x / b[i] - 1);
    const mr = mean(r);
    const mb = mean(rb);
    const cov = sum(r.map((x, i) => (x - mr) * (rb[i] - mb))) / (r.length - 1);
    const beta = allEqual(rb) ? NaN : div(cov, sampleSd(rb) ** 2);
    out.beta = beta;
    out.alpha_pct = (mr - beta * mb) * A * 100;
    out.buy_and_hold_return_pct = (b[n - 1] / b[0] - 1) * 100;
  }
  const t = inp.trades;
  const pnl = t.map((x) => x.pnl);
  const ret = t.map((x) => x.returnPct);
  const losses = -sum(pnl.filter((p) => p < 0));
  Object.assign(out, {
    num_trades: t.length,
    win_rate_pct: (pnl.filter((p) => p > 0).length / t.length) * 100,
    profit_factor: t.length ? div(sum(pnl.filter((p) => p > 0)), losses) : NaN,
    expectancy: mean(pnl),
    expectancy_pct: mean(ret) * 100,
    sqn: Math.sqrt(t.length) * div(mean(pnl), sampleSd(pnl)),
    best_trade_pct: t.length ? Math.max(...ret) * 100 : NaN,
    worst_trade_pct: t.length ? Math.min(...ret) * 100 : NaN,
    avg_trade_pct: t.length ? (ret.reduce((p, x) => p * (1 + x), 1) ** (1 / t.length) - 1) * 100 : NaN,
    avg_holding_days: mean(t.map((x) => (x.exitTime - x.entryTime) / DAY)),
    avg_holding_bars: mean(t.map((x) => x.exitBar - x.entryBar)),
  });
  return out;
}

function close(actual: number, expected: number, tol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

const tradeArb = fc
  .record({
    pnl: fc.integer({ min: -50, max: 50 }),
    ret: fc.integer({ min: -90, max: 200 }),
    start: fc.integer({ min: 0, max: 100 }),
    hold: fc.integer({ min: 0, max: 30 }),
  })
  .map(
    ({ pnl, ret, start, hold }): TradeRecord => ({
      symbol: 'X',
      side: 'long',
      qty: 1,
      entryTime: start * DAY,
      entryBar: start,
      entryPrice: 100,
      exitTime: (start + hold) * DAY,
      exitBar: start + hold,
      exitPrice: 100,
      pnl,
      fees: 1,
      returnPct: ret / 100,
    }),
  );

/**
 * Random runs: equity in cents between 50 and 150 (so flat stretches, exact returns to a peak
 * and tied returns all occur), irregular gaps of 1–5 days, optional benchmark.
 */
const runArb = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      equity: fc.array(fc.integer({ min: 5000, max: 15000 }), { minLength: n, maxLength: n }),
      gaps: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }),
      exposure: fc.array(fc.constantFrom(0, 0.5, 1), { minLength: n, maxLength: n }),
      benchmark: fc.option(fc.array(fc.integer({ min: 5000, max: 15000 }), { minLength: n, maxLength: n })),
      trades: fc.array(tradeArb, { maxLength: 8 }),
      initialCash: fc.integer({ min: 50, max: 150 }),
      notional: fc.integer({ min: 0, max: 10_000 }),
      periodsPerYear: fc.constantFrom(12, 52, 252, 365, 1638),
    }),
  )
  .map(
    (g): MetricsInput => {
      let t = Date.UTC(2020, 0, 1);
      return {
        times: Float64Array.from(g.gaps, (d) => (t += d * DAY)),
        equity: Float64Array.from(g.equity, (c) => c / 100),
        exposure: Float64Array.from(g.exposure),
        benchmark: g.benchmark ? Float64Array.from(g.benchmark, (c) => c / 100) : null,
        trades: g.trades,
        periodsPerYear: g.periodsPerYear,
        initialCash: g.initialCash,
        tradedNotional: g.notional,
        totalFees: 7,
      };
    },
  );

describe('computeMetrics against naive definitions', () => {
  it('agrees on random runs', () => {
    fc.assert(
      fc.property(runArb, (inp) => {
        const m = computeMetrics(inp) as unknown as Record<string, number>;
        for (const [key, expected] of Object.entries(naiveMetrics(inp))) {
          if (!close(m[key], expected, 1e-9)) throw new Error(`${key}: ${m[key]} vs naive ${expected}`);
        }
        if (!inp.benchmark) expect([m.beta, m.alpha_pct, m.buy_and_hold_return_pct].every(Number.isNaN)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** Metrics in currency units, which scale with the account; every other metric is a ratio. */
const CURRENCY: (keyof Metrics)[] = ['final_equity', 'peak_equity', 'expectancy', 'total_fees'];

function scaled(inp: MetricsInput, k: number): MetricsInput {
  const times = (x: Float64Array) => x.map((v) => v * k);
  return {
    ...inp,
    equity: times(inp.equity),
    benchmark: inp.benchmark && times(inp.benchmark),
    initialCash: inp.initialCash * k,
    tradedNotional: inp.tradedNotional * k,
    totalFees: inp.totalFees * k,
    trades: inp.trades.map((t) => ({ ...t, qty: t.qty * k, pnl: t.pnl * k, fees: t.fees * k })),
  };
}

describe('scaling the account by k > 0', () => {
  it('by a power of two changes no ratio at all (every division is exact)', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: -20, max: 20 }), (inp, j) => {
        const k = 2 ** j;
        const a = computeMetrics(inp);
        const b = computeMetrics(scaled(inp, k));
        for (const key of Object.keys(a) as (keyof Metrics)[]) {
          const expected = CURRENCY.includes(key) ? (a[key] as number) * k : a[key];
          if (!Object.is(b[key], expected)) throw new Error(`${key}: ${b[key]} vs ${expected}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('by any factor changes ratios only by rounding (GOOG closes as equity)', () => {
    const bars = googDaily();
    const inp: MetricsInput = {
      times: bars.time,
      equity: bars.close,
      exposure: new Float64Array(bars.length).fill(1),
      trades: [],
      periodsPerYear: 252,
      initialCash: 100,
      benchmark: bars.open,
      tradedNotional: 123_456,
      totalFees: 321,
    };
    const a = computeMetrics(inp);
    for (const k of [0.37, 3, 1234.5]) {
      const b = computeMetrics(scaled(inp, k));
      for (const key of Object.keys(a) as (keyof Metrics)[]) {
        if (typeof a[key] === 'string') expect(b[key]).toBe(a[key]);
        else {
          const expected = CURRENCY.includes(key) ? (a[key] as number) * k : (a[key] as number);
          expect(close(b[key] as number, expected, 1e-9), `${key} at k = ${k}: ${b[key]} vs ${expected}`).toBe(true);
        }
      }
    }
  });
});
