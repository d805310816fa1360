import type { Order } from './order.js';

/** A fill as recorded in a run: signed units (negative = sell). */
export interface FillRecord {
  orderId: number;
  symbol: string;
  time: number;
  /** Index of the equity point the fill belongs to. */
  point: number;
  qty: number;
  price: number;
  fee: number;
  tag: string;
}

/** What the kernel reports to a listener (tests check the accounting invariant after each one). */
export type EngineEvent =
  | { kind: 'order'; order: Order }
  | { kind: 'fill'; fill: FillRecord }
  | { kind: 'cancel'; order: Order; reason: string }
  | { kind: 'reject'; order: Order; reason: string }
  | { kind: 'carry'; symbol: number; fee: number }
  | { kind: 'bar'; symbol: number; bar: number };

export interface EngineCounters {
  orders: number;
  fills: number;
  cancelled: number;
  rejected: number;
  signals: number;
  abstentions: number;
}
