import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { decide } from '../ml-decision.js';
import type { FeatureHandle, SignalModel, StrategyDefinition, StrategyParams } from '../strategy.js';

const params = z.object({
  /** A registered model id, or several separated by commas (an ensemble). */
  model: z.string().min(1),
  threshold: z.number().min(0.5).max(1).default(0.55),
  max_entropy: z.number().min(0).max(1).default(1),
  max_disagreement: z.number().min(0).max(2).default(2),
  /** SELL goes short (otherwise it goes flat). */
  short: z.boolean().default(false),
  /** Contributions carried with each order and trade. */
  reasons: z.number().int().min(0).max(20).default(5),
});

type Params = z.infer<typeof params>;

export function modelIds(p: Pick<Params, 'model'>): string[] {
  return p.model
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Trades the calibrated probabilities of one registered model, or the mean of several: BUY when
 * the ensemble leans up with enough confidence, SELL when it leans down, ABSTAIN when the
 * confidence is below `threshold`, the normalised entropy above `max_entropy`, the members'
 * directional scores spread wider than `max_disagreement`, or a three-class model says flat.
 * Every decision names its lean and the label horizon, so the backtest can say what abstaining
 * cost or saved; a signal that changes the position carries the top feature contributions.
 */
export const mlSignal: StrategyDefinition<Params> = {
  name: 'ml-signal',
  description: 'Trades a registered model (or an ensemble): calibrated probability → BUY / SELL / ABSTAIN, with the reasons stored on each trade.',
  params,
  allowShort: (p: StrategyParams) => p.short === true,
  models: (p) => modelIds(p),
  create: (p, deps) => {
    const members: SignalModel[] = modelIds(p).map((id) => {
      const m = deps?.models.get(id);
      if (!m) throw new SextantError('MODEL_UNSUITABLE', `ml-signal: model ${id} was not loaded (run it through backtest or walkforward, which load registered models)`, { model: id });
      return m;
    });
    if (new Set(members.map((m) => m.classes)).size > 1) {
      throw new SextantError('MODEL_UNSUITABLE', `ml-signal: the ensemble mixes binary and three-class models (${members.map((m) => `${m.id}: ${m.classes}`).join(', ')})`, {});
    }
    const rules = { threshold: p.threshold, maxEntropy: p.max_entropy, maxDisagreement: p.max_disagreement };
    const horizon = Math.max(...members.map((m) => m.horizon));
    // per member: its row buffer, the handles of its features, its output buffer
    const rows = members.map((m) => new Float64Array(m.features.length));
    const outs = members.map((m) => new Float64Array(m.classes === 'up' ? 1 : 3));
    let handles: FeatureHandle[][] = [];
    return {
      init(ctx) {
        handles = members.map((m) => m.features.map((f) => ctx.feature(f)));
      },
      onBar(ctx) {
        let known = false;
        for (let j = 0; j < members.length; j++) {
          const row = rows[j];
          for (let f = 0; f < row.length; f++) {
            row[f] = ctx.value(handles[j][f]);
            if (!Number.isNaN(row[f])) known = true;
          }
        }
        if (!known) return; // still warming up: no feature has a value yet
        for (let j = 0; j < members.length; j++) members[j].predict(rows[j], outs[j]);
        const d = decide(outs, rules);
        if (d.abstain !== null) {
          ctx.signal('ABSTAIN', d.confidence, undefined, { lean: d.lean, horizon });
          return;
        }
        const pos = ctx.position();
        const changes = d.lean === 1 ? pos <= 0 : p.short ? pos >= 0 : pos > 0;
        const reasons = changes && p.reasons > 0 ? JSON.stringify(members.length === 1 ? members[0].reasons(rows[0], p.reasons) : members.map((m, j) => ({ model: m.id, reasons: m.reasons(rows[j], p.reasons) }))) : undefined;
        ctx.signal(d.lean === 1 ? 'BUY' : 'SELL', d.confidence, undefined, { lean: d.lean, horizon, reasons });
      },
    };
  },
};
