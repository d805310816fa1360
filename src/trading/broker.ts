/**
 * The one interface every execution venue implements for paper and live trading: the
 * PaperBroker (simulated fills on real-time or replayed bars, with the backtest's fill models)
 * and the AlpacaBroker (REST v2 + the trade_updates stream). Quantities are positive units and
 * prices plain numbers inside Sextant; a broker converts to and from its wire format (Alpaca
 * sends decimals as strings) at its edge.
 */
import type { TimeInForce } from '../strategy/strategy.js';
import type { FeedBar } from './feeds/feed.js';

export type { TimeInForce };
export type Side = 'buy' | 'sell';
export type TradingOrderType = 'market' | 'limit' | 'stop' | 'stop-limit';

/** What the OMS sends. `clientOrderId` makes a submit idempotent: sending it twice creates one order. */
export interface BrokerOrderRequest {
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  type: TradingOrderType;
  tif: TimeInForce;
  limitPrice?: number;
  stopPrice?: number;
}

/** The states a broker reports; the OMS maps them onto its own state machine. */
export type BrokerOrderStatus = 'new' | 'accepted' | 'partially-filled' | 'filled' | 'cancel-pending' | 'canceled' | 'rejected' | 'expired';

export interface BrokerOrder {
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  filledQty: number;
  /** Volume-weighted price of the fills so far, null before the first. */
  filledAvgPrice: number | null;
  type: TradingOrderType;
  tif: TimeInForce;
  limitPrice: number | null;
  stopPrice: number | null;
  status: BrokerOrderStatus;
  /** UTC epoch ms. */
  submittedAt: number;
  updatedAt: number;
}

/** One event of an order at the broker. For fills, `fill` is this execution alone (not cumulative). */
export interface BrokerUpdate {
  event: 'new' | 'accepted' | 'fill' | 'partial-fill' | 'cancel-pending' | 'canceled' | 'rejected' | 'expired' | 'replaced';
  order: BrokerOrder;
  fill?: { qty: number; price: number; fee: number; time: number };
  /** Broker-side reason text for rejections and cancels, when given. */
  reason?: string;
}

/** A held position: signed units (negative = short). */
export interface BrokerPosition {
  symbol: string;
  qty: number;
  avgEntryPrice: number;
  /** Last price the broker marked it at. */
  price: number;
}

export interface BrokerAccount {
  /** The broker's account status text (Alpaca: ACTIVE, ACCOUNT_UPDATED, ...). */
  status: string;
  cash: number;
  equity: number;
  buyingPower: number;
  currency: string;
  /** Trading or the account is blocked at the broker. */
  blocked: boolean;
}

export interface MarketClock {
  /** UTC epoch ms. */
  now: number;
  isOpen: boolean;
  nextOpen: number;
  nextClose: number;
}

export interface TradingBroker {
  readonly name: string;
  /** Idempotent by `clientOrderId`: a repeated submit (say after a timeout) returns the order already there. */
  submit(req: BrokerOrderRequest): Promise<BrokerOrder>;
  /** Requests a cancel; the outcome arrives as an update (canceled, or a fill that won the race). */
  cancel(clientOrderId: string): Promise<void>;
  /** The order with that client id, or null when the broker has none. */
  getOrder(clientOrderId: string): Promise<BrokerOrder | null>;
  listOrders(which: 'open' | 'all'): Promise<BrokerOrder[]>;
  positions(): Promise<BrokerPosition[]>;
  account(): Promise<BrokerAccount>;
  clock(): Promise<MarketClock>;
  /** After a restart: follow an order from its present state, so only later changes become updates (brokers that derive fills from snapshots). */
  follow?(order: BrokerOrder): void;
  /** A simulated venue fills on the session's own bars: the runner hands it each bar before the kernel sees it. */
  onBar?(bar: FeedBar): void;
  /** Order updates, in the order the broker sent them. Returns the unsubscribe function. */
  onUpdate(listener: (u: BrokerUpdate) => void): () => void;
  close(): Promise<void>;
}
