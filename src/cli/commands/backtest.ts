import { Command } from 'commander';
import { type BacktestRun, runBacktest } from '../../backtest/run-backtest.js';
import { barLabel } from '../../core/time.js';
import type { Interval } from '../../core/interval.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import type { DecisionOutcome, DecisionSummary } from '../../backtest/decisions.js';
import { type RunOptions, runConfigInput, withRunOptions } from './backtest-options.js';

/** The `--json` shape: run id, metrics (snake_case), closed trades, the equity curve, and the baseline comparison. */
export function backtestJson(run: BacktestRun) {
  const iv = run.config.interval as Interval;
  return {
    run_id: run.runId,
    strategy: run.config.strategy,
    params: run.config.params,
    metrics: run.metrics,
    comparison: run.comparison,
    baselines: run.baselines,
    open_positions: run.result.openPositions,
    ...modelFields(run),
    trades: run.trades.map((t) => ({
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entry_time: barLabel(t.entryTime, iv),
      entry_price: t.entryPrice,
      exit_time: barLabel(t.exitTime, iv),
      exit_price: t.exitPrice,
      pnl: t.pnl,
      fees: t.fees,
      return_pct: t.returnPct * 100,
      ...(t.reason === undefined ? {} : { reason: JSON.parse(t.reason) as unknown }),
    })),
    equity: Array.from(run.times, (t, i) => [barLabel(t, iv), run.equity[i]]),
  };
}

/** Model-driven runs also report their models, signals and abstentions, and what both groups of decisions would have earned. */
function modelFields(run: BacktestRun) {
  const s = run.record.summary as { models?: string[]; decisions?: DecisionSummary };
  if (s.decisions === undefined) return {};
  return { models: s.models, signals: run.result.counters.signals, abstentions: run.result.counters.abstentions, decisions: s.decisions };
}

export function printRunSummary(run: BacktestRun): void {
  const m = run.metrics;
  const c = run.comparison;
  const iv = run.config.interval as Interval;
  printLine(`run ${run.runId}: ${run.config.strategy} ${JSON.stringify(run.config.params)} on ${run.config.symbols.join(', ')} ${iv}, ${barLabel(run.times[0], iv)} → ${barLabel(run.times[run.times.length - 1], iv)}`);
  printLine(
    formatTable(
      ['metric', 'value'],
      [
        ['final equity', fixed(m.final_equity)],
        ['total return %', fixed(m.total_return_pct)],
        ['CAGR %', fixed(m.cagr_pct)],
        ['Sharpe', fixed(m.sharpe, 3)],
        ['Sortino', fixed(m.sortino, 3)],
        ['max drawdown %', fixed(m.max_drawdown_pct)],
        ['trades', m.num_trades],
        ['win rate %', fixed(m.win_rate_pct)],
        ['profit factor', fixed(m.profit_factor, 3)],
        ['exposure %', fixed(m.exposure_pct)],
        ['fees', fixed(m.total_fees)],
      ],
    ),
  );
  printLine();
  printLine(formatTable(['baseline', 'return %', 'Sharpe', 'max DD %'], run.baselines.map((b) => [b.name, fixed(b.total_return_pct), fixed(b.sharpe, 3), fixed(b.max_drawdown_pct)])));
  printLine(`excess return over buy-and-hold ${fixed(c.excess_return_pct)} pp, regret ${fixed(c.regret_pct)} pp, Sharpe above ${fixed(c.sharpe_percentile_random, 1)}% of ${c.random_seeds} random seeds`);
  const d = modelFields(run).decisions;
  if (d) {
    const line = (name: string, o: DecisionOutcome) => `${name}: ${o.count} decisions, would have earned ${fixed(o.mean_return_pct, 3)} % each on average before costs (hit rate ${fixed(o.hit_rate * 100, 1)} %)`;
    printLine(`model decisions over their horizon — ${line('acted', d.acted)}; ${line('abstained', d.abstained)}`);
  }
  const open = Object.entries(run.result.openPositions);
  if (open.length > 0) printLine(`still open at the end (marked to market, not a trade): ${open.map(([s, q]) => `${s} ${q}`).join(', ')}; --close-at-end closes them`);
}

export function backtestCommand(): Command {
  const cmd = new Command('backtest').description('run a strategy over stored history with realistic fills and costs, compare it with baselines, and record the run');
  return withCommonOptions(withRunOptions(cmd)).action(async (o: CommonOptions & RunOptions) => {
    await runWith(o, async (ctx) => {
      const run = await runBacktest(ctx.openStore(), runConfigInput(o), ctx.progress.report);
      ctx.progress.stop();
      if (ctx.json) printJson(backtestJson(run));
      else printRunSummary(run);
    });
  });
}
