import { SextantError } from '../../core/errors.js';
import type { BrokerOrder, BrokerOrderRequest } from '../broker.js';
import { toAlpacaType } from './order-map.js';
import { toDecimalString } from './wire-values.js';

/** Alpaca's limit on client_order_id. */
const MAX_CLIENT_ID = 128;

const positive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** The POST /v2/orders body for a request, after checking it names what its type needs. */
export function orderBody(req: BrokerOrderRequest): Record<string, string> {
  const bad = (field: string, expected: string, value: unknown): never => {
    throw new SextantError('ORDER_INVALID', `order ${req.clientOrderId}: '${field}' must be ${expected}, got ${JSON.stringify(value)}`, {
      clientOrderId: req.clientOrderId,
      field,
      value,
    });
  };
  if (!req.clientOrderId || req.clientOrderId.length > MAX_CLIENT_ID) bad('clientOrderId', `1 to ${MAX_CLIENT_ID} characters`, req.clientOrderId);
  if (!req.symbol) bad('symbol', 'a symbol', req.symbol);
  if (!positive(req.qty)) bad('qty', 'a positive number', req.qty);
  const needsLimit = req.type === 'limit' || req.type === 'stop-limit';
  const needsStop = req.type === 'stop' || req.type === 'stop-limit';
  if (needsLimit && !positive(req.limitPrice)) bad('limitPrice', `a positive price for a ${req.type} order`, req.limitPrice);
  if (needsStop && !positive(req.stopPrice)) bad('stopPrice', `a positive price for a ${req.type} order`, req.stopPrice);
  const body: Record<string, string> = {
    symbol: req.symbol,
    qty: toDecimalString(req.qty),
    side: req.side,
    type: toAlpacaType(req.type),
    time_in_force: req.tif,
    client_order_id: req.clientOrderId,
  };
  if (needsLimit) body.limit_price = toDecimalString(req.limitPrice!);
  if (needsStop) body.stop_price = toDecimalString(req.stopPrice!);
  return body;
}

/** Whether an order found under the request's client id is that request (and not another order that took the id). */
export function sameOrder(req: BrokerOrderRequest, o: BrokerOrder): boolean {
  return o.symbol === req.symbol && o.side === req.side && o.type === req.type && Math.abs(o.qty - req.qty) <= 1e-9 * Math.max(1, req.qty);
}
