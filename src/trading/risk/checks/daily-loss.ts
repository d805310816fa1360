import { money, percent } from '../format.js';
import { isReducing } from '../position-effect.js';
import { deny, PASS, type RiskCheck } from './check.js';

/** Once equity is down by the limit since the day's start (reaching it counts), only reducing orders pass. */
export const checkDailyLoss: RiskCheck = (order, s, c) => {
  const pct = c.dailyLossPct;
  if (pct === null) return PASS;
  const loss = s.dayStartEquity - s.equity;
  const limit = (s.dayStartEquity * pct) / 100;
  if (loss < limit || isReducing(order, s)) return PASS;
  return deny(
    'RISK_DAILY_LOSS',
    `equity ${money(s.equity)} is ${money(loss)} (${percent((loss / s.dayStartEquity) * 100)}) below the day's start ${money(s.dayStartEquity)}, at or past the ${percent(pct)} daily loss limit: only orders that reduce a position are accepted`,
    { equity: s.equity, dayStartEquity: s.dayStartEquity, loss, limitPct: pct, limit },
  );
};
