import { writeSync } from 'node:fs';
import { Command } from 'commander';
import { reportInputFromRun } from '../../backtest/report-input.js';
import { SextantError } from '../../core/errors.js';
import { renderHtmlReport, renderMarkdownReport } from '../../report/index.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { printJson, printLine } from '../output.js';
import { writeAtomically } from '../write-atomically.js';
import { loadRun } from './runs.js';

export function reportCommand(): Command {
  const cmd = new Command('report')
    .description('write the tear sheet of a recorded run: self-contained HTML (charts inlined, opens offline) and/or Markdown')
    .argument('<run-id>', "the run id (see 'sextant runs list')")
    .option('--out <file>', 'HTML file to write')
    .option('--md <file>', 'Markdown file to write');
  return withCommonOptions(cmd).action(async (id: string, o: CommonOptions & { out?: string; md?: string }) => {
    await runWith(o, async (ctx) => {
      if (!o.out && !o.md) throw new SextantError('OPTION_INVALID', 'give --out report.html and/or --md report.md', { field: '--out' });
      const run = await loadRun(ctx, id);
      if (run.series.times === undefined || run.series.equity === undefined) {
        throw new SextantError('RUN_NOT_FOUND', `run ${id} (${run.kind}) has no equity curve to report on`, { run_id: id });
      }
      const input = reportInputFromRun(run);
      if (o.out) writeAtomically(o.out, (fd) => writeSync(fd, renderHtmlReport(input)));
      if (o.md) writeAtomically(o.md, (fd) => writeSync(fd, renderMarkdownReport(input)));
      if (ctx.json) printJson({ run_id: id, html: o.out ?? null, markdown: o.md ?? null });
      else printLine(`wrote ${[o.out, o.md].filter(Boolean).join(' and ')} for run ${id}`);
    });
  });
}
