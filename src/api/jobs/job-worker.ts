import { parentPort, workerData } from 'node:worker_threads';
import { runBacktest } from '../../backtest/run-backtest.js';
import { parseParamSpace } from '../../backtest/sweep/param-space.js';
import { runSweep } from '../../backtest/sweep/sweep.js';
import { SextantError } from '../../core/errors.js';
import type { ProgressFn } from '../../core/progress.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { JobWorkerData, JobWorkerMessage } from './job-messages.js';

/**
 * Runs one backtest or sweep off the API's event loop, on its own store connection, and reports
 * progress at most every 100 ms. The run is recorded in one transaction at the end, so a job
 * terminated half-way (cancelled) leaves nothing behind.
 */
const { db, input, sweepWorkers } = workerData as JobWorkerData;
const post = (m: JobWorkerMessage) => parentPort!.postMessage(m);

let lastPost = 0;
const progress: ProgressFn = (phase, done, total) => {
  const now = Date.now();
  if (now - lastPost < 100 && done < total) return;
  lastPost = now;
  post({ type: 'progress', phase, done, total });
};

const store = SqliteStore.open(db);
try {
  if (input.kind === 'backtest') {
    const run = await runBacktest(store, input.config, progress);
    post({ type: 'done', runIds: [run.runId], result: { metrics: run.metrics } });
  } else {
    const run = await runSweep(store, { run: { ...input.config, params: {} }, space: parseParamSpace(input.params), search: input.search, trials: input.trials, objective: input.objective }, { workers: sweepWorkers, progress });
    post({ type: 'done', runIds: [run.runId], result: { trials: run.outcome.trials.length, best: { params: run.outcome.best.params, metrics: run.outcome.best.metrics } } });
  }
} catch (e) {
  const err = e instanceof SextantError ? e : new SextantError('INTERNAL', `the job failed unexpectedly: ${(e as Error).message}`, {});
  post({ type: 'error', error: err.toJSON().error });
} finally {
  await store.close();
}
