import type { TradeRecord } from '../engine/trade.js';

/** What the metrics are computed from: one point per distinct timestamp of the run. */
export interface MetricsInput {
  /** Close-stamped UTC ms, strictly increasing. */
  times: Float64Array;
  equity: Float64Array;
  /** Gross exposure / equity at each point (0 when flat); exposure_pct counts points where it is > 0. */
  exposure: Float64Array;
  /** Closed trades only (a position still open at the end is not a trade). */
  trades: readonly TradeRecord[];
  /** Annualisation factor A (252 for daily equities, 365 for daily crypto, scaled for intraday). */
  periodsPerYear: number;
  initialCash: number;
  /** Buy-and-hold equity on the same times, for alpha, beta and buy_and_hold_return_pct. */
  benchmark: Float64Array | null;
  /** Σ |qty · price| over all fills, for turnover. */
  tradedNotional: number;
  /** Σ fees over the run (commissions and borrow). */
  totalFees: number;
}
