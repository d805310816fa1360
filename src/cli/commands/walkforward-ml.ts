import { readFileSync } from 'node:fs';
import type { DecisionOutcome } from '../../backtest/decisions.js';
import { SextantError } from '../../core/errors.js';
import type { Interval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { experimentConfigFromYaml } from '../../models/experiment/config.js';
import { type MlWalkForwardRun, runMlWalkForward } from '../../research/ml-walkforward.js';
import { parseParamAssignment } from '../../strategy/registry.js';
import type { CommandContext } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { type RunOptions, runConfigInput } from './backtest-options.js';

export interface MlWalkForwardCliOptions extends RunOptions {
  config: string;
  set: string[];
  is?: number | null;
  oos?: number | null;
  anchored?: boolean;
}

export function mlWalkforwardJson(run: MlWalkForwardRun) {
  const iv = run.config.interval as Interval;
  return {
    run_id: run.runId,
    strategy: run.config.strategy,
    experiment: run.config.experiment,
    params: run.config.params,
    is_bars: run.config.isBars,
    oos_bars: run.config.oosBars,
    anchored: run.config.anchored,
    folds: run.folds.map((f) => ({
      fold: f.fold,
      oos_start: barLabel(Date.parse(f.oosMetrics.start), iv),
      oos_end: barLabel(Date.parse(f.oosMetrics.end), iv),
      train_rows: f.trainRows,
      validation: f.validation,
      start_cash: f.startCash,
      signals: f.signals,
      abstentions: f.abstentions,
      oos: { total_return_pct: f.oosMetrics.total_return_pct, sharpe: f.oosMetrics.sharpe, max_drawdown_pct: f.oosMetrics.max_drawdown_pct, num_trades: f.oosMetrics.num_trades },
    })),
    metrics: run.metrics,
    baselines: run.baselines,
    comparison: run.comparison,
    decisions: run.decisions,
  };
}

function printMl(run: MlWalkForwardRun): void {
  const iv = run.config.interval as Interval;
  const m = run.metrics;
  printLine(`walkforward ${run.runId}: ml-signal retrained per fold from experiment ${run.config.experiment} on ${run.config.symbols.join(', ')} ${iv}, in-sample ${run.config.isBars} bars, out-of-sample ${run.config.oosBars} bars`);
  const metricNames = Object.keys(run.folds[0]?.validation ?? {});
  printLine(
    formatTable(
      ['fold', 'out-of-sample', 'train rows', ...metricNames.map((n) => `IS ${n}`), 'signals', 'abstained', 'OOS return %', 'OOS Sharpe', 'trades'],
      run.folds.map((f) => [f.fold, `${barLabel(Date.parse(f.oosMetrics.start), iv)} → ${barLabel(Date.parse(f.oosMetrics.end), iv)}`, f.trainRows, ...metricNames.map((n) => fixed(f.validation[n], 4)), f.signals, f.abstentions, fixed(f.oosMetrics.total_return_pct), fixed(f.oosMetrics.sharpe, 3), f.oosMetrics.num_trades]),
    ),
  );
  printLine();
  printLine(`stitched out-of-sample: return ${fixed(m.total_return_pct)} %, Sharpe ${fixed(m.sharpe, 3)}, max drawdown ${fixed(m.max_drawdown_pct)} %, ${m.num_trades} trades`);
  printLine(formatTable(['baseline', 'return %', 'Sharpe', 'max DD %'], run.baselines.map((b) => [b.name, fixed(b.total_return_pct), fixed(b.sharpe, 3), fixed(b.max_drawdown_pct)])));
  const c = run.comparison;
  printLine(`excess return over buy-and-hold ${fixed(c.excess_return_pct)} pp, regret ${fixed(c.regret_pct)} pp, Sharpe above ${fixed(c.sharpe_percentile_random, 1)}% of ${c.random_seeds} random seeds`);
  const line = (name: string, o: DecisionOutcome) => `${name} ${o.count} (mean ${fixed(o.mean_return_pct, 3)} % over the horizon, hit rate ${fixed(o.hit_rate * 100, 1)} %)`;
  printLine(`decisions: ${line('acted', run.decisions.acted)}; ${line('abstained', run.decisions.abstained)}`);
}

/** `walkforward --strategy ml-signal --config FILE`: retrain per fold, trade out of sample. */
export async function mlWalkforwardAction(o: MlWalkForwardCliOptions, ctx: CommandContext): Promise<void> {
  if (o.strategy !== 'ml-signal') throw new SextantError('OPTION_INVALID', `--config trains a model per fold for --strategy ml-signal, not ${o.strategy}`, { field: '--strategy', value: o.strategy });
  let text: string;
  try {
    text = readFileSync(o.config, 'utf8');
  } catch {
    throw new SextantError('FILE_NOT_FOUND', `${o.config}: cannot be read`, { file: o.config });
  }
  const experiment = experimentConfigFromYaml(text, o.config, o.set);
  if (o.symbol.length > 0 || o.interval !== undefined) throw new SextantError('OPTION_INVALID', 'with --config the symbols and interval come from the experiment file; drop --symbol and --interval', { field: '--symbol' });
  const { strategy: _s, symbols: _y, interval: _i, params: _p, ...run } = runConfigInput({ ...o, symbol: experiment.data.symbols, interval: experiment.data.interval, param: [] });
  const params = Object.fromEntries((o.param ?? []).map(parseParamAssignment));
  const result = await runMlWalkForward(ctx.openStore(), { experiment, run, params, isBars: o.is, oosBars: o.oos, anchored: o.anchored }, ctx.progress.report);
  ctx.progress.stop();
  if (ctx.json) printJson(mlWalkforwardJson(result));
  else printMl(result);
}
