import type { Side, TimeInForce, TradingOrderType } from '../broker.js';
import type { OrderState } from './order-state.js';

export type OrderOrigin = 'strategy' | 'manual' | 'flatten';

/** The signal behind a strategy order: what a person approving it needs to see. */
export interface OrderSignal {
  kind: string;
  confidence: number;
  /** The top reasons as the strategy gave them (feature contributions for model strategies). */
  reasons: unknown;
}

/** What is known about an order when it is created (the `order` journal event). */
export interface OrderIntent {
  strategy: string;
  origin: OrderOrigin;
  symbol: string;
  side: Side;
  /** Units; for a target order (sized at the fill) the estimate at the last price. */
  qty: number;
  /** A target order from a signal: its size is decided at the fill. */
  target: boolean;
  type: TradingOrderType;
  tif: TimeInForce;
  limitPrice: number | null;
  stopPrice: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  signal: OrderSignal | null;
  /** Feed time (UTC ms) and last price when it was created. */
  time: number;
  price: number;
  /** The kernel's own id for it in this run (paper trading). */
  kernelId: number | null;
}

/** An order as the journal tells it. */
export interface OmsOrder extends OrderIntent {
  clientOrderId: string;
  state: OrderState;
  createdTick: number;
  filledQty: number;
  avgFillPrice: number;
  fees: number;
  /** Risk checks passed, when it passed them. */
  passed: string[];
  /** Why it ended (denial code, cancel reason), or null. */
  code: string | null;
  reason: string | null;
  /** Wall time (ms) at which a pending approval lapses. */
  approvalExpiresAt: number | null;
  /** Who approved or rejected it, when and why. */
  decision: { actor: string; at: number; approved: boolean; reason: string } | null;
  updatedAt: number;
}

export function newOmsOrder(clientOrderId: string, intent: OrderIntent, tick: number, at: number): OmsOrder {
  return {
    ...intent,
    clientOrderId,
    state: 'new',
    createdTick: tick,
    filledQty: 0,
    avgFillPrice: 0,
    fees: 0,
    passed: [],
    code: null,
    reason: null,
    approvalExpiresAt: null,
    decision: null,
    updatedAt: at,
  };
}
