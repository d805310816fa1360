import { Command, CommanderError } from 'commander';
import { SextantError } from '../core/errors.js';
import { auditCommand } from './commands/audit.js';
import { backtestCommand } from './commands/backtest.js';
import { paperCommand } from './commands/paper.js';
import { controlsCommand } from './commands/controls.js';
import { keysCommand } from './commands/keys.js';
import { serveCommand } from './commands/serve.js';
import { ordersCommand } from './commands/orders.js';
import { positionsCommand } from './commands/positions.js';
import { approvalsCommand } from './commands/approvals.js';
import { reportCommand } from './commands/report.js';
import { runsCommand } from './commands/runs.js';
import { modelsCommand } from './commands/models.js';
import { trainCommand } from './commands/train.js';
import { predictCommand } from './commands/predict.js';
import { gbdtCommand } from './commands/gbdt.js';
import { sweepCommand } from './commands/sweep.js';
import { walkforwardCommand } from './commands/walkforward.js';
import { strategiesCommand } from './commands/strategies.js';
import { dataCommand } from './commands/data.js';
import { demoCommand } from './commands/demo.js';
import { featuresCommand } from './commands/features.js';
import { ingestCommand } from './commands/ingest.js';
import { ingestSeriesCommand } from './commands/ingest-series.js';
import { resampleCommand } from './commands/resample.js';
import { synthCommand } from './commands/synth.js';
import { printJson, reportError } from './output.js';

const program = new Command('sextant')
  .description('Sextant: from raw market data to a model you can trust with money')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

for (const cmd of [ingestCommand(), ingestSeriesCommand(), resampleCommand(), dataCommand(), synthCommand(), featuresCommand(), strategiesCommand(), backtestCommand(), paperCommand(), ordersCommand(), positionsCommand(), approvalsCommand(), controlsCommand(), keysCommand(), serveCommand(), sweepCommand(), walkforwardCommand(), runsCommand(), trainCommand(), modelsCommand(), predictCommand(), gbdtCommand(), reportCommand(), auditCommand(), demoCommand()]) program.addCommand(cmd);

/** Commander exits by itself on bad usage; make it throw instead, at every level. */
function throwOnExit(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) throwOnExit(sub);
}
throwOnExit(program);

// A reader that stops early (`| head`) is not an error: stop writing, quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const json = process.argv.includes('--json');
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too; anything else is bad usage: exit 2.
    const ok = e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
    if (!ok && json) printJson(new SextantError('USAGE', e.message.replace(/^error: /, '')).toJSON());
    process.exitCode = ok ? 0 : 2;
  } else {
    process.exitCode = reportError(e, json);
  }
}
