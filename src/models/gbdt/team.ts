/**
 * The training threads: shard 0 on this thread, shards 1 … T−1 on worker threads. A command is
 * broadcast by writing it to shared memory and bumping an epoch word the workers wait on
 * (Atomics.wait / notify, no message per command); this thread does its own share, then waits
 * until every worker has counted itself done.
 */
import { Worker } from 'node:worker_threads';
import { SextantError } from '../../core/errors.js';
import { Shard } from './shard.js';
import { C, Command, type TeamSetup } from './shared.js';

/** What the worker posts once its shard is built, or when it could not start. */
export type WorkerHello = { kind: 'ready' } | { kind: 'error'; message: string };

/**
 * The compiled worker next to this file. Run from the TypeScript sources (vitest), this module is
 * a .ts file and Node cannot start a worker from one, so the compiled copy in dist/ is used
 * (`npm test` and `npm run bench` compile first).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/src/models/gbdt/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
}

/** A worker that has not answered for this long has died (a step takes well under a second). */
const WORKER_TIMEOUT_MS = 120_000;

export class Team {
  readonly shard: Shard;
  readonly setup: TeamSetup;
  private readonly workers: Worker[];
  private failure: string | null = null;

  private constructor(setup: TeamSetup, workers: Worker[]) {
    this.setup = setup;
    this.workers = workers;
    this.shard = new Shard(setup, 0);
    for (const w of workers) {
      w.on('error', (e) => (this.failure ??= e.message));
      w.on('exit', (code) => (this.failure ??= `a training worker exited (code ${code})`));
    }
  }

  /** Starts setup.threads − 1 workers and waits until each has built its shard. */
  static async start(setup: TeamSetup): Promise<Team> {
    const workers: Worker[] = [];
    try {
      for (let t = 1; t < setup.threads; t++) workers.push(new Worker(workerUrl(), { workerData: { setup, thread: t } }));
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', (m: WorkerHello) => (m.kind === 'ready' ? resolve() : reject(new SextantError('INTERNAL', `a training worker could not start: ${m.message}`))));
              w.once('error', (e) => reject(new SextantError('INTERNAL', `a training worker could not start (${workerUrl().pathname}; from the sources, build dist/ first: npm run build): ${e.message}`, { cause: e.message })));
              w.once('exit', (code) => reject(new SextantError('INTERNAL', `a training worker exited while starting (code ${code})`)));
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new Team(setup, workers);
  }

  get threads(): number {
    return this.setup.threads;
  }

  /** Histogram slot s of thread t. */
  slotOf(t: number, s: number): Float64Array {
    const len = this.shard.slot(0).length;
    const at = (t * this.setup.maxBuilds + s) * len;
    return this.shard.v.hist.subarray(at, at + len);
  }

  /** Runs a command on every thread and returns when all are done; a worker's error is thrown here. */
  run(command: Command): void {
    const ctl = this.shard.v.control;
    if (this.failure !== null) throw new SextantError('INTERNAL', `gbdt training failed in a worker: ${this.failure}`);
    Atomics.store(ctl, C.DONE, 0);
    Atomics.store(ctl, C.COMMAND, command);
    Atomics.add(ctl, C.EPOCH, 1);
    Atomics.notify(ctl, C.EPOCH);
    let mine: unknown = null;
    try {
      this.shard.run(command);
    } catch (e) {
      mine = e;
    }
    const workers = this.workers.length;
    const started = Date.now();
    for (let done = Atomics.load(ctl, C.DONE); done < workers; done = Atomics.load(ctl, C.DONE)) {
      if (Atomics.wait(ctl, C.DONE, done, 1000) === 'timed-out' && Date.now() - started > WORKER_TIMEOUT_MS) {
        throw new SextantError('INTERNAL', 'a gbdt training worker stopped answering');
      }
    }
    if (mine !== null) throw mine;
    if (Atomics.load(ctl, C.FAILED) !== 0) throw new SextantError('INTERNAL', `gbdt training failed in a worker: ${this.workerError()}`);
  }

  private workerError(): string {
    const bytes = this.shard.v.error;
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end));
  }

  /** Lets pending events (a worker's exit or error) be noticed; call between rounds. */
  async breathe(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure !== null) throw new SextantError('INTERNAL', `gbdt training failed in a worker: ${this.failure}`);
  }

  /** Stops the workers (also after a failure). */
  async close(): Promise<void> {
    const ctl = this.shard.v.control;
    Atomics.store(ctl, C.COMMAND, Command.Stop);
    Atomics.add(ctl, C.EPOCH, 1);
    Atomics.notify(ctl, C.EPOCH);
    this.failure ??= 'closed';
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
