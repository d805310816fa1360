import type { z } from 'zod';

/** The value of a strategy parameter as given on the command line or in a sweep. */
export type ParamValue = number | string | boolean;
export type StrategyParams = Record<string, ParamValue>;

/** A feature column the strategy declared in `init`; read it with `ctx.value(handle)`. */
export type FeatureHandle = number;

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit';
export type SignalKind = 'BUY' | 'SELL' | 'ABSTAIN';
/**
 * How long an order works: `day` until the end of the trading day of its first eligible bar,
 * `gtc` until cancelled, `ioc` on its first eligible bar only (the rest is cancelled), `fok`
 * completely on that bar or not at all.
 */
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok';

/**
 * What a model-driven signal says besides its kind. `lean` is the direction the model leaned
 * (+1 up, -1 down), also when it abstained, and `horizon` the bars its prediction covers: the
 * backtest judges acted and abstained signals by what that direction earned over the horizon.
 * `reasons` (text a person reads, e.g. the top feature contributions as JSON) travels with the
 * order and the trade it opens.
 */
export interface SignalNote {
  lean?: -1 | 1;
  horizon?: number;
  reasons?: string;
}

/** What a strategy asks for. Quantities are positive units; `side` says the direction. */
export interface OrderRequest {
  side: OrderSide;
  qty: number;
  type?: OrderType;
  /** Limit price for limit and stop-limit orders. */
  limit?: number;
  /** Trigger price for stop and stop-limit orders. */
  stop?: number;
  /** Bracket: once the entry fills, a reduce-only take-profit limit and stop-loss stop are placed (one cancels the other). */
  takeProfit?: number;
  stopLoss?: number;
  /** Only reduces an existing position; never opens or flips one. */
  reduceOnly?: boolean;
  /** Default gtc. */
  tif?: TimeInForce;
  /** Defaults to the symbol of the bar being handled. */
  symbol?: string;
  tag?: string;
}

/** Declared once before the first bar. */
export interface InitContext {
  readonly symbols: readonly string[];
  readonly params: StrategyParams;
  /** Declares a feature (a registry name such as `sma_10`) so it is precomputed causally; one handle for all symbols. */
  feature(name: string): FeatureHandle;
}

/**
 * What a strategy sees on each bar: data up to and including the bar being handled, never later.
 * Lookbacks count bars back from the current one (0 = this bar); a negative lookback is refused.
 */
export interface BarContext {
  /** Symbol of the bar being handled, its index among `symbols`, and its close time (UTC ms). */
  readonly symbol: string;
  readonly symbolIndex: number;
  readonly time: number;
  /** How many bars of this symbol came before this one. */
  readonly barIndex: number;
  open(lookback?: number): number;
  high(lookback?: number): number;
  low(lookback?: number): number;
  close(lookback?: number): number;
  volume(lookback?: number): number;
  value(handle: FeatureHandle, lookback?: number): number;
  /** Signed position in units (negative = short) of a symbol, default the current one. */
  position(symbol?: string): number;
  readonly cash: number;
  readonly equity: number;
  /** A seeded uniform random number in [0, 1): the same seed gives the same run. */
  random(): number;
  order(request: OrderRequest): number;
  buy(qty: number, opts?: Omit<OrderRequest, 'side' | 'qty'>): number;
  sell(qty: number, opts?: Omit<OrderRequest, 'side' | 'qty'>): number;
  cancel(orderId: number): void;
  /** Cancels the symbol's working orders and sends a market order that flattens its position. */
  closePosition(symbol?: string): void;
  /**
   * BUY / SELL set the target direction (long / short, or flat when shorting is off) and the
   * sizing step turns it into units at the fill; repeating the current direction keeps the
   * position. ABSTAIN changes nothing and is counted.
   */
  signal(kind: SignalKind, confidence?: number, symbol?: string, note?: SignalNote): void;
}

export interface Strategy {
  init(ctx: InitContext): void;
  onBar(ctx: BarContext): void;
}

/** A named, documented strategy with validated parameters. */
export interface StrategyDefinition<P extends StrategyParams = StrategyParams> {
  name: string;
  description: string;
  params: z.ZodType<P>;
  /** Whether the strategy goes short on SELL (otherwise SELL means flat); a function when a parameter decides. */
  allowShort: boolean | ((params: StrategyParams) => boolean);
  /** Ids of the registered models the strategy needs loaded before it is created. */
  models?(params: P): string[];
  create(params: P, deps?: StrategyDeps): Strategy;
}

export function allowsShort<P extends StrategyParams>(def: StrategyDefinition<P>, params: P): boolean {
  return typeof def.allowShort === 'function' ? def.allowShort(params) : def.allowShort;
}

/** One feature's share of a prediction, for a person reading why a signal was given. */
export interface Contribution {
  feature: string;
  value: number;
  contribution: number;
}

/**
 * A registered model as a strategy uses it: calibrated probabilities from one row of feature
 * values. Loaded from the store before the run (see `models` above), so a strategy never does I/O.
 */
export interface SignalModel {
  id: string;
  /** Feature registry names, in the order `predict` reads a row. */
  features: readonly string[];
  /** Bars ahead the label looked (the horizon the prediction is about). */
  horizon: number;
  /** `up`: one probability, P(up); `down-flat-up`: three class probabilities. */
  classes: 'up' | 'down-flat-up';
  /** Writes the calibrated probabilities of one row into `out`. */
  predict(row: Float64Array, out: Float64Array): void;
  /** The k largest contributions (by magnitude) to the raw output for one row; for three classes, to up minus down. */
  reasons(row: Float64Array, k: number): Contribution[];
}

export interface StrategyDeps {
  models: ReadonlyMap<string, SignalModel>;
}
