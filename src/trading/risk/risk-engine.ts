import type { RiskCheck } from './checks/check.js';
import { checkCircuitBreaker } from './checks/circuit-breaker.js';
import { checkDailyLoss } from './checks/daily-loss.js';
import { checkGrossExposure } from './checks/gross-exposure.js';
import { checkKillSwitch } from './checks/kill-switch.js';
import { checkMarketHours } from './checks/market-hours.js';
import { checkMaxDrawdown } from './checks/max-drawdown.js';
import { checkMaxPosition } from './checks/max-position.js';
import { checkNetExposure } from './checks/net-exposure.js';
import { checkOrderNotional } from './checks/order-notional.js';
import { checkOrderRate } from './checks/order-rate.js';
import { checkOrderRisk } from './checks/order-risk.js';
import { checkPriceBand } from './checks/price-band.js';
import { checkPriceKnown } from './checks/price-known.js';
import { checkStopRequired } from './checks/stop-required.js';
import { checkTradingState } from './checks/trading-state.js';
import type { RiskConfig } from './config.js';
import type { RiskDecision, RiskOrder, RiskSnapshot } from './types.js';

interface CheckEntry {
  name: string;
  run: RiskCheck;
  /** Whether the config has this check on; a check that is off is neither run nor listed as passed. */
  on: (c: RiskConfig) => boolean;
}

const always = (): boolean => true;

/**
 * The checks in the order they run: the trading-state gates first (cheap reads of the
 * snapshot, and the reasons a person most needs to see), then rate and clock, then prices, then
 * the per-order size limits, and last the portfolio sums, which walk every position.
 */
export const RISK_CHECKS: readonly CheckEntry[] = [
  { name: 'trading-state', run: checkTradingState, on: always },
  { name: 'kill-switch', run: checkKillSwitch, on: always },
  { name: 'circuit-breaker', run: checkCircuitBreaker, on: always },
  { name: 'daily-loss', run: checkDailyLoss, on: (c) => c.dailyLossPct !== null },
  { name: 'max-drawdown', run: checkMaxDrawdown, on: (c) => c.maxDrawdownPct !== null },
  { name: 'market-hours', run: checkMarketHours, on: (c) => c.marketHoursOnly },
  { name: 'order-rate', run: checkOrderRate, on: (c) => c.orderRate.maxOrders !== null },
  { name: 'price-known', run: checkPriceKnown, on: always },
  { name: 'price-band', run: checkPriceBand, on: (c) => c.priceBandPct !== null },
  { name: 'stop-required', run: checkStopRequired, on: (c) => c.requireStopLoss },
  { name: 'order-notional', run: checkOrderNotional, on: (c) => c.maxOrderNotional !== null },
  { name: 'order-risk', run: checkOrderRisk, on: (c) => c.maxRiskPerOrderPct !== null },
  { name: 'max-position', run: checkMaxPosition, on: (c) => c.maxPositionPct !== null },
  { name: 'gross-exposure', run: checkGrossExposure, on: (c) => c.maxGrossExposurePct !== null },
  { name: 'net-exposure', run: checkNetExposure, on: (c) => c.maxNetExposurePct !== null },
];

/** Runs the checks in order and stops at the first denial; `passed` names the checks passed before it. */
export function checkOrder(order: RiskOrder, snapshot: RiskSnapshot, config: RiskConfig): { decision: RiskDecision; passed: string[] } {
  const passed: string[] = [];
  for (const check of RISK_CHECKS) {
    if (!check.on(config)) continue;
    const decision = check.run(order, snapshot, config);
    if (!decision.ok) return { decision, passed };
    passed.push(check.name);
  }
  return { decision: { ok: true }, passed };
}
