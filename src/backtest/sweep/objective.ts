import { SextantError } from '../../core/errors.js';
import type { Metrics } from '../metrics/index.js';

/** The keys of Metrics whose values are numbers: what a sweep can maximise. */
export type Objective = { [K in keyof Metrics]: Metrics[K] extends number ? K : never }[keyof Metrics];

// A record over every numeric key, so the compiler refuses this list if Metrics gains or loses one.
const OBJECTIVES: Record<Objective, true> = {
  bars: true,
  duration_days: true,
  final_equity: true,
  peak_equity: true,
  total_return_pct: true,
  cagr_pct: true,
  buy_and_hold_return_pct: true,
  volatility_ann_pct: true,
  sharpe: true,
  sortino: true,
  calmar: true,
  max_drawdown_pct: true,
  max_drawdown_duration_days: true,
  max_drawdown_duration_bars: true,
  avg_drawdown_pct: true,
  avg_drawdown_duration_days: true,
  exposure_pct: true,
  turnover: true,
  total_fees: true,
  num_trades: true,
  win_rate_pct: true,
  profit_factor: true,
  expectancy: true,
  expectancy_pct: true,
  sqn: true,
  best_trade_pct: true,
  worst_trade_pct: true,
  avg_trade_pct: true,
  avg_holding_days: true,
  avg_holding_bars: true,
  var_95_pct: true,
  cvar_95_pct: true,
  tail_ratio: true,
  skew: true,
  kurtosis: true,
  alpha_pct: true,
  beta: true,
};

export function parseObjective(name: string): Objective {
  if (!Object.hasOwn(OBJECTIVES, name)) {
    throw new SextantError('OPTION_INVALID', `--objective '${name}': expected a numeric metric, one of ${Object.keys(OBJECTIVES).join(', ')}`, { field: '--objective', value: name });
  }
  return name as Objective;
}

/**
 * Trial indices best first: by objective, highest first (it is maximised; drawdowns are
 * negative percentages, so the shallowest wins), NaN (undefined, e.g. the Sharpe of a run that
 * never traded) last, ties to the lower index so the order never depends on scheduling.
 */
export function rankByObjective(values: ArrayLike<number>): number[] {
  const key = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}
