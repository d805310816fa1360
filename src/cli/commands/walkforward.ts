import { Command } from 'commander';
import { parseObjective } from '../../backtest/sweep/objective.js';
import { parseParamSpace } from '../../backtest/sweep/param-space.js';
import { type WalkForwardRun, foldSummary, runWalkForward } from '../../backtest/walkforward/walkforward.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { type RunOptions, runConfigInput, withRunOptions } from './backtest-options.js';
import { type SweepSpaceOptions, label, paramText, wholeNumber, withSweepSpaceOptions } from './sweep.js';
import type { Interval } from '../../core/interval.js';
import { SextantError } from '../../core/errors.js';
import { mlWalkforwardAction } from './walkforward-ml.js';

interface WalkForwardCliOptions extends CommonOptions, RunOptions, SweepSpaceOptions {
  is?: string;
  oos?: string;
  anchored?: boolean;
}

/** The `--json` shape: every fold, the stitched out-of-sample metrics, efficiency and parameter stability. */
export function walkforwardJson(run: WalkForwardRun) {
  const c = run.config;
  return {
    run_id: run.runId,
    strategy: c.strategy,
    objective: c.objective,
    anchored: c.anchored,
    is_bars: c.isBars,
    oos_bars: c.oosBars,
    trials: run.trials,
    skipped: run.skipped,
    folds: run.folds.map((f) => foldSummary(f, c.interval as Interval)),
    metrics: run.metrics,
    efficiency: run.efficiency,
    stability: run.stability,
  };
}


export function printWalkForward(run: WalkForwardRun): void {
  const c = run.config;
  const m = run.metrics;
  printLine(
    `walkforward ${run.runId}: ${c.strategy} on ${c.symbols.join(', ')} ${c.interval}, ${c.anchored ? 'anchored' : 'rolling'} in-sample of ${c.isBars} bars, out-of-sample ${c.oosBars} bars, ` +
      `${run.folds.length} folds × ${run.trials} trials, objective ${c.objective}`,
  );
  const names = c.space.map((a) => a.name);
  const iv = c.interval as Interval;
  printLine(
    formatTable(
      ['fold', 'in-sample', 'out-of-sample', ...names, `IS ${c.objective}`, 'OOS return %', 'OOS Sharpe', 'OOS max DD %', 'trades', 'WFE'],
      run.folds.map((f) => [
        f.fold,
        `${label(f.isMetrics.start, iv)} → ${label(f.isMetrics.end, iv)}`,
        `${label(f.oosMetrics.start, iv)} → ${label(f.oosMetrics.end, iv)}`,
        ...names.map((n) => paramText(f.params[n])),
        fixed(f.isObjective, 3),
        fixed(f.oosMetrics.total_return_pct),
        fixed(f.oosMetrics.sharpe, 3),
        fixed(f.oosMetrics.max_drawdown_pct),
        f.oosMetrics.num_trades,
        fixed(f.efficiency),
      ]),
    ),
  );
  printLine();
  printLine(`stitched out-of-sample ${label(m.start, iv)} → ${label(m.end, iv)}: return ${fixed(m.total_return_pct)} %, CAGR ${fixed(m.cagr_pct)} %, Sharpe ${fixed(m.sharpe, 3)}, max drawdown ${fixed(m.max_drawdown_pct)} %, ${m.num_trades} trades (buy-and-hold ${fixed(m.buy_and_hold_return_pct)} %)`);
  const e = run.efficiency;
  printLine(
    e.folds === 0
      ? 'walk-forward efficiency: undefined (no fold had a positive in-sample return)'
      : `walk-forward efficiency ${fixed(e.mean)}: out of sample the chosen parameters earned ${fixed(e.mean * 100, 0)}% of their in-sample annualised return (mean over the ${e.folds} folds with a positive in-sample return)`,
  );
  for (const n of names) {
    const s = run.stability[n];
    printLine(`${n}: chosen ${s.values.map(paramText).join(', ')}; most common ${paramText(s.most_common)} (${fixed(s.most_common_share * 100, 0)}% of folds), coefficient of variation ${fixed(s.cv)}`);
  }
}

export function walkforwardCommand(): Command {
  const cmd = new Command('walkforward').description('walk-forward analysis: sweep each in-sample window, trade the best parameters on the out-of-sample window after it, stitch the out-of-sample results, and record the run');
  withSweepSpaceOptions(withRunOptions(cmd, { params: false, data: false }))
    .option('--config <file>', 'ml-signal: an experiment file; each fold trains it on the in-sample window (--param then sets ml-signal parameters such as threshold=0.6)')
    .option('--set <path=value>', 'with --config: override a field of the experiment file; repeat for several', (v: string, all: string[]) => [...all, v], [])
    .option('--is <bars>', 'in-sample window in bars (default: two years of bars, 504 for daily equities)')
    .option('--oos <bars>', 'out-of-sample window in bars (default: half a year of bars, 126 for daily equities)')
    .option('--anchored', 'in-sample windows all start at the first bar (default: rolling windows of --is bars)');
  return withCommonOptions(cmd).action(async (o: WalkForwardCliOptions & { config?: string; set: string[] }) => {
    const isBars = o.is === undefined ? null : wholeNumber(o.is, '--is', 1);
    const oosBars = o.oos === undefined ? null : wholeNumber(o.oos, '--oos', 1);
    if (o.config !== undefined) return runWith(o, (ctx) => mlWalkforwardAction({ ...o, config: o.config!, is: isBars, oos: oosBars }, ctx));
    for (const [field, v] of [['--symbol', o.symbol.length > 0], ['--interval', o.interval !== undefined]] as const) {
      if (!v) throw new SextantError('USAGE', `required option '${field}' not specified (or give an experiment with --config for ml-signal)`, { field });
    }
    const run = runConfigInput({ ...o, param: [] });
    const space = parseParamSpace(o.param);
    const objective = parseObjective(o.objective);
    const workers = o.workers === undefined ? undefined : wholeNumber(o.workers, '--workers', 1);
    await runWith(o, async (ctx) => {
      const result = await runWalkForward(ctx.openStore(), { run, space, objective, isBars, oosBars, anchored: o.anchored === true }, { workers, progress: ctx.progress.report });
      if (ctx.json) printJson(walkforwardJson(result));
      else printWalkForward(result);
    });
  });
}
