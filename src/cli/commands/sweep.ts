import { Command } from 'commander';
import { parseObjective } from '../../backtest/sweep/objective.js';
import { interpretOverfitting, type OverfittingStats } from '../../backtest/sweep/overfit-report.js';
import { parseParamSpace } from '../../backtest/sweep/param-space.js';
import { type SweepRun, runSweep, trialRows } from '../../backtest/sweep/sweep.js';
import { SextantError } from '../../core/errors.js';
import type { Interval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import type { ParamValue } from '../../strategy/strategy.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { type RunOptions, runConfigInput, withRunOptions } from './backtest-options.js';

/** The options `sweep` and `walkforward` share besides the run options. */
export interface SweepSpaceOptions {
  param: string[];
  objective: string;
  workers?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

export function withSweepSpaceOptions(cmd: Command): Command {
  return cmd
    .option('--param <spec>', 'swept parameter: fast=5:50:5 (range START:END:STEP, inclusive), fast=5,10,20 (list) or slow=50 (fixed); repeat for several', collect, [])
    .option('--objective <metric>', 'metric to maximise (any numeric metric, e.g. sharpe, total_return_pct, calmar)', 'sharpe')
    .option('--workers <n>', 'parallel lanes (default: every core; 1 runs everything in this thread)');
}

/** A whole number ≥ min from an option, or OPTION_INVALID naming it. */
export function wholeNumber(text: string | undefined, field: string, min: number): number {
  const v = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(v) || v < min) {
    throw new SextantError('OPTION_INVALID', `${field} '${text}': expected a whole number ≥ ${min}`, { field, value: text });
  }
  return v;
}

/** The label of the bar whose close an ISO time (a metric's start or end) is. */
export const label = (iso: string, iv: Interval) => barLabel(Date.parse(iso), iv);
export const paramText = (v: ParamValue | undefined) => (v === undefined ? '' : String(v));

interface SweepCliOptions extends CommonOptions, RunOptions, SweepSpaceOptions {
  search: string;
  trials?: string;
  top: string;
}

/** The overfitting block of the `--json` shape, shared with walk-forward folds. */
export function overfittingJson(o: OverfittingStats) {
  return {
    trials: o.trials,
    deflated_sharpe: o.deflated_sharpe,
    probabilistic_sharpe: o.probabilistic_sharpe,
    expected_max_sharpe: o.expected_max_sharpe,
    sharpe_variance: o.sharpe_variance,
    pbo: o.pbo,
    pbo_combinations: o.pbo_combinations,
    pbo_blocks: o.pbo_blocks,
    probability_of_loss: o.probability_of_loss,
  };
}

/** The `--json` shape: every trial best first, the best trial's metrics and the overfitting statistics. */
export function sweepJson(run: SweepRun) {
  const { outcome } = run;
  return {
    run_id: run.runId,
    strategy: run.config.strategy,
    search: run.config.search,
    trials: outcome.trials.length,
    skipped: run.skipped,
    objective: run.config.objective,
    best: { params: outcome.best.params, metrics: outcome.best.metrics },
    overfitting: overfittingJson(outcome.overfitting),
    notes: run.notes,
    results: trialRows(outcome, run.config.objective),
  };
}

export function printSweep(run: SweepRun, top: number): void {
  const { config: c, outcome } = run;
  const m = outcome.best.metrics;
  printLine(
    `sweep ${run.runId}: ${c.strategy} on ${c.symbols.join(', ')} ${c.interval}, ${label(m.start, c.interval as Interval)} → ${label(m.end, c.interval as Interval)}: ${outcome.trials.length} trials` +
      `${run.skipped > 0 ? ` (${run.skipped} invalid combinations skipped)` : ''}, ${c.search} search, objective ${c.objective}, ${run.workers} worker${run.workers === 1 ? '' : 's'}`,
  );
  const names = c.space.map((a) => a.name);
  const showObjective = c.objective !== 'sharpe';
  const rows = trialRows(outcome, c.objective)
    .slice(0, top)
    .map((r, i) => [i + 1, ...names.map((n) => paramText(r.params[n])), ...(showObjective ? [fixed(r.objective, 3)] : []), fixed(r.sharpe, 3), fixed(r.total_return_pct), fixed(r.max_drawdown_pct), r.num_trades]);
  printLine(formatTable(['rank', ...names, ...(showObjective ? [c.objective] : []), 'Sharpe', 'return %', 'max DD %', 'trades'], rows));
  printLine();
  printOverfitting(outcome.overfitting, '');
  for (const n of run.notes) printLine(`note: ${n}`);
}

export function printOverfitting(o: OverfittingStats, indent: string): void {
  printLine(`${indent}overfitting (N = ${o.trials} trials):`);
  printLine(`${indent}  deflated Sharpe ratio ${fixed(o.deflated_sharpe, 3)} (the best of ${o.trials} skill-less trials would show a Sharpe of ${fixed(o.expected_max_sharpe, 3)}; PSR(0) ${fixed(o.probabilistic_sharpe, 3)})`);
  printLine(`${indent}  PBO ${fixed(o.pbo, 3)} over ${Number.isNaN(o.pbo_combinations) ? '—' : o.pbo_combinations} CSCV splits (${Number.isNaN(o.pbo_blocks) ? '—' : o.pbo_blocks} blocks); probability of an out-of-sample loss ${fixed(o.probability_of_loss, 3)}`);
  for (const line of interpretOverfitting(o)) printLine(`${indent}  ${line}`);
}

export function sweepCommand(): Command {
  const cmd = new Command('sweep').description('run a strategy over a grid or a random sample of parameter combinations in parallel, rank them, report the deflated Sharpe ratio and the probability of backtest overfitting, and record the sweep');
  withSweepSpaceOptions(withRunOptions(cmd, { params: false }))
    .option('--search <kind>', 'grid (every combination) | random (--trials draws)', 'grid')
    .option('--trials <n>', 'random search: how many valid combinations to draw, seeded by --seed')
    .option('--top <k>', 'rows of the ranking to print', '10');
  return withCommonOptions(cmd).action(async (o: SweepCliOptions) => {
    const run = runConfigInput({ ...o, param: [] });
    const space = parseParamSpace(o.param);
    const objective = parseObjective(o.objective);
    if (o.search !== 'grid' && o.search !== 'random') throw new SextantError('OPTION_INVALID', `--search '${o.search}': expected grid or random`, { field: '--search', value: o.search });
    if (o.search === 'grid' && o.trials !== undefined) throw new SextantError('OPTION_INVALID', '--trials applies to --search random only', { field: '--trials', value: o.trials });
    const trials = o.search === 'random' ? wholeNumber(o.trials, '--trials', 1) : null;
    const workers = o.workers === undefined ? undefined : wholeNumber(o.workers, '--workers', 1);
    const top = wholeNumber(o.top, '--top', 1);
    await runWith(o, async (ctx) => {
      const result = await runSweep(ctx.openStore(), { run, space, search: o.search as 'grid' | 'random', trials, objective }, { workers, progress: ctx.progress.report });
      if (ctx.json) printJson(sweepJson(result));
      else printSweep(result, top);
    });
  });
}
