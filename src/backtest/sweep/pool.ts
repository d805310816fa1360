import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type ErrorCode, SextantError } from '../../core/errors.js';
import type { BacktestConfig } from '../config.js';
import type { TrialRunner } from './runner.js';
import { type TrialContextCache, type TrialResult, type TrialTask, runTrial } from './trial.js';

/** workerData: the store file each worker opens for itself. */
export interface WorkerInit {
  db: string;
}

/** A chunk of trials of one window; null asks the worker to close its store and exit. */
export type WorkerRequest = { cfg: BacktestConfig; tasks: TrialTask[] } | null;

/** `ready` once the worker has loaded its modules, then one reply per request. */
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'results'; results: TrialResult[] }
  | { kind: 'error'; error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

/**
 * The compiled worker next to this file. Run from the TypeScript sources (vitest), this module
 * is a .ts file and Node cannot start a worker from one, so the compiled copy in dist/ is used
 * (`npm test` compiles before vitest starts).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/src/backtest/sweep/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
}

/** One worker thread with at most one request in flight. */
class PoolWorker {
  /** Settles when the worker can take work, or with why it cannot. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private settleReady: { resolve: () => void; reject: (e: unknown) => void } = { resolve: () => {}, reject: () => {} };
  private pending: { resolve: (r: TrialResult[]) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private closing = false;
  private used = false;

  constructor(db: string) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.ready.catch(() => {}); // the failure matters only to a lane that awaits it
    this.worker = new Worker(workerUrl(), { workerData: { db } satisfies WorkerInit });
    this.worker.on('message', (m: WorkerReply) => {
      if (m.kind === 'ready') return this.settleReady.resolve();
      const p = this.pending;
      this.pending = null;
      if (m.kind === 'results') p?.resolve(m.results);
      else p?.reject(new SextantError(m.error.code, m.error.message, m.error.details));
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new SextantError('INTERNAL', `a sweep worker exited unexpectedly (code ${code})`, { code }));
    });
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.settleReady.reject(e);
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  request(req: Exclude<WorkerRequest, null>): Promise<TrialResult[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.used = true;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    // a worker that failed or never got work (still starting up, store not open) is just stopped
    if (this.failure !== null || !this.used) {
      void this.worker.terminate(); // nothing to wait for: it holds no work and no open store
      return;
    }
    const exited = once(this.worker, 'exit');
    this.worker.postMessage(null satisfies WorkerRequest);
    await exited;
  }
}

/**
 * Trials per request: at most 16 to amortise a message, shrinking with the work left (a quarter
 * of a lane's share) so no lane is left with a long last chunk while the others wait.
 */
function chunkSize(remaining: number, lanes: number): number {
  return Math.min(16, Math.max(1, Math.ceil(remaining / (lanes * 4))));
}

/** Lets worker replies in between two trials run on this thread. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `threads` worker threads, each opening the store file, loading a window's data once and
 * keeping one feature memo across its trials; with `local`, this thread runs trials too, one
 * at a time between handing out chunks, so the work starts while the workers are still
 * starting up (about 0.1 s each, then their own JIT warm-up).
 * Results are put back in task order, so the outcome does not depend on the number of workers.
 */
/**
 * Worker threads are started only when the work left is worth their start-up: a sweep whose
 * trials all fit in a fraction of a second is faster on this thread alone (a worker costs about
 * 0.3 s of CPU to boot and warm up, taken from the same cores).
 */
const SPAWN_WHEN_LEFT_MS = 400;

export function workerPool(db: string, threads: number, local: TrialContextCache | null): TrialRunner {
  const pool: PoolWorker[] = [];
  return {
    async run(cfg, tasks, progress) {
      const out: TrialResult[] = new Array(tasks.length);
      const lanes = threads + (local ? 1 : 0);
      const every = Math.max(1, Math.floor(tasks.length / 100));
      let next = 0;
      let done = 0;
      let failed = false;
      const finished = (count: number) => {
        const before = done;
        done += count;
        if (Math.floor(done / every) > Math.floor(before / every) || done === tasks.length) progress('sweep', done, tasks.length);
      };
      // A worker joins once it has started: work left by then is shared, none is queued behind its
      // start-up; when this thread has taken the last task first, nobody waits for a worker to boot.
      let allTaken = () => {};
      const queueEmpty = new Promise<void>((resolve) => (allTaken = resolve));
      const drive = async (w: PoolWorker) => {
        await Promise.race([w.ready, queueEmpty]);
        while (!failed && next < tasks.length) {
          const start = next;
          next = Math.min(tasks.length, start + chunkSize(tasks.length - start, lanes));
          if (next === tasks.length) allTaken();
          const results = await w.request({ cfg, tasks: tasks.slice(start, next) });
          results.forEach((r, k) => (out[start + k] = r));
          finished(results.length);
        }
      };
      const drives: Promise<void>[] = [];
      const spawn = () => {
        while (pool.length < threads) pool.push(new PoolWorker(db));
        for (const w of pool) drives.push(drive(w));
      };
      const runLocal = async (cache: TrialContextCache) => {
        const ctx = await cache.get(cfg);
        const t0 = performance.now();
        let mine = 0;
        while (!failed && next < tasks.length) {
          const i = next++;
          if (next === tasks.length) allTaken();
          out[i] = runTrial(ctx, tasks[i]);
          finished(1);
          mine++;
          if (drives.length === 0 && (mine & 7) === 0 && ((performance.now() - t0) / mine) * (tasks.length - next) > SPAWN_WHEN_LEFT_MS) spawn();
          if (drives.length > 0) await yieldToEvents();
        }
      };
      try {
        if (local) await runLocal(local);
        else spawn();
        await Promise.all(drives);
      } catch (e) {
        failed = true;
        throw e;
      }
      return out;
    },
    async close() {
      await Promise.all(pool.map((w) => w.close()));
    },
  };
}
