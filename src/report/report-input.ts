import type { TradeRecord } from '../engine/trade.js';

/** One baseline run shown next to the strategy. */
export interface BaselineSummary {
  name: string;
  total_return_pct: number;
  sharpe: number;
  max_drawdown_pct: number;
}

/** Everything a tear sheet shows; built from a recorded run. NaN means "undefined for this run". */
export interface ReportInput {
  runId: string;
  /** e.g. "sma-cross(fast=10, slow=20) on GOOG 1d". */
  title: string;
  /** Flat key → value pairs shown as the configuration table (strategy, params, cash, commission, …). */
  config: Record<string, string | number | boolean>;
  /** The run's metrics, snake_case names as in docs/metrics.md. */
  metrics: Record<string, number | string>;
  /** Close-stamped UTC ms, one per equity point. */
  times: Float64Array;
  equity: Float64Array;
  /** Buy-and-hold equity on the same times (same starting cash). */
  benchmark: Float64Array | null;
  periodsPerYear: number;
  trades: readonly TradeRecord[];
  baselines: readonly BaselineSummary[];
  /** Strategy vs baselines: excess return over buy-and-hold, regret (best baseline return − strategy return, ≥ 0 when a baseline won), Sharpe percentile among random seeds. */
  comparison: {
    excess_return_pct: number;
    regret_pct: number;
    sharpe_percentile_random: number;
    random_seeds: number;
  };
}
