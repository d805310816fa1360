import { money, percent } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/** Once equity is down by the limit from its peak (reaching it counts), only reducing orders pass. */
export const checkMaxDrawdown: RiskCheck = (order, s, c) => {
  const pct = c.maxDrawdownPct;
  if (pct === null) return PASS;
  const drawdown = s.peakEquity - s.equity;
  const limit = (s.peakEquity * pct) / 100;
  if (drawdown < limit || isReducing(order, s)) return PASS;
  return deny(
    'RISK_MAX_DRAWDOWN',
    `equity ${money(s.equity)} is ${money(drawdown)} (${percent((drawdown / s.peakEquity) * 100)}) below its peak ${money(s.peakEquity)}, at or past the ${percent(pct)} drawdown stop: only orders that reduce a position are accepted`,
    { equity: s.equity, peakEquity: s.peakEquity, drawdown, limitPct: pct, limit },
  );
};
