import { money, percent } from '../format.js';
import { deny, PASS, type RiskCheck } from './check.js';

/** Limit and stop prices within ±priceBandPct of the last price (at the edge passes); market orders pass. */
export const checkPriceBand: RiskCheck = (order, s, c) => {
  const pct = c.priceBandPct;
  if (pct === null || order.type === 'market') return PASS;
  const last = s.lastPrice(order.symbol);
  if (!(last > 0 && Number.isFinite(last))) {
    return deny('RISK_NO_PRICE', `no last price for ${order.symbol}, so the ${order.type} price cannot be checked against the ${percent(pct)} price band`, {
      symbol: order.symbol,
      lastPrice: last,
    });
  }
  const band = (last * pct) / 100;
  const prices: [string, number | null][] = [
    ['limit', order.type === 'limit' || order.type === 'stop-limit' ? order.limitPrice : null],
    ['stop', order.type === 'stop' || order.type === 'stop-limit' ? order.stopPrice : null],
  ];
  for (const [kind, price] of prices) {
    if (price === null || Math.abs(price - last) <= band) continue;
    return deny(
      'RISK_PRICE_BAND',
      `${kind} price ${money(price)} is ${percent((Math.abs(price - last) / last) * 100)} from the last price ${money(last)}, outside the ${percent(pct)} price band`,
      { symbol: order.symbol, kind, price, lastPrice: last, bandPct: pct },
    );
  }
  return PASS;
};
