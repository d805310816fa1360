import type { Order } from './order.js';

/**
 * What stands between the kernel's orders and the book in paper and live trading: the risk
 * checks, human approval and the order journal. Backtests run without one. Every call comes
 * before the kernel acts, so the journal always knows an event before the ledger does.
 */
export interface OrderGate {
  /** A new order: 'working' lets it into the book now, 'held' keeps it out until `OrderFlow.release`, 'denied' ends it. */
  admit(order: Order): 'working' | 'held' | 'denied';
  /** A fill about to be applied to the ledger. */
  fill(order: Order, qty: number, price: number, fee: number): void;
  /** An order about to end without filling completely (a target order sized to nothing ends as cancelled). */
  end(order: Order, status: 'cancelled' | 'rejected' | 'expired', reason: string): void;
}
