import type { Order } from './order.js';

/**
 * Where the kernel's orders execute when that is not the kernel itself: a real broker in live
 * trading. With a venue the kernel does not match orders against bars; it sizes each order when
 * it is sent, sends it, asks the venue to cancel it, and applies what the venue reports back
 * (`OrderFlow.applyFill`, `OrderFlow.finish`) — the ledger changes only when the venue says so.
 */
export interface OrderVenue {
  /** An order admitted to the book, sized in units. */
  send(order: Order): void;
  /** Asks for a cancel; the order stays working until the venue reports how it ended. */
  cancel(order: Order, reason: string): void;
}
