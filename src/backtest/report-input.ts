import type { ReportInput } from '../report/report-input.js';
import type { RunRecord } from '../store/store.js';
import type { BaselineSummary } from '../report/report-input.js';
import type { Comparison } from './baselines.js';

/** JSON stores NaN as null: numbers read back from a run's summary get their NaN back. */
const num = (v: unknown) => (typeof v === 'number' ? v : NaN);

/** A recorded backtest as a tear sheet's input: everything comes from the store, nothing is recomputed. */
export function reportInputFromRun(run: RunRecord): ReportInput {
  const cfg = run.config as Record<string, unknown>;
  const summary = run.summary as { baselines?: BaselineSummary[]; comparison?: Comparison; periodsPerYear?: number };
  const params = (cfg.params ?? {}) as Record<string, unknown>;
  const paramText = Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ');
  const symbols = ((cfg.symbols as string[] | undefined) ?? []).join(', ');
  const config: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (v === null || v === undefined) continue;
    config[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  }
  config.data_hash = run.dataHash;
  config.feature_set_hash = run.featureSetHash;
  config.code_version = run.codeVersion;
  const nan = { baselines: [] as BaselineSummary[], comparison: { excess_return_pct: NaN, regret_pct: NaN, sharpe_percentile_random: NaN, random_seeds: 0 } };
  const c = summary.comparison;
  return {
    runId: run.id,
    title: `${run.strategy}(${paramText}) on ${symbols} ${String(cfg.interval ?? '')}`.trim(),
    config,
    metrics: run.metrics,
    times: run.series.times,
    equity: run.series.equity,
    benchmark: run.series.benchmark ?? null,
    periodsPerYear: summary.periodsPerYear ?? 252,
    trades: run.trades,
    baselines: (summary.baselines ?? nan.baselines).map((b) => ({ name: b.name, total_return_pct: num(b.total_return_pct), sharpe: num(b.sharpe), max_drawdown_pct: num(b.max_drawdown_pct) })),
    comparison: c ? { excess_return_pct: num(c.excess_return_pct), regret_pct: num(c.regret_pct), sharpe_percentile_random: num(c.sharpe_percentile_random), random_seeds: c.random_seeds } : nan.comparison,
  };
}
