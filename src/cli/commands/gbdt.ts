import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { readNumericCsv, splitColumn } from '../../data/numeric-table.js';
import { treeShapParallel } from '../../models/explain/tree-shap-parallel.js';
import { parseGbdtParams, trainGbdt } from '../../models/gbdt/index.js';
import { type Matrix, toPrediction } from '../../models/model.js';
import { auc, logLoss, rmse } from '../../models/validation/metrics.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';

interface GbdtCliOptions extends CommonOptions {
  train: string;
  test: string;
  label: string;
  objective: string;
  rounds: string;
  maxDepth: string;
  learningRate: string;
  maxBin: string;
  threads: string;
  shapRows?: string;
  param: string[];
}

const collect = (v: string, all: string[]) => [...all, v];

function table(file: string, label: string): { x: Matrix; y: Float64Array; names: string[] } {
  const t = readNumericCsv(file);
  const { x, y, names } = splitColumn(t, label, file);
  return { x: { rows: t.rows, cols: names.length, data: x }, y, names };
}

/** `--param lambda_l1=0.5`: any other gbdt parameter, numbers read as numbers. */
function extraParams(list: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    list.map((text) => {
      const eq = text.indexOf('=');
      if (eq <= 0) throw new SextantError('OPTION_INVALID', `--param '${text}': expected NAME=VALUE, e.g. subsample=0.8`, { field: '--param', value: text });
      const raw = text.slice(eq + 1);
      return [text.slice(0, eq), raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw];
    }),
  );
}

/**
 * `sextant gbdt train`: the tree learner on plain CSV tables, for benchmarking against other
 * libraries. Times exclude reading the CSV files.
 */
export function gbdtCommand(): Command {
  const train = new Command('train')
    .description('train gradient-boosted trees on a CSV table and score a test table (times exclude CSV parsing)')
    .requiredOption('--train <file>', 'training CSV with a header row')
    .requiredOption('--test <file>', 'test CSV with the same columns')
    .requiredOption('--label <column>', 'the label column')
    .option('--objective <name>', 'binary | multiclass | regression | quantile', 'binary')
    .option('--rounds <n>', 'boosting rounds', '100')
    .option('--max-depth <n>', 'tree depth', '6')
    .option('--learning-rate <x>', 'shrinkage', '0.1')
    .option('--max-bin <n>', 'histogram bins per feature (≤ 255)', '255')
    .option('--threads <n>', 'threads for training, prediction and SHAP (0 = all cores)', '0')
    .option('--shap-rows <n>', 'also time exact TreeSHAP on the first N test rows')
    .option('--param <name=value>', 'any other gbdt parameter (lambda_l2, subsample, growth, num_leaves, …); repeat for several', collect, []);
  withCommonOptions(train, { store: false }).action(async (o: GbdtCliOptions) => {
    await runWith(o, async (ctx) => {
      const params = parseGbdtParams({
        objective: o.objective,
        num_rounds: Number(o.rounds),
        max_depth: Number(o.maxDepth),
        learning_rate: Number(o.learningRate),
        max_bin: Number(o.maxBin),
        threads: Number(o.threads),
        ...extraParams(o.param),
      });
      const tr = table(o.train, o.label);
      const te = table(o.test, o.label);
      if (te.names.join() !== tr.names.join()) throw new SextantError('CSV_MISSING_COLUMN', `${o.test}: its columns differ from ${o.train}'s`, { file: o.test });
      const t0 = performance.now();
      const model = await trainGbdt({ x: tr.x, y: tr.y, featureNames: tr.names }, params, { progress: ctx.progress.report });
      const t1 = performance.now();
      const raw = model.predictRaw(te.x);
      const t2 = performance.now();
      const p = toPrediction(model.task, model.numOutputs, raw);
      let shapSeconds: number | null = null;
      if (o.shapRows !== undefined) {
        const n = Math.min(te.x.rows, Number(o.shapRows));
        const rows: Matrix = { rows: n, cols: te.x.cols, data: te.x.data.subarray(0, n * te.x.cols) };
        const t3 = performance.now();
        await treeShapParallel(model.ensemble, rows, { threads: params.threads === 0 ? undefined : params.threads });
        shapSeconds = (performance.now() - t3) / 1000;
      }
      ctx.progress.stop();
      const binary = model.task === 'binary';
      const result = {
        train_seconds: (t1 - t0) / 1000,
        predict_seconds: (t2 - t1) / 1000,
        shap_seconds: shapSeconds,
        test_auc: binary ? auc(te.y, p) : null,
        test_logloss: binary ? logLoss(te.y, p) : null,
        test_rmse: model.task === 'regression' ? rmse(te.y, p) : null,
        rounds: model.ensemble.trees.length / model.numOutputs,
        train_rows: tr.x.rows,
        test_rows: te.x.rows,
        features: tr.x.cols,
      };
      if (ctx.json) return printJson(result);
      printLine(formatTable(['figure', 'value'], Object.entries(result).map(([k, v]) => [k, v === null ? '—' : fixed(v, 4)])));
    });
  });
  return new Command('gbdt').description('gradient-boosted trees on plain tables (benchmarking)').addCommand(train);
}
