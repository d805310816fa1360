import { portfolioExposure } from '../exposure.js';
import { money, percent } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/**
 * |net exposure| ≤ maxNetExposurePct of equity, on the side the order pushes: a buy can only
 * raise the long extreme (every working buy filled), a sell only the short one, so a hedge that
 * brings net exposure back towards zero is never denied.
 */
export const checkNetExposure: RiskCheck = (order, s, c) => {
  const pct = c.maxNetExposurePct;
  if (pct === null || isReducing(order, s)) return PASS;
  const e = portfolioExposure(order, s);
  if (e.unpriced !== null) {
    return deny('RISK_NO_PRICE', `no price for ${e.unpriced}, so net exposure cannot be measured`, { symbol: e.unpriced });
  }
  const after = order.side === 1 ? e.netHighAfter : -e.netLowAfter;
  const limit = (s.equity * pct) / 100;
  if (after <= limit) return PASS;
  const direction = order.side === 1 ? 'long' : 'short';
  return deny(
    'RISK_NET_EXPOSURE',
    `net exposure after the order could reach ${money(after)} ${direction}, ${percent((after / s.equity) * 100)} of equity ${money(s.equity)}, over the ${percent(pct)} limit`,
    { direction, netAfter: after, equity: s.equity, limitPct: pct, limit },
  );
};
