/**
 * Not a test module: typechecked by order-state.test.ts (never run). Every line marked
 * `@ts-expect-error` is an illegal transition and must fail to compile; the rest are legal and
 * must compile. An unused `@ts-expect-error` (an illegal transition that compiles) is an error.
 */
import { type NextState, type OrderState, nextState } from '../../../src/trading/oms/order-state.js';

/** A transition written with the type alone. */
function move<S extends OrderState>(from: S, to: NextState<S>): void {
  void from;
  void to;
}

export function typedAlias(): void {
  move('new', 'submitted');
  move('new', 'pending-approval');
  move('pending-approval', 'expired');
  move('partially-filled', 'partially-filled');
  move('cancel-pending', 'filled');
  // @ts-expect-error filled is final
  move('filled', 'canceled');
  // @ts-expect-error an order must pass risk before the broker sees it
  move('new', 'filled');
  // @ts-expect-error nothing goes back to new
  move('accepted', 'new');
  // @ts-expect-error a denied order never reaches the broker
  move('denied', 'submitted');
  // @ts-expect-error rejection comes from the broker, before acceptance
  move('accepted', 'rejected');
}

export function typedFunction(): void {
  nextState('new', 'denied');
  nextState('submitted', 'accepted');
  nextState('accepted', 'cancel-pending');
  // @ts-expect-error filled is final
  nextState('filled', 'canceled');
  // @ts-expect-error an order must pass risk before the broker sees it
  nextState('new', 'filled');
  // @ts-expect-error nothing goes back to new
  nextState('accepted', 'new');
}
