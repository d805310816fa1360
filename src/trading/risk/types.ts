import type { TradingOrderType } from '../broker.js';

/** ACTIVE trades normally, REDUCING only lets exposure-reducing orders through, HALTED lets nothing new through. */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** An order as the risk engine sees it, before it reaches a broker. */
export interface RiskOrder {
  clientOrderId: string;
  strategy: string;
  symbol: string;
  side: 1 | -1;
  /** Positive units. */
  qty: number;
  type: TradingOrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  /** The protective stop the order carries (bracket stop-loss), if any: risk = qty × |price − stopLoss|. */
  stopLoss: number | null;
  /** The price it is expected to fill at: the limit for limits, else the last price. */
  price: number;
  /** Who sent it: a strategy, a person (`sextant orders submit`), or the controls flattening a position (kill switch with flatten). */
  origin: 'strategy' | 'manual' | 'flatten';
}

export interface RiskPosition {
  /** Signed units. */
  qty: number;
  /** Last known price. */
  price: number;
}

/** Everything a check may read, assembled by the caller at the moment of the order. */
export interface RiskSnapshot {
  /** UTC epoch ms (the feed's clock: replay time in a replay, wall time live). */
  now: number;
  equity: number;
  cash: number;
  /** Equity at the start of the trading day of `now` (for the daily loss limit). */
  dayStartEquity: number;
  /** Highest equity seen in the session (for the drawdown stop). */
  peakEquity: number;
  positions: ReadonlyMap<string, RiskPosition>;
  /** Last traded price of a symbol (NaN if unknown). */
  lastPrice(symbol: string): number;
  /** Orders accepted and still working: they count towards exposure as if filled. */
  openOrders: readonly RiskOrder[];
  /** Times (ms) of orders this session submitted recently, oldest first (for the rate limit). */
  recentOrderTimes: readonly number[];
  tradingState: TradingState;
  killSwitch: { global: boolean; strategies: ReadonlySet<string> };
  /** Strategies switched off in the controls (absent: none). */
  disabledStrategies?: ReadonlySet<string>;
  /** Strategy → time (ms) until which its circuit breaker pauses it. */
  pausedUntil: ReadonlyMap<string, number>;
  /** Whether the market for a symbol is open at `now`. */
  marketOpen(symbol: string, now: number): boolean;
}

export type RiskDecision = { ok: true } | { ok: false; code: string; message: string; details: Record<string, unknown> };
