import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import type { RiskConfig } from './config.js';
import { percent } from './format.js';

export interface BreakerResult {
  paused: boolean;
  until?: number;
  reason?: string;
}

interface StrategyRecord {
  /** Losing trades in a row since the last win, scratch or pause. */
  streak: number;
  /** Outcomes of the latest counted trades (true = loss), oldest first, at most one window. */
  recent: boolean[];
  /** End of the latest pause (ms), null if never paused. */
  pausedUntil: number | null;
}

const StateSchema = z.strictObject({
  strategies: z.record(
    z.string(),
    z.strictObject({
      streak: z.number().int().min(0),
      recent: z.array(z.boolean()),
      pausedUntil: z.number().nullable(),
    }),
  ),
});

export type CircuitBreakerState = z.infer<typeof StateSchema>;

/**
 * Per-strategy pause after losing closed trades (pnl < 0; a scratch trade, pnl = 0, is not a
 * loss and ends a streak). A strategy trips when its latest `consecutiveLosses` trades all lost,
 * or when the last `lossRateWindow` trades — only a full window counts, so one early loss is not
 * a 100 % loss rate — lost at a rate ≥ `lossRateThreshold`. It is then paused for
 * `cooldownMinutes` from the tripping trade's time, and its history starts afresh: trades that
 * close during the pause (positions may still be reduced) are not counted, so a strategy comes
 * back with a clean slate rather than re-tripping on its old losses.
 */
export class CircuitBreaker {
  private readonly records = new Map<string, StrategyRecord>();

  constructor(private readonly config: RiskConfig['circuitBreaker']) {}

  recordTrade(strategy: string, pnl: number, time: number): BreakerResult {
    const r = this.record(strategy);
    if (r.pausedUntil !== null && time < r.pausedUntil) return { paused: true, until: r.pausedUntil };
    const loss = pnl < 0;
    r.streak = loss ? r.streak + 1 : 0;
    r.recent.push(loss);
    if (r.recent.length > this.config.lossRateWindow) r.recent.shift();
    const reason = this.tripReason(r);
    if (reason === null) return { paused: false };
    r.pausedUntil = time + this.config.cooldownMinutes * 60_000;
    r.streak = 0;
    r.recent = [];
    return { paused: true, until: r.pausedUntil, reason };
  }

  /** Strategy → end of its latest pause (ms); a time already past means it trades again. */
  pausedUntil(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [strategy, r] of this.records) if (r.pausedUntil !== null) out.set(strategy, r.pausedUntil);
    return out;
  }

  toJSON(): CircuitBreakerState {
    const strategies: CircuitBreakerState['strategies'] = {};
    for (const [strategy, r] of this.records) strategies[strategy] = { streak: r.streak, recent: [...r.recent], pausedUntil: r.pausedUntil };
    return { strategies };
  }

  /** Rebuilds a breaker from `toJSON()` output, under a possibly changed config (a shorter window keeps the newest trades). */
  static fromJSON(config: RiskConfig['circuitBreaker'], json: unknown): CircuitBreaker {
    const parsed = StateSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SextantError('RISK_STATE_INVALID', `circuit-breaker state: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, {
        field: issue.path.join('.'),
      });
    }
    const breaker = new CircuitBreaker(config);
    for (const [strategy, r] of Object.entries(parsed.data.strategies)) {
      breaker.records.set(strategy, { streak: r.streak, recent: r.recent.slice(-config.lossRateWindow), pausedUntil: r.pausedUntil });
    }
    return breaker;
  }

  private record(strategy: string): StrategyRecord {
    let r = this.records.get(strategy);
    if (r === undefined) this.records.set(strategy, (r = { streak: 0, recent: [], pausedUntil: null }));
    return r;
  }

  private tripReason(r: StrategyRecord): string | null {
    const { consecutiveLosses, lossRateWindow, lossRateThreshold } = this.config;
    if (consecutiveLosses !== null && r.streak >= consecutiveLosses) return `${r.streak} losing trades in a row (limit ${consecutiveLosses})`;
    if (lossRateThreshold === null || r.recent.length < lossRateWindow) return null;
    let losses = 0;
    for (const loss of r.recent) if (loss) losses++;
    // A division, not losses ≥ threshold × window: 0.7 × 10 is 7.000000000000001 in floating point.
    const rate = losses / lossRateWindow;
    if (rate < lossRateThreshold) return null;
    return `${losses} of the last ${lossRateWindow} trades lost (${percent(rate * 100)}, limit ${percent(lossRateThreshold * 100)})`;
  }
}
