import { z } from 'zod';
import { SextantError } from '../../core/errors.js';

/**
 * Every risk limit, validated in one place. Convention: **null turns a limit off**; a limit that
 * is on must be a positive number (0 is refused rather than read as "off", because a zero limit
 * such as maxPositionPct 0 would otherwise mean "no positions at all" — use the REDUCING trading
 * state for that). Percentages are plain percent (5 = 5 %) of current equity unless noted.
 */
function limit(expected: string, ok: (v: number) => boolean) {
  return z.number({ error: expected }).refine(ok, { error: expected });
}
const positive = (what: string) => limit(`a number > 0 (${what}), or null to turn it off`, (v) => v > 0);
const percent = (what: string) => limit(`a percentage > 0 and ≤ 100 (${what}), or null to turn it off`, (v) => v > 0 && v <= 100);
const count = (what: string) => limit(`a whole number ≥ 1 (${what}), or null to turn it off`, (v) => Number.isInteger(v) && v >= 1);
const flag = () => z.boolean({ error: 'true or false' });

const CircuitBreakerSchema = z.strictObject({
  /** Losing closed trades in a row (pnl < 0) that pause a strategy. Default 5: five straight losses is rare for a working strategy (1 in 32 at a 50 % hit rate). */
  consecutiveLosses: count('losing trades in a row').nullable().default(5),
  /** How many of the latest closed trades the loss rate is measured over (trades). Default 20: enough trades for the rate to mean something. */
  lossRateWindow: limit('a whole number ≥ 1 (trades in the loss-rate window)', (v) => Number.isInteger(v) && v >= 1).default(20),
  /** Share of losing trades in the window (0–1) that pauses a strategy; only a full window counts. Default 0.8: 16 of 20 lost. */
  lossRateThreshold: limit('a loss rate > 0 and ≤ 1 (0.8 = 80 % of trades lost), or null to turn it off', (v) => v > 0 && v <= 1)
    .nullable()
    .default(0.8),
  /** How long a tripped strategy stays paused (minutes). Default 1440: one day, time for a person to look. */
  cooldownMinutes: limit('a number > 0 (minutes of cool-down)', (v) => v > 0).default(1440),
});

const OrderRateSchema = z.strictObject({
  /** Most orders the session may submit within `perSeconds` (orders). Default 60: one a second on average, far above a bar-driven strategy and low enough to stop a runaway loop. */
  maxOrders: count('orders per window').nullable().default(60),
  /** Length of the sliding window (seconds). Default 60. */
  perSeconds: limit('a number > 0 (seconds in the order-rate window)', (v) => v > 0).default(60),
});

export const RiskConfigSchema = z.strictObject({
  /** |position value| of one symbol after the order, open orders counted, as % of equity. Default 100: no single name larger than the account. */
  maxPositionPct: positive('% of equity per symbol').nullable().default(100),
  /** Σ |position value| over all symbols after the order, open orders counted, % of equity. Default 100: no leverage (the backtest's default leverage is 1). */
  maxGrossExposurePct: positive('% of equity, gross').nullable().default(100),
  /** |Σ signed position value| after the order, open orders counted, % of equity. Default 100: no leveraged directional bet. */
  maxNetExposurePct: positive('% of equity, net').nullable().default(100),
  /** qty × expected price of one order (currency units). Default 1,000,000: a fat-finger backstop that a normal order never meets. */
  maxOrderNotional: positive('currency units per order').nullable().default(1_000_000),
  /** qty × |price − stopLoss| of one order as % of equity; orders without a stopLoss are not measured. Default 5 (the issue's rule; 1–2 % is common for discretionary traders, 5 % bounds a single bad trade). */
  maxRiskPerOrderPct: percent('% of equity at risk per order').nullable().default(5),
  /** Deny exposure-increasing orders that carry no stopLoss. Default false: strategies without brackets still trade. */
  requireStopLoss: flag().default(false),
  /** Equity below the day's starting equity by this % → only exposure-reducing orders. Default 5: a day that bad needs a person. */
  dailyLossPct: percent('% below the day start').nullable().default(5),
  /** Equity below its session peak by this % → only exposure-reducing orders. Default 25: beyond what most strategies were tested to survive. */
  maxDrawdownPct: percent('% below the peak').nullable().default(25),
  /** Per-strategy pause after a run of losing trades (see circuit-breaker.ts). */
  circuitBreaker: CircuitBreakerSchema.prefault({}),
  /** Orders per sliding window for the whole session (orders from the controls' flatten are not limited). */
  orderRate: OrderRateSchema.prefault({}),
  /** A limit or stop price further than this % from the last price is denied (fat finger). Default 5: beyond a normal day's range for most liquid instruments. */
  priceBandPct: positive('% from the last price').nullable().default(5),
  /** Deny orders (other than flattening) while the symbol's market is closed. Default false: brokers queue such orders, and crypto never closes. */
  marketHoursOnly: flag().default(false),
});

