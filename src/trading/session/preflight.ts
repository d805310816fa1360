import type { BrokerAccount, BrokerPosition, MarketClock, TradingBroker } from '../broker.js';
import type { RiskConfig } from '../risk/config.js';

export interface PreflightReport {
  broker: string;
  live: boolean;
  account: BrokerAccount;
  clock: MarketClock;
  positions: BrokerPosition[];
  openOrders: number;
  limits: RiskConfig;
  /** Reasons not to start; empty when it may go ahead. */
  problems: string[];
  /** Things a person should know but that do not stop it. */
  notes: string[];
}

/**
 * What a person must see before a session sends orders to a real broker: the account's status
 * and buying power, what it already holds, the market clock and the risk limits in force.
 */
export async function preflight(broker: TradingBroker, limits: RiskConfig, live: boolean): Promise<PreflightReport> {
  const [account, clock, positions, open] = await Promise.all([broker.account(), broker.clock(), broker.positions(), broker.listOrders('open')]);
  const problems: string[] = [];
  const notes: string[] = [];
  if (account.blocked) problems.push(`trading is blocked on the ${broker.name} account (status ${account.status})`);
  else if (account.status !== 'ACTIVE') problems.push(`the ${broker.name} account status is ${account.status}, not ACTIVE`);
  if (!(account.buyingPower > 0)) problems.push(`buying power is ${account.buyingPower} ${account.currency}`);
  if (!clock.isOpen) notes.push(`the market is closed; it opens at ${new Date(clock.nextOpen).toISOString()} and orders wait until then`);
  if (open.length > 0) notes.push(`${open.length} orders are already open at the broker`);
  if (limits.maxDrawdownPct === null || limits.dailyLossPct === null) notes.push('the drawdown stop or the daily loss limit is off');
  return { broker: broker.name, live, account, clock, positions, openOrders: open.length, limits, problems, notes };
}
