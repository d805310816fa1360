import type { BarSeries } from '../../core/bar-series.js';
import type { OmsOrder } from '../oms/oms-order.js';

export interface DecisionGroup {
  count: number;
  /** Orders whose horizon is inside the data (the others are not measured yet). */
  measured: number;
  pnl: number;
  meanReturnPct: number;
}

export interface ApprovalReport {
  horizonBars: number;
  approved: DecisionGroup;
  rejected: DecisionGroup;
  expired: DecisionGroup;
  /** Every order that asked for approval: what the model alone would have done. */
  model: DecisionGroup;
  /** approved.pnl − model.pnl: what the people's decisions added (negative: they cost money). */
  humanValueAdded: number;
}

/**
 * How people's decisions compare with the model's. Every order that waited for approval is
 * measured the same way, whatever was decided: its direction × its quantity × the move of the
 * close from the bar it was created on to `horizon` bars later. Approved orders are so judged on
 * the same footing as rejected ones (not on their actual fills, which rejected orders lack).
 */
export function approvalReport(orders: readonly OmsOrder[], barsOf: (symbol: string) => BarSeries | null, horizon: number): ApprovalReport {
  const group = (): DecisionGroup & { returns: number } => ({ count: 0, measured: 0, pnl: 0, meanReturnPct: 0, returns: 0 });
  const g = { approved: group(), rejected: group(), expired: group(), model: group() };
  for (const o of orders) {
    const asked = o.passed.length > 0 && (o.decision !== null || o.state === 'expired' || o.state === 'pending-approval');
    if (!asked || o.origin !== 'strategy' || o.state === 'pending-approval') continue;
    const which = o.decision?.approved ? g.approved : o.decision ? g.rejected : o.code === 'APPROVAL_EXPIRED' ? g.expired : null;
    if (which === null) continue;
    const bars = barsOf(o.symbol);
    const k = bars ? bars.lowerBound(o.time) : -1;
    const measured = bars !== null && k >= 0 && k < bars.length && bars.time[k] === o.time && k + horizon < bars.length;
    const dir = o.side === 'buy' ? 1 : -1;
    for (const x of [which, g.model]) {
      x.count++;
      if (!measured) continue;
      const from = bars!.close[k];
      const to = bars!.close[k + horizon];
      x.measured++;
      x.pnl += dir * o.qty * (to - from);
      x.returns += (dir * (to - from)) / from;
    }
  }
  const done = (x: ReturnType<typeof group>): DecisionGroup => ({ count: x.count, measured: x.measured, pnl: x.pnl, meanReturnPct: x.measured > 0 ? (100 * x.returns) / x.measured : NaN });
  return { horizonBars: horizon, approved: done(g.approved), rejected: done(g.rejected), expired: done(g.expired), model: done(g.model), humanValueAdded: g.approved.pnl - g.model.pnl };
}
