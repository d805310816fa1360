import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { reportInputFromRun } from '../../backtest/report-input.js';
import { runBacktest } from '../../backtest/run-backtest.js';
import { renderHtmlReport } from '../../report/index.js';
import type { AssetClass } from '../../core/instrument.js';
import type { Interval } from '../../core/interval.js';
import { TimeZone } from '../../core/timezone.js';
import { computeFeatureTable } from '../../data/feature-table.js';
import { applyIngest, prepareIngest } from '../../data/ingest.js';
import { featureSetFromYaml } from '../../features/feature-set.js';
import { resample } from '../../data/resample.js';
import { summarizeSeries } from '../../data/series-summary.js';
import type { StampConvention } from '../../data/validate-rows.js';
import { writeBars } from '../../data/write-bars.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { serveDemo } from './demo-serve.js';
import { type ServeOptions, serveOptions } from './serve.js';
import { formatTable, printJson, printLine } from '../output.js';
import { EXPERIMENTS_DIR, FEATURE_SETS_DIR, SAMPLE_DATA_DIR } from '../paths.js';
import { experimentConfigFromYaml } from '../../models/experiment/config.js';
import { runMlWalkForward } from '../../research/ml-walkforward.js';
import { trainExperiment } from '../../research/train.js';
import { runPaperSession } from '../../trading/session/paper-runner.js';

/** The real sample files shipped in examples/data (see PROVENANCE.md there). */
const SAMPLES: { file: string; symbol: string; interval: Interval; assetClass: AssetClass; stamp: StampConvention }[] = [
  { file: 'GOOG_1d.csv', symbol: 'GOOG', interval: '1d', assetClass: 'equity', stamp: 'open' },
  { file: 'EURUSD_1h.csv', symbol: 'EURUSD', interval: '1h', assetClass: 'forex', stamp: 'open' },
  { file: 'FESX_1m.csv', symbol: 'FESX', interval: '1m', assetClass: 'future', stamp: 'close' },
  { file: 'BTCUSD_1mo.csv', symbol: 'BTCUSD', interval: '1mo', assetClass: 'crypto', stamp: 'open' },
];

const UTC = new TimeZone('UTC');
const DEMO_SESSION = 'demo-paper';