export type RiskConfig = z.infer<typeof RiskConfigSchema>;

/** A fresh copy of the defaults. */
export function defaultRiskConfig(): RiskConfig {
  return RiskConfigSchema.parse({});
}

/** Every settable field as a dotted path (`circuitBreaker.consecutiveLosses`), in schema order. */
export const RISK_LIMIT_FIELDS: readonly string[] = leafPaths(defaultRiskConfig());

function leafPaths(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? leafPaths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Validates a risk config (missing fields take their defaults); throws RISK_CONFIG_INVALID naming the field. */
export function parseRiskConfig(input: unknown): RiskConfig {
  const parsed = RiskConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    throw new SextantError('RISK_CONFIG_INVALID', `risk config: unknown field '${field}'; known fields: ${RISK_LIMIT_FIELDS.join(', ')}`, {
      field,
      known: RISK_LIMIT_FIELDS,
    });
  }
  const field = issue.path.join('.') || '(top level)';
  const value = valueAt(input, issue.path);
  const expected = issue.code === 'invalid_type' && issue.expected === 'object' ? 'an object of limits' : issue.message;
  throw new SextantError('RISK_CONFIG_INVALID', `risk config: ${field}: expected ${expected} (got ${JSON.stringify(value) ?? 'nothing'})`, {
    field,
    value,
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const k of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k] : undefined;
  return node;
}

export interface LimitChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * `sextant controls limits --set field=value`: sets dotted fields from text (`null`/`off` turn a
 * limit off, `true`/`false` are flags, anything else must be a number; `_` and `,` digit
 * separators are allowed), re-validates the whole config and returns it with the fields that
 * actually changed, for the audit log. The input config is not modified.
 */
export function changeLimits(config: RiskConfig, changes: Record<string, string>): { config: RiskConfig; changes: LimitChange[] } {
  const next = structuredClone(config) as Record<string, unknown>;
  for (const [field, text] of Object.entries(changes)) {
    if (!RISK_LIMIT_FIELDS.includes(field)) {
      throw new SextantError('RISK_CONFIG_INVALID', `unknown risk limit '${field}'; known limits: ${RISK_LIMIT_FIELDS.join(', ')}`, {
        field,
        known: RISK_LIMIT_FIELDS,
      });
    }
    const keys = field.split('.');
    let node = next;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys[keys.length - 1]] = parseLimitText(field, text);
  }
  const validated = parseRiskConfig(next);
  const diff: LimitChange[] = [];
  for (const field of RISK_LIMIT_FIELDS) {
    const from = valueAt(config, field.split('.'));
    const to = valueAt(validated, field.split('.'));
    if (from !== to) diff.push({ field, from, to });
  }
  return { config: validated, changes: diff };
}

function parseLimitText(field: string, text: string): number | boolean | null {
  const t = text.trim().toLowerCase();
  if (t === 'null' || t === 'off' || t === 'none') return null;
  if (t === 'true' || t === 'on') return true;
  if (t === 'false') return false;
  const n = /^[+-]?(\d[\d_,]*)?(\.\d+)?(e[+-]?\d+)?$/.test(t) && /\d/.test(t) ? Number(t.replace(/[_,]/g, '')) : NaN;
  if (!Number.isFinite(n)) {
    throw new SextantError('RISK_CONFIG_INVALID', `risk limit ${field}: '${text}' is not a number, true/false, or null/off`, { field, value: text });
  }
  return n;
}
