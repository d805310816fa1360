import { randomBytes } from 'node:crypto';
import { SextantError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { OrderRequest } from '../../strategy/strategy.js';
import { isWorking } from '../oms/order-state.js';
import type { OmsOrder } from '../oms/oms-order.js';
import { findOrder, submitManualOrder, writeCommand } from '../session/commands.js';

/**
 * What people do to orders, for the CLI and the HTTP API alike: submit, cancel, approve and
 * reject. Each writes a command into the session's journal (the running session applies it at
 * its next bar) and an audit entry naming who did it.
 */

export const CLIENT_ORDER_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Cross-field checks of an order request; `names` says how each field is called where it came from (an option or a JSON field). */
export function checkOrderRequest(req: OrderRequest, names: { limit: string; stop: string }): OrderRequest {
  if ((req.type === 'limit' || req.type === 'stop-limit') && req.limit === undefined) throw new SextantError('OPTION_INVALID', `a ${req.type} order needs ${names.limit}`, { field: names.limit });
  if ((req.type === 'stop' || req.type === 'stop-limit') && req.stop === undefined) throw new SextantError('OPTION_INVALID', `a ${req.type} order needs ${names.stop}`, { field: names.stop });
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as unknown as OrderRequest;
}

/** Queues a person's order in a session (idempotent by client order id); returns the id used. */
export async function submitOrder(store: Store, session: string, request: OrderRequest, actor: string, clientOrderId?: string): Promise<{ id: string; duplicate: boolean }> {
  const trading = store.trading();
  const id = clientOrderId ?? `${session}-m${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (!CLIENT_ORDER_ID.test(id)) throw new SextantError('OPTION_INVALID', `client order id '${id}': expected 1–64 letters, digits or . _ : -`, { field: 'client_order_id', value: id });
  const { duplicate } = submitManualOrder(trading, session, id, request, actor);
  if (!duplicate) await store.appendAudit({ actor, action: 'order.submit', subject: `${session}/${id}`, details: { ...request } });
  return { id, duplicate };
}

/** Asks a session to cancel a working order or one waiting for approval. */
export async function cancelOrder(store: Store, clientOrderId: string, actor: string, reason: string | null, session?: string): Promise<{ session: string; order: OmsOrder }> {
  const trading = store.trading();
  const found = findOrder(trading, clientOrderId, session);
  const { order } = found;
  if (!isWorking(order.state) && order.state !== 'pending-approval') throw new SextantError('ORDER_TRANSITION_INVALID', `order ${clientOrderId} is ${order.state}: only working orders and orders waiting for approval can be cancelled`, { order: clientOrderId, state: order.state });
  writeCommand(trading, found.session, clientOrderId, actor, { command: 'cancel', reason: reason ?? `cancelled by ${actor}` });
  await store.appendAudit({ actor, action: 'order.cancel', subject: `${found.session}/${clientOrderId}`, details: { reason, state: order.state } });
  return { session: found.session, order };
}

/** Records a person's decision on an order waiting for approval (a rejection needs a reason). */
export async function decideApproval(store: Store, clientOrderId: string, approved: boolean, actor: string, reason: string | undefined, session?: string): Promise<{ session: string; order: OmsOrder }> {
  const trading = store.trading();
  const found = findOrder(trading, clientOrderId, session);
  const { order } = found;
  if (order.state !== 'pending-approval') throw new SextantError('APPROVAL_NOT_PENDING', `order ${clientOrderId} is ${order.state}, not waiting for approval`, { order: clientOrderId, state: order.state });
  const why = reason?.trim() ?? '';
  if (!approved && why === '') throw new SextantError('OPTION_INVALID', 'a rejection needs a reason (--reason on the command line, "reason" in the API); it is logged with the decision', { field: 'reason' });
  writeCommand(trading, found.session, clientOrderId, actor, approved ? { command: 'approve', reason: why } : { command: 'reject', reason: why });
  await store.appendAudit({ actor, action: approved ? 'order.approve' : 'order.reject', subject: `${found.session}/${clientOrderId}`, details: { reason: why, signal: order.signal, qty: order.qty, symbol: order.symbol, side: order.side } });
  return { session: found.session, order };
}
