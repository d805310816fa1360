import type { BarColumns } from '../core/bar-series.js';
import type { DecisionRecord } from '../engine/decision-log.js';

export interface DecisionOutcome {
  count: number;
  /** Decisions whose horizon reached past the data, so their outcome is unknown. */
  unsettled: number;
  /** Mean of lean × (the return from the next open to the open `horizon` bars later), in %. */
  mean_return_pct: number;
  /** Share of settled decisions whose direction earned a positive return. */
  hit_rate: number;
  /** Sum of those returns, in %: what following every one of them with the same stake would have earned, before costs. */
  total_return_pct: number;
}

export interface DecisionSummary {
  acted: DecisionOutcome;
  abstained: DecisionOutcome;
}

function outcome(decisions: readonly DecisionRecord[], barsOf: ReadonlyMap<string, BarColumns>): DecisionOutcome {
  let count = 0;
  let unsettled = 0;
  let sum = 0;
  let hits = 0;
  for (const d of decisions) {
    count++;
    const b = barsOf.get(d.symbol)!;
    const entry = d.bar + 1;
    const exit = entry + d.horizon;
    if (exit >= b.open.length) {
      unsettled++;
      continue;
    }
    const r = d.lean * (b.open[exit] / b.open[entry] - 1);
    sum += r;
    if (r > 0) hits++;
  }
  const settled = count - unsettled;
  return {
    count,
    unsettled,
    mean_return_pct: settled > 0 ? (100 * sum) / settled : 0,
    hit_rate: settled > 0 ? hits / settled : 0,
    total_return_pct: 100 * sum,
  };
}

/**
 * What the model's decisions would have earned, acted on or not: each direction is entered at the
 * next bar's open (as a market order would be) and left at the open `horizon` bars later, without
 * costs. Comparing the two groups tells whether abstaining kept the strategy out of worse trades.
 */
export function summariseDecisions(decisions: readonly DecisionRecord[], bars: readonly BarColumns[], symbols: readonly string[]): DecisionSummary {
  const barsOf = new Map(symbols.map((s, i) => [s, bars[i]]));
  return { acted: outcome(decisions.filter((d) => d.acted), barsOf), abstained: outcome(decisions.filter((d) => !d.acted), barsOf) };
}

/** The run-summary fields of a model-driven run: its models and what its decisions earned; nothing for other runs. */
export function decisionsSummary(result: { decisions: readonly DecisionRecord[] }, data: { bars: readonly BarColumns[]; symbols: readonly string[] }, models: readonly string[]): { models?: string[]; decisions?: DecisionSummary } {
  if (models.length === 0 && result.decisions.length === 0) return {};
  return { models: [...models], decisions: summariseDecisions(result.decisions, data.bars, data.symbols) };
}

/** Outcomes of several windows as one: counts and sums add up, means and hit rates are re-weighted by settled decisions. */
export function mergeOutcomes(parts: readonly DecisionOutcome[]): DecisionOutcome {
  let count = 0;
  let unsettled = 0;
  let total = 0;
  let hits = 0;
  for (const p of parts) {
    count += p.count;
    unsettled += p.unsettled;
    total += p.total_return_pct;
    hits += p.hit_rate * (p.count - p.unsettled);
  }
  const settled = count - unsettled;
  return { count, unsettled, mean_return_pct: settled > 0 ? total / settled : 0, hit_rate: settled > 0 ? hits / settled : 0, total_return_pct: total };
}
