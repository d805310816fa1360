import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { type Interval, parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { type PredictionResult, predictWithModel } from '../../research/predict.js';
import { parseBound } from '../bounds.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';

function predictJson(r: PredictionResult) {
  const iv = r.interval as Interval;
  return {
    model_id: r.model.id,
    name: r.model.name,
    version: r.model.version,
    task: r.model.task,
    symbol: r.symbol,
    interval: r.interval,
    rows: r.rows.map((row) => ({ ...row, time: barLabel(row.time, iv) })),
  };
}

function printPrediction(r: PredictionResult): void {
  const iv = r.interval as Interval;
  const what = r.model.task === 'binary' ? 'P(up), calibrated' : r.model.task === 'multiclass' ? 'class probabilities' : 'predicted value';
  printLine(`model ${r.model.id} (${r.model.name} v${r.model.version}, ${r.model.state}) on ${r.symbol} ${r.interval}: ${what}`);
  printLine(formatTable(['bar', 'prediction', 'raw'], r.rows.map((row) => [barLabel(row.time, iv), row.prediction.map((p) => fixed(p, 4)).join(' / '), row.raw.map((v) => fixed(v, 4)).join(' / ')])));
  const last = r.rows[r.rows.length - 1];
  if (last.explanation) {
    last.explanation.contributions.forEach((list, o) => {
      printLine();
      printLine(`why (${barLabel(last.time, iv)}${last.explanation!.contributions.length > 1 ? `, output ${o}` : ''}): bias ${fixed(last.explanation!.bias[o], 4)} + contributions = raw ${fixed(last.raw[o], 4)}`);
      printLine(formatTable(['feature', 'value', 'contribution'], list.map((c) => [c.feature, fixed(c.value, 4), fixed(c.contribution, 4)])));
    });
  }
}

export function predictCommand(): Command {
  const cmd = new Command('predict')
    .description("predict a symbol's latest bars with a registered model (features, normaliser and calibrator as in training)")
    .requiredOption('--model <id>', 'model id (or a unique prefix)')
    .requiredOption('--symbol <sym>', 'stored symbol, in the interval the model was trained on')
    .option('--last <n>', 'how many of the latest bars', '1')
    .option('--at <time>', 'predict the bars up to this date or time instead of the latest')
    .option('--explain', "each feature's contribution to the prediction (TreeSHAP for trees, coefficient × input for linear models)");
  return withCommonOptions(cmd).action(async (o: CommonOptions & { model: string; symbol: string; last: string; at?: string; explain?: boolean }) => {
    await runWith(o, async (ctx) => {
      const last = Number(o.last);
      if (!Number.isInteger(last) || last < 1) throw new SextantError('OPTION_INVALID', `--last '${o.last}': expected a whole number ≥ 1`, { field: '--last', value: o.last });
      const store = ctx.openStore();
      let at: number | undefined;
      if (o.at !== undefined) {
        const record = await store.getModel(o.model);
        const iv = parseInterval(String((record?.artifact as { pipeline?: { interval?: string } } | undefined)?.pipeline?.interval ?? '1d'));
        at = parseBound(o.at, iv, '--to');
      }
      const result = await predictWithModel(store, o.model, o.symbol, { last, at, explain: o.explain === true });
      if (ctx.json) return printJson(predictJson(result));
      printPrediction(result);
    });
  });
}
