import type { ProgressFn } from '../../core/progress.js';
import type { BacktestConfig } from '../config.js';
import { type TrialContextCache, type TrialResult, type TrialTask, runTrial } from './trial.js';

/** Runs the trials of one window: in this thread, or spread over a pool of worker threads. */
export interface TrialRunner {
  /** The results in task order, whatever order they were computed in. */
  run(cfg: BacktestConfig, tasks: readonly TrialTask[], progress: ProgressFn): Promise<TrialResult[]>;
  close(): Promise<void>;
}

/** Every trial here, one after the other: `--workers 1`, the baseline a pool's speed-up is measured against. */
export function inProcessRunner(cache: TrialContextCache): TrialRunner {
  return {
    async run(cfg, tasks, progress) {
      const ctx = await cache.get(cfg);
      const every = Math.max(1, Math.floor(tasks.length / 100));
      return tasks.map((t, i) => {
        const r = runTrial(ctx, t);
        if ((i + 1) % every === 0 || i + 1 === tasks.length) progress('sweep', i + 1, tasks.length);
        return r;
      });
    },
    async close() {},
  };
}
