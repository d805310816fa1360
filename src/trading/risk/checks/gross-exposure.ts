import { portfolioExposure } from '../exposure.js';
import { money, percent } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/** Worst-case gross exposure after the order ≤ maxGrossExposurePct of equity, unless the order does not raise it. */
export const checkGrossExposure: RiskCheck = (order, s, c) => {
  const pct = c.maxGrossExposurePct;
  if (pct === null || isReducing(order, s)) return PASS;
  const e = portfolioExposure(order, s);
  if (e.unpriced !== null) {
    return deny('RISK_NO_PRICE', `no price for ${e.unpriced}, so gross exposure cannot be measured`, { symbol: e.unpriced });
  }
  const limit = (s.equity * pct) / 100;
  if (e.grossAfter <= limit || e.grossAfter <= e.grossBefore) return PASS;
  return deny(
    'RISK_GROSS_EXPOSURE',
    `gross exposure after the order could reach ${money(e.grossAfter)}, ${percent((e.grossAfter / s.equity) * 100)} of equity ${money(s.equity)}, over the ${percent(pct)} limit (now ${money(e.grossBefore)} with working orders)`,
    { grossBefore: e.grossBefore, grossAfter: e.grossAfter, equity: s.equity, limitPct: pct, limit },
  );
};
