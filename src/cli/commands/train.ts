import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { experimentConfigFromYaml } from '../../models/experiment/config.js';
import { type TrainResult, trainExperiment } from '../../research/train.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';

const collect = (v: string, all: string[]) => [...all, v];

/** The `--json` shape: experiment and model ids, per-fold and aggregated metrics, calibration, search trials, importance. */
export function trainJson(r: TrainResult) {
  const { outcome, experiment, model } = r;
  const cal = outcome.calibration?.report;
  return {
    experiment_id: experiment.id,
    model_id: model.id,
    name: model.name,
    version: model.version,
    kind: model.kind,
    task: model.task,
    rows: r.dataset.ds.y.length,
    data: { ...experiment.data, from: isoTime(experiment.data.from), to: isoTime(experiment.data.to) },
    folds: experiment.folds.map((f) => ({ ...f, test_from: isoTime(f.test_from as number), test_to: isoTime(f.test_to as number) })),
    metrics: { mean: outcome.cv.summary.mean, std: outcome.cv.summary.std, pooled: outcome.cv.summary.pooled },
    calibration: cal ? { kind: cal.kind, rows: cal.rows, before: cal.before, after: cal.after } : null,
    search: outcome.search,
    importance: outcome.importance,
    duration_ms: experiment.durationMs,
  };
}

function printTrain(r: TrainResult): void {
  const { outcome, experiment, model } = r;
  const s = outcome.cv.summary;
  const names = Object.keys(s.pooled);
  printLine(`experiment ${experiment.id}: ${experiment.name}, ${r.dataset.ds.y.length} rows of ${experiment.data.symbols.join(', ')} ${experiment.data.interval}, ${isoTime(experiment.data.from)} → ${isoTime(experiment.data.to)}`);
  if (outcome.search) printLine(`search: ${outcome.search.trials.length} trials by ${outcome.search.metric} (${outcome.search.direction}); best ${JSON.stringify(outcome.search.best)}`);
  printLine(
    formatTable(
      ['fold', 'train rows', 'test rows', 'test from', 'test to', ...names],
      [
        ...outcome.cv.folds.map((f) => [f.fold, f.trainRows, f.testRows, isoTime(f.testFrom).slice(0, 10), isoTime(f.testTo).slice(0, 10), ...names.map((n) => fixed(f.metrics[n], 4))]),
        ['mean', '', '', '', '', ...names.map((n) => fixed(s.mean[n], 4))],
        ['std', '', '', '', '', ...names.map((n) => fixed(s.std[n], 4))],
        ['pooled', '', '', '', '', ...names.map((n) => fixed(s.pooled[n], 4))],
      ],
    ),
  );
  const cal = outcome.calibration?.report;
  if (cal) printLine(`calibration (${cal.kind}, cross-fitted on ${cal.rows} out-of-fold rows): ECE ${fixed(cal.before.ece, 4)} → ${fixed(cal.after.ece, 4)}, log-loss ${fixed(cal.before.logLoss, 4)} → ${fixed(cal.after.logLoss, 4)}`);
  const top = outcome.importance.slice(0, 8);
  if (top.length > 0) {
    printLine(formatTable(Object.keys(top[0]), top.map((f) => Object.values(f).map((v) => (typeof v === 'number' ? fixed(v, 4) : v === null ? '—' : String(v))))));
  }
  printLine(`model ${model.id}: ${model.name} v${model.version} (${model.kind}, ${model.task}) registered as ${model.state}; promote it with 'sextant models promote ${model.id} --reason "…"'`);
}

export function trainCommand(): Command {
  const cmd = new Command('train')
    .description('train a model from an experiment file: purged validation, optional search, calibration, then register the model as a candidate')
    .requiredOption('--config <file>', 'experiment YAML (see examples/experiments/)')
    .option('--set <path=value>', 'override a field of the file, e.g. model.max_depth=8; repeat for several', collect, [])
    .option('--actor <name>', 'who trains it (default: $SEXTANT_ACTOR, else the OS user name)');
  return withCommonOptions(cmd).action(async (o: CommonOptions & { config: string; set: string[]; actor?: string }) => {
    await runWith(o, async (ctx) => {
      let text: string;
      try {
        text = readFileSync(o.config, 'utf8');
      } catch {
        throw new SextantError('FILE_NOT_FOUND', `${o.config}: cannot be read`, { file: o.config });
      }
      const cfg = experimentConfigFromYaml(text, o.config, o.set);
      const result = await trainExperiment(ctx.openStore(), cfg, { actor: o.actor ?? defaultActor(), progress: ctx.progress.report });
      ctx.progress.stop();
      if (ctx.json) return printJson(trainJson(result));
      printTrain(result);
    });
  });
}
