import { SextantError } from '../core/errors.js';
import { buyAndHold, holdCash, randomStrategy } from './builtins/baselines.js';
import { donchianBreakout } from './builtins/donchian-breakout.js';
import { mlSignal } from './builtins/ml-signal.js';
import { rsiReversion } from './builtins/rsi-reversion.js';
import { smaCross } from './builtins/sma-cross.js';
import type { ParamValue, StrategyDefinition, StrategyParams } from './strategy.js';

const BUILTINS: readonly StrategyDefinition<any>[] = [smaCross, rsiReversion, donchianBreakout, mlSignal, holdCash, buyAndHold, randomStrategy];

export function listStrategies(): readonly StrategyDefinition[] {
  return BUILTINS;
}

export function getStrategy(name: string): StrategyDefinition {
  const def = BUILTINS.find((d) => d.name === name);
  if (!def) {
    throw new SextantError('STRATEGY_UNKNOWN', `unknown strategy '${name}': expected one of ${BUILTINS.map((d) => d.name).join(', ')}`, {
      value: name,
      expected: BUILTINS.map((d) => d.name),
    });
  }
  return def;
}

/** `fast=10` → ['fast', 10]; numbers and booleans are converted, anything else stays text. */
export function parseParamAssignment(text: string): [string, ParamValue] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SextantError('STRATEGY_PARAM_INVALID', `--param '${text}': expected NAME=VALUE, e.g. fast=10`, { value: text });
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const value: ParamValue = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return [key, value];
}

/** Validates parameters against the strategy's schema (defaults filled in, unknown names refused). */
export function validateParams(def: StrategyDefinition, given: StrategyParams): StrategyParams {
  const known = paramNames(def);
  for (const k of Object.keys(given)) {
    if (known !== null && !known.includes(k)) {
      throw new SextantError('STRATEGY_PARAM_INVALID', `strategy ${def.name} has no parameter '${k}' (parameters: ${known.join(', ') || 'none'})`, { strategy: def.name, param: k });
    }
  }
  const parsed = def.params.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || 'params';
    throw new SextantError('STRATEGY_PARAM_INVALID', `strategy ${def.name}, parameter ${where}: ${issue.message}`, { strategy: def.name, param: where, given });
  }
  return parsed.data as StrategyParams;
}

/** Parameter names of an object schema (a refined object included). */
export function paramNames(def: StrategyDefinition): string[] | null {
  const shape = (def.params as unknown as { shape?: Record<string, unknown> }).shape ?? (def.params as unknown as { _def?: { schema?: { shape?: Record<string, unknown> } } })._def?.schema?.shape;
  return shape ? Object.keys(shape) : null;
}
