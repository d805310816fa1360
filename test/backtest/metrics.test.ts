/**
 * computeMetrics on series small enough to work by hand (the arithmetic is in the comments),
 * on degenerate runs, and on the GOOG daily sample against values pinned from pandas.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics, type Metrics } from '../../src/backtest/metrics/index.js';
import type { MetricsInput } from '../../src/backtest/metrics-input.js';
import type { TradeRecord } from '../../src/engine/trade.js';
import { googDaily } from '../helpers/real-bars.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const days = (ds: number[]) => Float64Array.from(ds, (d) => T0 + d * DAY);

function input(over: Partial<MetricsInput> & { equity: Float64Array; times: Float64Array }): MetricsInput {
  return {
    exposure: new Float64Array(over.equity.length),
    trades: [],
    periodsPerYear: 252,
    initialCash: 100,
    benchmark: null,
    tradedNotional: 0,
    totalFees: 0,
    ...over,
  };
}

function trade(over: Partial<TradeRecord>): TradeRecord {
  return {
    symbol: 'X',
    side: 'long',
    qty: 1,
    entryTime: T0,
    entryBar: 0,
    entryPrice: 100,
    exitTime: T0 + DAY,
    exitBar: 1,
    exitPrice: 100,
    pnl: 0,
    fees: 0,
    returnPct: 0,
    ...over,
  };
}

/** Each listed metric within a relative tolerance (absolute near 0), or NaN where NaN is expected. */
function expectAll(m: Metrics, expected: Partial<Record<keyof Metrics, number>>, tol = 1e-9): void {
  for (const [key, value] of Object.entries(expected) as [keyof Metrics, number][]) {
    const actual = m[key] as number;
    if (Number.isNaN(value)) expect(actual, key).toBeNaN();
    else {
      expect(Number.isFinite(actual), `${key} = ${actual}`).toBe(true);
      expect(Math.abs(actual - value), `${key}: ${actual} vs ${value}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(value)));
    }
  }
}

describe('computeMetrics on a hand-worked run', () => {
  // Returns r = 0.10, −0.10, 0.20, −0.05, 0.10 from 100: equity 100, 110, 99, 118.8, 112.86, 124.146.
  // Points on days 0, 1, 2, 5, 6 and 730.5, so the run lasts exactly two Julian years.
  const times = days([0, 1, 2, 5, 6, 730.5]);
  const equity = Float64Array.of(100, 110, 99, 118.8, 112.86, 124.146);
  // Benchmark returns r_b = 0.05, −0.05, 0.10, 0, 0.05.
  const benchmark = Float64Array.of(100, 105, 99.75, 109.725, 109.725, 115.21125);
  const trades = [
    trade({ pnl: 20, returnPct: 0.2, entryTime: times[0], exitTime: times[2], entryBar: 0, exitBar: 2 }),
    trade({ side: 'short', pnl: -10, returnPct: -0.1, entryTime: times[2], exitTime: times[3], entryBar: 2, exitBar: 3 }),
    trade({ pnl: 5, returnPct: 0.05, entryTime: times[3], exitTime: times[5], entryBar: 3, exitBar: 5 }),
  ];
  const m = computeMetrics(
    input({
      times,
      equity,
      benchmark,
      trades,
      exposure: Float64Array.of(0, 1, 1, 0, 0.5, 0),
      tradedNotional: 1000,
      totalFees: 3.5,
    }),
  );

  it('reports the span and the curve', () => {
    expect(m.start).toBe('2020-01-01T00:00:00.000Z');
    expect(m.end).toBe(new Date(T0 + 730.5 * DAY).toISOString());
    expectAll(m, {
      bars: 6,
      duration_days: 730.5,
      final_equity: 124.146,
      peak_equity: 124.146,
      // 124.146 / 100 − 1
      total_return_pct: 24.146,
      // two years: √1.24146 − 1 = 0.114208239…
      cagr_pct: 11.420823906485267,
      // 115.21125 / 100 − 1
      buy_and_hold_return_pct: 15.21125,
      total_fees: 3.5,
      // exposure > 0 at 3 of 6 points
      exposure_pct: 50,
      // mean equity = 664.806 / 6 = 110.801; 1000 / 110.801 / 2 years
      turnover: 4.512594651672819,
    });
  });

  it('annualises mean and spread of returns', () => {
    // mean r = 0.25 / 5 = 0.05; deviations 0.05, −0.15, 0.15, −0.10, 0.05; S2 = Σd² = 0.06
    // sample var = 0.06 / 4 = 0.015
    expectAll(m, {
      // √(0.015 · 252) = √3.78
      volatility_ann_pct: 194.4222209522358,
      // 0.05 / √0.015 · √252 = √(0.0025 · 252 / 0.015) = √42
      sharpe: 6.48074069840786,
      // downside: mean(min(r,0)²) = (0.01 + 0.0025) / 5 = 0.0025, √ = 0.05; 0.05 / 0.05 · √252
      sortino: 15.874507866387544,
      // S3 = Σd³ = −0.00075: 5·√4/3 · (−0.00075) / 0.06^1.5 (pandas Series.skew() gives −0.1701034543599429)
      skew: -0.1701034543599429,
      // S4 = Σd⁴ = 0.001125: 5·6·4 · 0.001125 / (3·2 · 0.06²) − 3·4²/(3·2) = 6.25 − 8 (pandas .kurt(): −1.75)
      kurtosis: -1.75,
    });
  });

  it('takes historical tail quantiles by linear interpolation', () => {
    // sorted r: −0.10, −0.05, 0.10, 0.10, 0.20
    // 5 %: h = 4 · 0.05 = 0.2 → −0.10 + 0.2 · 0.05 = −0.09 (numpy.quantile: −0.09)
    // 95 %: h = 3.8 → 0.10 + 0.8 · 0.10 = 0.18 (numpy.quantile: 0.18)
    expectAll(m, {
      var_95_pct: 9,
      // only −0.10 is ≤ −0.09
      cvar_95_pct: 10,
      tail_ratio: 2,
    });
  });

  it('measures drawdown episodes', () => {
    // peak 110 (day 1), 99 is −10 %, back above at 118.8 (day 5): 4 days, 2 bars
    // peak 118.8 (day 5), 112.86 is −5 %, back above at 124.146 (day 730.5): 725.5 days, 2 bars
    expectAll(m, {
      max_drawdown_pct: -10,
      max_drawdown_duration_days: 725.5,
      max_drawdown_duration_bars: 2,
      avg_drawdown_pct: -7.5,
      avg_drawdown_duration_days: 364.75,
      // CAGR / |max drawdown| = 0.114208… / 0.10
      calmar: 1.1420823906485267,
    });
  });

  it('regresses on the benchmark', () => {
    // mean r_b = 0.15 / 5 = 0.03; deviations 0.02, −0.08, 0.07, −0.03, 0.02; Σd_b² = 0.013
    // Σ d·d_b = 0.001 + 0.012 + 0.0105 + 0.003 + 0.001 = 0.0275 → β = 0.0275 / 0.013
    // α = (0.05 − β · 0.03) · 252 · 100
    expectAll(m, { beta: 2.1153846153846154, alpha_pct: -339.2307692307691 });
  });

  it('summarises the trades', () => {
    // pnl 20, −10, 5; returns 20 %, −10 %, 5 %
    expectAll(m, {
      num_trades: 3,
      win_rate_pct: (2 / 3) * 100,
      // 25 / 10
      profit_factor: 2.5,
      expectancy: 5,
      // (0.2 − 0.1 + 0.05) / 3
      expectancy_pct: 5,
      // pnl deviations 15, −15, 0 → sd = √(450 / 2) = 15; √3 · 5 / 15 = 1/√3
      sqn: 0.5773502691896257,
      best_trade_pct: 20,
      worst_trade_pct: -10,
      // geometric: ∛(1.2 · 0.9 · 1.05) − 1 = ∛1.134 − 1
      avg_trade_pct: 4.280799346593489,
      // (2 + 3 + 725.5) / 3 days; (2 + 1 + 2) / 3 bars
      avg_holding_days: 243.5,
      avg_holding_bars: 5 / 3,
    });
  });
});

describe('drawdown episodes worked by hand', () => {
  // points:  0    1    2    3    4    5    6    7    8
  // equity: 100   90   95  100  100   80  120   60   90
  // day:      0    1    2    3    4   10   11   12   30
  // A: peak 100 @0, deepest 90 (−10 %), back AT the peak @3 → 3 days, 3 bars
  // (@4 equals the peak: no episode, the peak moves to @4)
  // B: peak 100 @4, deepest 80 (−20 %), above it @6 (120) → 7 days, 2 bars
  // C: peak 120 @6, deepest 60 (−50 %), never recovered → to the end @8: 19 days, 2 bars
  const m = computeMetrics(
    input({ times: days([0, 1, 2, 3, 4, 10, 11, 12, 30]), equity: Float64Array.of(100, 90, 95, 100, 100, 80, 120, 60, 90) }),
  );

  it('counts a return to exactly the peak as a recovery and an open episode up to the end', () => {
    expectAll(m, {
      max_drawdown_pct: -50,
      // the longest episode in days (C) and in bars (A) need not be the same one
      max_drawdown_duration_days: 19,
      max_drawdown_duration_bars: 3,
      // (−10 − 20 − 50) / 3 and (3 + 7 + 19) / 3
      avg_drawdown_pct: -80 / 3,
      avg_drawdown_duration_days: 29 / 3,
      peak_equity: 120,
      final_equity: 90,
    });
  });
});

describe('degenerate runs give NaN, never an error', () => {
  it('hold-cash: flat equity, no trades', () => {
    const times = days([0, 1, 2, 3, 4]);
    const m = computeMetrics(
      input({ times, equity: new Float64Array(5).fill(100), benchmark: Float64Array.of(100, 101, 99, 102, 104) }),
    );
    expectAll(m, {
      total_return_pct: 0,
      cagr_pct: 0,
      volatility_ann_pct: 0,
      sharpe: NaN,
      sortino: NaN,
      calmar: NaN,
      max_drawdown_pct: 0,
      max_drawdown_duration_days: 0,
      max_drawdown_duration_bars: 0,
      avg_drawdown_pct: NaN,
      avg_drawdown_duration_days: NaN,
      exposure_pct: 0,
      turnover: 0,
      var_95_pct: 0,
      cvar_95_pct: 0,
      tail_ratio: NaN,
      skew: NaN,
      kurtosis: NaN,
      // zero returns have zero covariance with anything
      beta: 0,
      alpha_pct: 0,
      buy_and_hold_return_pct: 4,
      num_trades: 0,
      win_rate_pct: NaN,
      profit_factor: NaN,
      expectancy: NaN,
      expectancy_pct: NaN,
      sqn: NaN,
      best_trade_pct: NaN,
      worst_trade_pct: NaN,
      avg_trade_pct: NaN,
      avg_holding_days: NaN,
      avg_holding_bars: NaN,
    });
    // no −0 anywhere: it would print as 0 but compare unequal with Object.is
    expect(Object.is(m.var_95_pct, 0) && Object.is(m.cvar_95_pct, 0)).toBe(true);
  });

  it('constant returns: spread exactly 0, though their mean is not exact in binary', () => {
    // 9^k · 10^(11−k): every ratio is exactly 0.9, so all 11 returns are the same double; their
    // floating-point mean differs from it by 1.4e-17, which a plain two-pass sd would report
    const equity = Float64Array.from({ length: 12 }, (_, k) => 9 ** k * 10 ** (11 - k));
    const times = days(Array.from({ length: 12 }, (_, k) => k));
    // the same curve as benchmark: its variance is 0 too, so β is undefined
    const m = computeMetrics(input({ times, equity, benchmark: equity, initialCash: 1e11 }));
    expectAll(m, {
      beta: NaN,
      alpha_pct: NaN,
      volatility_ann_pct: 0,
      sharpe: NaN,
      skew: NaN,
      kurtosis: NaN,
      // −0.1 / √(0.1²) · √252
      sortino: -Math.sqrt(252),
      var_95_pct: 10,
      tail_ratio: 1,
    });
  });

  it('one point', () => {
    const m = computeMetrics(
      input({ times: days([0]), equity: Float64Array.of(99), exposure: Float64Array.of(1), benchmark: Float64Array.of(50) }),
    );
    expect(m.start).toBe(m.end);
    expectAll(m, {
      bars: 1,
      duration_days: 0,
      total_return_pct: -1,
      final_equity: 99,
      peak_equity: 99,
      cagr_pct: NaN,
      volatility_ann_pct: NaN,
      sharpe: NaN,
      sortino: NaN,
      calmar: NaN,
      max_drawdown_pct: 0,
      exposure_pct: 100,
      turnover: NaN,
      var_95_pct: NaN,
      cvar_95_pct: NaN,
      tail_ratio: NaN,
      skew: NaN,
      kurtosis: NaN,
      beta: NaN,
      alpha_pct: NaN,
      buy_and_hold_return_pct: 0,
    });
  });

  it('two points: one return has a mean but no spread', () => {
    const m = computeMetrics(input({ times: days([0, 1]), equity: Float64Array.of(100, 95) }));
    expectAll(m, {
      volatility_ann_pct: NaN,
      sharpe: NaN,
      // −0.05 / √(0.05²) · √252
      sortino: -Math.sqrt(252),
      var_95_pct: 5,
      cvar_95_pct: 5,
      max_drawdown_pct: -5,
      max_drawdown_duration_bars: 1,
    });
  });

  it('equity wiped out: return metrics are NaN, drawdown is −100 %', () => {
    const m = computeMetrics(input({ times: days([0, 1, 2, 3]), equity: Float64Array.of(100, 50, 0, 0) }));
    expectAll(m, { sharpe: NaN, volatility_ann_pct: NaN, var_95_pct: NaN, skew: NaN, max_drawdown_pct: -100, total_return_pct: -100, cagr_pct: -100 });
    // below zero over half a year: (−0.5)^2 would be a (wrong) real number
    const negative = computeMetrics(input({ times: days([0, 365.25 / 2]), equity: Float64Array.of(100, -50) }));
    expectAll(negative, { cagr_pct: NaN, calmar: NaN, total_return_pct: -150, max_drawdown_pct: -150 });
  });

  it('no benchmark: alpha, beta and buy-and-hold are NaN', () => {
    const m = computeMetrics(input({ times: days([0, 1, 2]), equity: Float64Array.of(100, 101, 103) }));
    expectAll(m, { alpha_pct: NaN, beta: NaN, buy_and_hold_return_pct: NaN });
  });

  it('only winners: profit factor undefined; one trade: SQN undefined; a loss beyond 100 %: geometric mean undefined', () => {
    const times = days([0, 1, 2]);
    const equity = Float64Array.of(100, 101, 103);
    expectAll(computeMetrics(input({ times, equity, trades: [trade({ pnl: 3, returnPct: 0.03 })] })), {
      profit_factor: NaN,
      sqn: NaN,
      win_rate_pct: 100,
      avg_trade_pct: 3,
    });
    // equal pnls: sd exactly 0 (their mean 0.1 is not exact in binary), so SQN is undefined
    const equal = [0.1, 0.1, 0.1].map((pnl) => trade({ pnl, returnPct: 0.001 }));
    expect(computeMetrics(input({ times, equity, trades: equal })).sqn).toBeNaN();
    const blowUp = [trade({ pnl: -150, returnPct: -1.5 }), trade({ pnl: 10, returnPct: 0.1 })];
    expectAll(computeMetrics(input({ times, equity, trades: blowUp })), { avg_trade_pct: NaN, worst_trade_pct: -150, profit_factor: 10 / 150 });
  });

  it('prints undefined values as null in JSON', () => {
    const m = computeMetrics(input({ times: days([0]), equity: Float64Array.of(100) }));
    const json = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    expect(json.sharpe).toBeNull();
    expect(json.bars).toBe(1);
    expect(Object.keys(json)).toEqual(Object.keys(m));
  });
});

describe('input no run can produce is refused with INTERNAL', () => {
  const ok = input({ times: days([0, 1, 2]), equity: Float64Array.of(100, 101, 102) });
  const cases: [string, Partial<MetricsInput>][] = [
    ['no points', { times: new Float64Array(0), equity: new Float64Array(0), exposure: new Float64Array(0) }],
    ['length mismatch', { equity: Float64Array.of(100, 101) }],
    ['benchmark length', { benchmark: Float64Array.of(1) }],
    ['times not increasing', { times: days([0, 2, 2]) }],
    ['NaN equity', { equity: Float64Array.of(100, NaN, 102) }],
    ['zero initial cash', { initialCash: 0 }],
    ['zero periods per year', { periodsPerYear: 0 }],
    ['NaN fees', { totalFees: NaN }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      expect(() => computeMetrics({ ...ok, ...over })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    });
  }
});

describe('the GOOG daily sample against pandas', () => {
  // Equity = GOOG closes, benchmark = GOOG opens, initial cash 100, A = 252. Reference values from
  // pandas 1.5.3 / numpy 1.24: r = close.pct_change(); r.std() (ddof 1), r.skew(), r.kurt(),
  // np.quantile(r, 0.05 / 0.95) (linear), CVaR = −r[r <= q05].mean(), β = np.cov(r, r_b)[0,1] / np.cov(r, r_b)[1,1],
  // drawdown = close / close.cummax() − 1, years = (last date − first date).days / 365.25.
  // The episode statistics come from a plain Python loop over the definition.
  const bars = googDaily();
  const m = computeMetrics(
    input({ times: bars.time, equity: bars.close, benchmark: bars.open, exposure: new Float64Array(bars.length).fill(1) }),
  );

  it('matches pandas', () => {
    expectAll(
      m,
      {
        bars: 2148,
        total_return_pct: 706.1900000000002,
        cagr_pct: 27.717498942963736,
        volatility_ann_pct: 34.40578616189212,
        sharpe: 0.8815185699129492,
        sortino: 1.3541673631507347,
        max_drawdown_pct: -65.29475997249897,
        calmar: 0.42449806009912394,
        skew: 0.7509291849603794,
        kurtosis: 8.977884467756585,
        var_95_pct: 3.0780025087434946,
        cvar_95_pct: 4.808958498266027,
        tail_ratio: 1.038012893300152,
        beta: 0.33675564357298154,
        alpha_pct: 20.09527642210049,
        buy_and_hold_return_pct: 697.8,
        max_drawdown_duration_days: 1784,
        max_drawdown_duration_bars: 1230,
        avg_drawdown_pct: -5.44944935340632,
        avg_drawdown_duration_days: 54.4,
        exposure_pct: 100,
      },
      1e-8,
    );
  });
});