export function demoCommand(): Command {
  const cmd = new Command('demo')
    .description('the demo pipeline: open or create the store, ingest the sample data if absent, compute the core feature set, run a backtest, write its tear sheet, train a model and trade it walk-forward, print a summary')
    .option('--report <file>', 'where to write the tear sheet', 'sextant-report.html')
    .option('--serve', 'then serve the dashboard and the API (what npm start does), with a new admin key to log in with');
  serveOptions(cmd);
  return withCommonOptions(cmd).action(async (o: CommonOptions & ServeOptions & { report?: string; serve?: boolean }) => {
    await runWith(o, async (ctx) => {
      const store = ctx.openStore();
      const steps: { step: string; outcome: string }[] = [];
      for (const s of SAMPLES) {
        if (await store.getSeries(s.symbol, s.interval)) {
          steps.push({ step: `ingest ${s.file}`, outcome: 'already stored' });
          continue;
        }
        const prepared = prepareIngest({ ...s, file: join(SAMPLE_DATA_DIR, s.file), timezone: UTC, progress: ctx.progress.report });
        const report = await applyIngest(store, prepared);
        steps.push({ step: `ingest ${s.file}`, outcome: `${report.outcome}: ${report.rowsAdded} bars, ${report.warnings.gaps} gaps` });
      }
      if (!(await store.getSeries('FESX', '5m'))) {
        const { bars } = resample((await store.loadBars('FESX', '1m'))!, '5m', { weekendsClosed: true });
        const written = await writeBars(store, bars, { assetClass: 'future', timezone: UTC, source: 'demo: resample FESX 1m→5m' });
        steps.push({ step: 'resample FESX 1m→5m', outcome: `${written.outcome}: ${bars.length} bars` });
      } else {
        steps.push({ step: 'resample FESX 1m→5m', outcome: 'already stored' });
      }
      const setFile = join(FEATURE_SETS_DIR, 'core.yaml');
      const set = featureSetFromYaml(readFileSync(setFile, 'utf8'), setFile);
      const table = await computeFeatureTable(store, { symbol: 'GOOG', interval: '1d', set, timezone: 'UTC', cache: true, progress: ctx.progress.report });
      steps.push({
        step: `features ${set.name} on GOOG 1d`,
        outcome: `${set.features.length} features × ${table.bars.length} bars, set ${set.hash.slice(0, 12)}${table.cached > 0 ? `, ${table.cached} from the cache` : ', cached in the store'}`,
      });
      const run = await runBacktest(store, { strategy: 'sma-cross', params: { fast: 10, slow: 20 }, symbols: ['GOOG'], interval: '1d', commission: 0.002, sizing: 'all-in' });
      steps.push({
        step: 'backtest sma-cross 10/20 on GOOG 1d (commission 0.2 %)',
        outcome: `run ${run.runId}: ${run.metrics.num_trades} trades, return ${run.metrics.total_return_pct.toFixed(1)} %, Sharpe ${run.metrics.sharpe.toFixed(2)}, above ${run.comparison.sharpe_percentile_random.toFixed(0)} % of ${run.comparison.random_seeds} random seeds`,
      });
      const expFile = join(EXPERIMENTS_DIR, 'goog-daily.yaml');
      const experiment = experimentConfigFromYaml(readFileSync(expFile, 'utf8'), expFile);
      const trained = await trainExperiment(store, experiment, { actor: 'demo', progress: ctx.progress.report });
      const pooled = trained.outcome.cv.summary.pooled;
      steps.push({
        step: `train ${experiment.name} (purged 5-fold, embargo 5)`,
        outcome: `model ${trained.model.id} v${trained.model.version}: out-of-fold AUC ${pooled.auc.toFixed(3)}, log-loss ${pooled.logLoss.toFixed(3)}; calibrated ECE ${trained.outcome.calibration?.report.after.ece.toFixed(3) ?? '—'}`,
      });
      const wf = await runMlWalkForward(store, { experiment, run: { commission: 0.002, randomSeeds: 20 }, params: { threshold: 0.52 }, isBars: 750, oosBars: 250 }, ctx.progress.report);
      const hold = wf.baselines.find((b) => b.name === 'buy-and-hold');
      steps.push({
        step: 'walk-forward ml-signal, retrained per fold (750 bars in, 250 out)',
        outcome: `run ${wf.runId}: ${wf.folds.length} folds, out-of-sample return ${wf.metrics.total_return_pct.toFixed(1)} % vs buy-and-hold ${hold?.total_return_pct.toFixed(1)} %, Sharpe ${wf.metrics.sharpe.toFixed(2)}, ${wf.decisions.abstained.count} abstentions`,
      });
      // A finished paper session, so the dashboard's Trading page has orders, fills and a position to show.
      if (!store.trading().getSession(DEMO_SESSION)) {
        const paper = await runPaperSession(store, { session: DEMO_SESSION, config: { strategy: 'sma-cross', params: { fast: 10, slow: 20 }, symbols: ['GOOG'], interval: '1d', from: Date.UTC(2012, 0, 1), commission: 0.002, randomSeeds: 5 }, speed: 'max', approval: false, approvalTtlSec: 600, stop: new AbortController().signal });
        steps.push({ step: `paper session ${DEMO_SESSION}: sma-cross 10/20 on GOOG 1d from 2012, replayed`, outcome: `${paper.ticks} bars, ${paper.book.orders.size} orders, equity ${paper.book.equity().toFixed(0)}` });
      } else steps.push({ step: `paper session ${DEMO_SESSION}`, outcome: 'already recorded' });
      const reportFile = o.report ?? 'sextant-report.html';
      writeFileSync(reportFile, renderHtmlReport(reportInputFromRun(run.record)));
      steps.push({ step: 'tear sheet', outcome: `wrote ${reportFile} (open it in a browser; it needs no network)` });
      ctx.progress.stop();

      const series = (await store.listSeries()).map(summarizeSeries);
      const summary = { store: store.location, schemaVersion: await store.schemaVersion(), steps, series, bars: series.reduce((a, s) => a + s.rows, 0), run_id: run.runId, report: reportFile };
      if (o.serve) return serveDemo(store, summary, o, ctx.json);
      if (ctx.json) return printJson(summary);
      printLine(`Sextant demo — store ${summary.store} (schema v${summary.schemaVersion})`);
      printLine();
      printLine(formatTable(['step', 'outcome'], steps.map((s) => [s.step, s.outcome])));
      printLine();
      printLine(formatTable(['symbol', 'interval', 'rows', 'first', 'last', 'gaps'], series.map((s) => [s.symbol, s.interval, s.rows, s.first, s.last, s.gaps])));
      printLine();
      printLine(`${summary.bars} bars in ${series.length} series. Next: 'npx sextant data show --symbol GOOG --interval 1d --limit 5', 'npx sextant features compute --symbol GOOG --interval 1d --set examples/feature-sets/core.yaml --out goog.csv', 'npx sextant runs show ${run.runId}', 'npx sextant models why ${trained.model.id}', 'npx sextant predict --model ${trained.model.id} --symbol GOOG --explain', 'npx sextant --help'.`);
    });
  });
}
