import type { TradingControls, TradingStore } from '../../store/trading-store.js';
import { getStrategy, listStrategies, paramNames, validateParams } from '../../strategy/registry.js';
import type { StrategyDefinition, StrategyParams } from '../../strategy/strategy.js';

/**
 * A strategy's settings, for the CLI and the HTTP API: switched on or off and its approval mode
 * live in the trading controls (so running sessions apply them at their next bar, journaled),
 * its launch parameters in their own table. Every change is audit-logged.
 */

export const APPROVAL_MODES = ['session', 'required'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** Default parameter values, read from the schema by validating an empty object. */
export function defaultParams(def: StrategyDefinition): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  return parsed.success ? (parsed.data as Record<string, unknown>) : {};
}

/** A strategy with its settings, as the API and `--json` show it. */
export function strategyJson(def: StrategyDefinition, c: TradingControls, saved: ReturnType<TradingStore['strategyParams']>) {
  const own = saved[def.name];
  return {
    name: def.name,
    description: def.description,
    params: paramNames(def) ?? [],
    defaults: defaultParams(def),
    launch_params: own ? own.params : defaultParams(def),
    params_updated_at: own ? new Date(own.updatedAt).toISOString() : null,
    enabled: !c.disabledStrategies.includes(def.name),
    approval_mode: (c.approvalStrategies.includes(def.name) ? 'required' : 'session') as ApprovalMode,
    kill_switch: c.killGlobal || c.killStrategies.includes(def.name),
  };
}

export function listStrategySettings(trading: TradingStore) {
  const c = trading.controls();
  const saved = trading.strategyParams();
  return listStrategies().map((d) => strategyJson(d, c, saved));
}

const withOrWithout = (list: readonly string[], name: string, on: boolean) => (on ? [...new Set([...list, name])] : list.filter((s) => s !== name));

/** Switches a strategy on or off (STRATEGY_UNKNOWN for a name the registry lacks). */
export function setStrategyEnabled(trading: TradingStore, name: string, enabled: boolean, actor: string, reason: string | null) {
  const def = getStrategy(name);
  const c = trading.controls();
  trading.updateControls({ disabledStrategies: withOrWithout(c.disabledStrategies, def.name, !enabled) }, actor, enabled ? 'strategy.enable' : 'strategy.disable', { strategy: def.name, reason });
  return strategyJson(def, trading.controls(), trading.strategyParams());
}

/** `required` holds every order of the strategy for a person; `session` leaves it to how each session was started. */
export function setStrategyApproval(trading: TradingStore, name: string, mode: ApprovalMode, actor: string, reason: string | null) {
  const def = getStrategy(name);
  const c = trading.controls();
  const from: ApprovalMode = c.approvalStrategies.includes(def.name) ? 'required' : 'session';
  trading.updateControls({ approvalStrategies: withOrWithout(c.approvalStrategies, def.name, mode === 'required') }, actor, 'strategy.approval', { strategy: def.name, from, to: mode, reason });
  return strategyJson(def, trading.controls(), trading.strategyParams());
}

/** Validates and saves the parameters a strategy is launched with (STRATEGY_PARAM_INVALID names the parameter). */
export function setStrategyParams(trading: TradingStore, name: string, params: StrategyParams, actor: string, reason: string | null) {
  const def = getStrategy(name);
  const valid = validateParams(def, params);
  const from = trading.strategyParams()[def.name]?.params ?? defaultParams(def);
  trading.setStrategyParams(def.name, valid, actor, { from, to: valid, reason });
  return strategyJson(def, trading.controls(), trading.strategyParams());
}
