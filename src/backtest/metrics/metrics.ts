/**
 * The performance metrics of one backtest run, keyed by the snake_case names used in JSON, the
 * store and docs/metrics.md (which defines each one). Percentages are in percent (-33.08 means
 * −33.08 %), ratios are plain numbers. NaN means "undefined for this run" (no trades, flat
 * equity, too few points, no benchmark); JSON.stringify prints it as null.
 *
 * A type alias rather than an interface so it is assignable to Record<string, number | string>
 * (the report's `metrics` field).
 */
export type Metrics = {
  start: string;
  end: string;
  duration_days: number;
  bars: number;

  final_equity: number;
  peak_equity: number;
  total_return_pct: number;
  cagr_pct: number;
  buy_and_hold_return_pct: number;

  volatility_ann_pct: number;
  sharpe: number;
  sortino: number;
  calmar: number;

  max_drawdown_pct: number;
  max_drawdown_duration_days: number;
  max_drawdown_duration_bars: number;
  avg_drawdown_pct: number;
  avg_drawdown_duration_days: number;

  exposure_pct: number;
  turnover: number;
  total_fees: number;

  num_trades: number;
  win_rate_pct: number;
  profit_factor: number;
  expectancy: number;
  expectancy_pct: number;
  sqn: number;
  best_trade_pct: number;
  worst_trade_pct: number;
  avg_trade_pct: number;
  avg_holding_days: number;
  avg_holding_bars: number;

  var_95_pct: number;
  cvar_95_pct: number;
  tail_ratio: number;
  skew: number;
  kurtosis: number;
  alpha_pct: number;
  beta: number;
};
