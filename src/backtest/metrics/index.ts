import { DAY_MS } from '../../core/interval.js';
import type { MetricsInput } from '../metrics-input.js';
import { NO_BENCHMARK, benchmarkStats } from './benchmark.js';
import { meanOf, shareAboveZero } from './curve.js';
import { drawdowns } from './drawdown.js';
import type { Metrics } from './metrics.js';
import { ratio } from './ratio.js';
import { returnMoments, simpleReturns } from './returns.js';
import { NO_TAIL, tailStats } from './tail.js';
import { tradeStats } from './trades.js';
import { validateMetricsInput } from './validate.js';

export type { Metrics } from './metrics.js';
export { periodsPerYear } from './periods-per-year.js';

/** A Julian year, the calendar length CAGR and turnover annualise over. */
const YEAR_MS = 365.25 * DAY_MS;

/**
 * Every metric of a run (definitions in docs/metrics.md). O(n) expected: a handful of passes
 * over the curve and one scratch array of n − 1 returns. Throws (INTERNAL) only for input no
 * run can produce; degenerate runs give NaN for what they leave undefined.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  validateMetricsInput(input);
  const { times, equity, benchmark, initialCash } = input;
  const n = times.length;
  const A = input.periodsPerYear;
  const durationMs = times[n - 1] - times[0];
  const years = durationMs / YEAR_MS;
  const final = equity[n - 1];

  const r = new Float64Array(n - 1);
  simpleReturns(equity, r);
  const moments = returnMoments(r);
  const bench = benchmark === null ? NO_BENCHMARK : benchmarkStats(r, moments.mean, benchmark);
  // tailStats reorders r, so it comes after everything that pairs r with the benchmark; a
  // non-finite return (NaN mean) would break the selection's comparisons
  const tail = Number.isFinite(moments.mean) ? tailStats(r) : NO_TAIL;
  const dd = drawdowns(times, equity);
  const trades = tradeStats(input.trades);

  const rootA = Math.sqrt(A);
  const growth = final / initialCash;
  // a negative growth has no real root in general (and ** would give a wrong positive one for even 1/Y)
  const cagr = years > 0 && growth >= 0 ? growth ** (1 / years) - 1 : NaN;
  return {
    start: new Date(times[0]).toISOString(),
    end: new Date(times[n - 1]).toISOString(),
    duration_days: durationMs / DAY_MS,
    bars: n,

    final_equity: final,
    peak_equity: dd.peak,
    total_return_pct: (growth - 1) * 100,
    cagr_pct: cagr * 100,
    buy_and_hold_return_pct: bench.buyAndHold * 100,

    volatility_ann_pct: moments.sd * rootA * 100,
    sharpe: ratio(moments.mean, moments.sd) * rootA,
    sortino: ratio(moments.mean, moments.downside) * rootA,
    calmar: ratio(cagr, -dd.max),

    max_drawdown_pct: dd.max * 100,
    max_drawdown_duration_days: dd.maxDurationDays,
    max_drawdown_duration_bars: dd.maxDurationBars,
    avg_drawdown_pct: dd.avgDepth * 100,
    avg_drawdown_duration_days: dd.avgDurationDays,

    exposure_pct: shareAboveZero(input.exposure) * 100,
    turnover: years > 0 ? ratio(input.tradedNotional, meanOf(equity)) / years : NaN,
    total_fees: input.totalFees,

    num_trades: trades.count,
    win_rate_pct: trades.winRate * 100,
    profit_factor: trades.profitFactor,
    expectancy: trades.expectancy,
    expectancy_pct: trades.expectancyReturn * 100,
    sqn: trades.sqn,
    best_trade_pct: trades.bestReturn * 100,
    worst_trade_pct: trades.worstReturn * 100,
    avg_trade_pct: trades.avgReturn * 100,
    avg_holding_days: trades.avgHoldingDays,
    avg_holding_bars: trades.avgHoldingBars,

    var_95_pct: tail.var95 * 100,
    cvar_95_pct: tail.cvar95 * 100,
    tail_ratio: tail.tailRatio,
    skew: moments.skew,
    kurtosis: moments.kurtosis,
    alpha_pct: bench.alphaPerPeriod * A * 100,
    beta: bench.beta,
  };
}
