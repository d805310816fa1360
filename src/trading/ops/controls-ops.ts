import { SextantError } from '../../core/errors.js';
import type { ControlState, TradingControls, TradingStore } from '../../store/trading-store.js';
import { changeLimits, defaultRiskConfig, parseRiskConfig } from '../risk/config.js';

/**
 * Changing the trading controls, for the CLI (`sextant controls`) and the HTTP API alike: each
 * change and its audit entry are written in one transaction by the store.
 */

export const CONTROL_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;

/** The controls as `--json` and the API show them. */
export function controlsJson(c: TradingControls) {
  return { state: c.state, kill_switch: { global: c.killGlobal, strategies: c.killStrategies, flatten: c.flatten }, strategies: { disabled: c.disabledStrategies, approval_required: c.approvalStrategies }, limits: parseRiskConfig(c.limits ?? {}), version: c.version, updated_at: c.updatedAt === 0 ? null : new Date(c.updatedAt).toISOString() };
}

export function setTradingState(trading: TradingStore, state: string, actor: string, reason: string | null): TradingControls {
  const to = state.toUpperCase();
  if (!(CONTROL_STATES as readonly string[]).includes(to)) throw new SextantError('OPTION_INVALID', `state '${state}': expected active, reducing or halted`, { field: 'state', value: state });
  const from = trading.controls().state;
  return trading.updateControls({ state: to as ControlState }, actor, 'controls.state', { from, to, reason });
}

export interface KillSwitchChange {
  on: boolean;
  /** Only this strategy; without it, every strategy (and turning it off clears the per-strategy ones too). */
  strategy?: string;
  flatten?: boolean;
}

export function setKillSwitch(trading: TradingStore, k: KillSwitchChange, actor: string, reason: string | null): TradingControls {
  const c = trading.controls();
  const change: Partial<TradingControls> = k.strategy
    ? { killStrategies: k.on ? [...new Set([...c.killStrategies, k.strategy])] : c.killStrategies.filter((s) => s !== k.strategy) }
    : { killGlobal: k.on, ...(k.on ? {} : { killStrategies: [] }) };
  change.flatten = k.on ? k.flatten === true : false;
  return trading.updateControls(change, actor, 'controls.kill-switch', { on: k.on, strategy: k.strategy ?? null, flatten: change.flatten, reason });
}

export interface LimitsChange {
  /** Dotted field → value as text (`null` / `off` turn a limit off). */
  set: Record<string, string>;
  /** Start from the documented defaults instead of the current limits. */
  reset: boolean;
}

/** Validates a change of the risk limits and, unless `dryRun`, applies it; returns what changed either way. */
export function changeRiskLimits(trading: TradingStore, l: LimitsChange, actor: string, reason: string | null, dryRun = false) {
  const c = trading.controls();
  const current = l.reset ? defaultRiskConfig() : parseRiskConfig(c.limits ?? {});
  const { config, changes } = changeLimits(current, l.set);
  if (dryRun) return { controls: { ...c, limits: config as unknown as Record<string, unknown> }, changes, applied: false };
  const controls = trading.updateControls({ limits: config as unknown as Record<string, unknown> }, actor, 'controls.limits', { reset: l.reset, changes, reason });
  return { controls, changes, applied: true };
}
