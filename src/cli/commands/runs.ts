import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import type { RunInfo, RunRecord } from '../../store/store.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';


function infoJson(r: RunInfo) {
  return {
    run_id: r.id,
    kind: r.kind,
    strategy: r.strategy,
    config: r.config,
    data_hash: r.dataHash,
    feature_set_hash: r.featureSetHash,
    code_version: r.codeVersion,
    seed: r.seed,
    started_at: isoTime(r.startedAt),
    finished_at: isoTime(r.finishedAt),
    metrics: r.metrics,
  };
}

function listCommand(): Command {
  const cmd = new Command('list')
    .description('recorded runs, newest first')
    .option('--strategy <name>', 'only runs of this strategy')
    .option('--kind <kind>', 'only backtest, sweep or walkforward runs')
    .option('--limit <n>', 'how many', '20');
  return withCommonOptions(cmd).action(async (o: CommonOptions & { strategy?: string; kind?: string; limit: string }) => {
    await runWith(o, async (ctx) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new SextantError('OPTION_INVALID', `--limit '${o.limit}': expected a whole number ≥ 1`, { field: '--limit', value: o.limit });
      const runs = await ctx.openStore().listRuns({ limit, strategy: o.strategy, kind: o.kind });
      if (ctx.json) return printJson(runs.map(infoJson));
      if (runs.length === 0) return printLine("no runs recorded yet: see 'sextant backtest --help'");
      printLine(
        formatTable(
          ['run', 'kind', 'strategy', 'symbols', 'params', 'return %', 'Sharpe', 'max DD %', 'trades', 'at'],
          runs.map((r) => [r.id, r.kind, r.strategy, String((r.config.symbols as string[] | undefined)?.join(',') ?? ''), JSON.stringify(r.config.params ?? {}), fixed(r.metrics.total_return_pct), fixed(r.metrics.sharpe, 3), fixed(r.metrics.max_drawdown_pct), fixed(r.metrics.num_trades, 0), isoTime(r.startedAt)]),
        ),
      );
    });
  });
}

export async function loadRun(ctx: { openStore(): { getRun(id: string): Promise<RunRecord | null> } }, id: string): Promise<RunRecord> {
  const run = await ctx.openStore().getRun(id);
  if (!run) throw new SextantError('RUN_NOT_FOUND', `no recorded run '${id}': see 'sextant runs list'`, { run_id: id });
  return run;
}

function showCommand(): Command {
  const cmd = new Command('show').description('one run: config, lineage, metrics, baselines and trades').argument('<run-id>', 'the run id');
  return withCommonOptions(cmd).action(async (id: string, o: CommonOptions) => {
    await runWith(o, async (ctx) => {
      const run = await loadRun(ctx, id);
      if (ctx.json) return printJson({ ...infoJson(run), summary: run.summary, trades: run.trades, points: run.series.times?.length ?? 0 });
      printLine(`run ${run.id} (${run.kind}) — ${run.strategy} ${JSON.stringify(run.config.params ?? {})}`);
      printLine(`data ${run.dataHash.slice(0, 16)}…  features ${run.featureSetHash.slice(0, 16)}…  code ${run.codeVersion}  seed ${run.seed}  at ${isoTime(run.startedAt)}`);
      printLine();
      printLine(formatTable(['metric', 'value'], Object.entries(run.metrics).map(([k, v]) => [k, fixed(v, 4)])));
      printLine();
      printLine(`${run.trades.length} closed trades; 'sextant report ${run.id} --out report.html' writes the tear sheet`);
    });
  });
}

export function runsCommand(): Command {
  return new Command('runs').description('recorded backtest, sweep and walk-forward runs').addCommand(listCommand()).addCommand(showCommand());
}
