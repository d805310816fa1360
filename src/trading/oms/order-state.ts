import { SextantError } from '../../core/errors.js';

/**
 * The life of an order in the OMS. Risk runs on `new`: a denial ends it as `denied`; with human
 * approval on, an order that passed risk waits as `pending-approval` until a person approves it
 * (on to `submitted`), rejects it (`denied`) or the approval window passes (`expired`). From
 * `submitted` the broker's answers move it on. Fills are events that lead to `partially-filled`
 * or `filled`; a fill that arrives while a cancel is pending leaves it `cancel-pending` until the
 * broker confirms, unless it completes the order.
 */
export const ORDER_TRANSITIONS = {
  new: ['pending-approval', 'submitted', 'denied'],
  'pending-approval': ['submitted', 'denied', 'expired'],
  submitted: ['accepted', 'rejected', 'partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  accepted: ['partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'cancel-pending', 'canceled', 'expired'],
  'cancel-pending': ['cancel-pending', 'filled', 'canceled', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
  denied: [],
} as const satisfies Record<string, readonly string[]>;

export type OrderState = keyof typeof ORDER_TRANSITIONS;
export const ORDER_STATES = Object.keys(ORDER_TRANSITIONS) as OrderState[];

/** The states an order in state S may move to: `next('filled', …)` does not compile. */
export type NextState<S extends OrderState> = (typeof ORDER_TRANSITIONS)[S][number];

/** An order is done when nothing can happen to it any more. */
export type TerminalState = { [S in OrderState]: NextState<S> extends never ? S : never }[OrderState];

export function isTerminal(s: OrderState): s is TerminalState {
  return ORDER_TRANSITIONS[s].length === 0;
}

/** Orders that can still fill (count towards exposure and may be cancelled). */
export function isWorking(s: OrderState): boolean {
  return s === 'submitted' || s === 'accepted' || s === 'partially-filled' || s === 'cancel-pending';
}

export function canMove(from: OrderState, to: OrderState): boolean {
  return (ORDER_TRANSITIONS[from] as readonly OrderState[]).includes(to);
}

/** A move the types allow: `nextState('filled', 'canceled')` does not compile. */
export function nextState<S extends OrderState>(from: S, to: NextState<S>): NextState<S> {
  return checkTransition(from, to) as NextState<S>;
}

/** The same rule checked at run time, for states that come from outside the type system (the journal, a broker). */
export function checkTransition(from: OrderState, to: OrderState): OrderState {
  if (!canMove(from, to)) {
    throw new SextantError('ORDER_TRANSITION_INVALID', `an order cannot go from ${from} to ${to} (from ${from} it can go to ${ORDER_TRANSITIONS[from].join(', ') || 'nothing: it is final'})`, { from, to });
  }
  return to;
}

export function parseOrderState(s: string): OrderState {
  if (Object.hasOwn(ORDER_TRANSITIONS, s)) return s as OrderState;
  throw new SextantError('ORDER_TRANSITION_INVALID', `unknown order state '${s}': expected one of ${ORDER_STATES.join(', ')}`, { value: s });
}
