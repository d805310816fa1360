import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SextantError } from '../../core/errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { RecentErrors } from '../events/recent-errors.js';
import type { JobInput, JobKind } from './job-input.js';
import type { JobWorkerData, JobWorkerMessage } from './job-messages.js';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: JobKind;
  state: JobState;
  progress: { phase: string; done: number; total: number; fraction: number };
  run_ids: string[];
  result: Record<string, unknown> | null;
  error: { code: string; message: string; details: Record<string, unknown> } | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  input: JobInput;
}

/** Worker threads cannot start from .ts sources: under vitest the compiled copy in dist/ runs. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/src/api/jobs/job-worker.js', import.meta.url) : new URL('./job-worker.js', import.meta.url);
}

const KEEP_FINISHED = 200;
const iso = () => new Date().toISOString();

/**
 * Background backtests and sweeps for the API: a queue run `concurrency` at a time, each job in
 * a worker thread (so the API keeps answering), with progress and state changes published as
 * events. Jobs live as long as the server; the runs they record stay in the store.
 */
export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly workers = new Map<string, Worker>();
  private readonly queue: string[] = [];

  constructor(
    private readonly db: string,
    private readonly events: EventHub,
    private readonly errors: RecentErrors,
    private readonly concurrency = 1,
    private readonly sweepWorkers = Math.max(1, availableParallelism() - 1),
  ) {}

  create(input: JobInput, actor: string): Job {
    const job: Job = { id: `job_${randomBytes(6).toString('hex')}`, kind: input.kind, state: 'queued', progress: { phase: 'queued', done: 0, total: 0, fraction: 0 }, run_ids: [], result: null, error: null, created_by: actor, created_at: iso(), started_at: null, finished_at: null, input };
    this.jobs.set(job.id, job);
    this.queue.push(job.id);
    this.forgetOld();
    this.changed(job);
    this.next();
    return job;
  }

  get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new SextantError('JOB_NOT_FOUND', `no job ${id} (jobs are kept while the server runs; see GET /api/v1/jobs)`, { id });
    return job;
  }

  /** Newest first. */
  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  counts(): Record<JobState, number> {
    const c: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const j of this.jobs.values()) c[j.state]++;
    return c;
  }

  /** Cancels a queued job, or stops a running one (its run is never recorded: runs are written whole at the end). */
  async cancel(id: string): Promise<Job> {
    const job = this.get(id);
    if (job.state !== 'queued' && job.state !== 'running') throw new SextantError('JOB_FINISHED', `job ${id} already ${job.state}`, { id, state: job.state });
    const queued = this.queue.indexOf(id);
    if (queued >= 0) this.queue.splice(queued, 1);
    const worker = this.workers.get(id);
    this.finish(job, 'cancelled');
    if (worker) await worker.terminate();
    return job;
  }

  async close(): Promise<void> {
    this.queue.length = 0;
    await Promise.all([...this.workers.values()].map((w) => w.terminate()));
  }

  private next(): void {
    while (this.workers.size < this.concurrency && this.queue.length > 0) this.start(this.get(this.queue.shift()!));
  }

  private start(job: Job): void {
    job.state = 'running';
    job.started_at = iso();
    this.changed(job);
    const worker = new Worker(workerUrl(), { workerData: { db: this.db, input: job.input, sweepWorkers: this.sweepWorkers } satisfies JobWorkerData });
    this.workers.set(job.id, worker);
    worker.on('message', (m: JobWorkerMessage) => {
      if (job.state !== 'running') return;
      if (m.type === 'progress') {
        job.progress = { phase: m.phase, done: m.done, total: m.total, fraction: m.total > 0 ? Math.min(1, m.done / m.total) : 0 };
        this.events.publish('job.progress', { id: job.id, ...job.progress });
      } else if (m.type === 'done') {
        job.run_ids = m.runIds;
        job.result = m.result;
        job.progress = { ...job.progress, done: job.progress.total, fraction: 1 };
        this.finish(job, 'succeeded');
      } else {
        job.error = m.error;
        this.finish(job, 'failed');
      }
    });
    worker.on('error', (e) => {
      if (job.state !== 'running') return;
      job.error = { code: 'INTERNAL', message: e.message, details: {} };
      this.finish(job, 'failed');
    });
    worker.on('exit', () => {
      this.workers.delete(job.id);
      if (job.state === 'running') {
        job.error = { code: 'INTERNAL', message: 'the job worker exited without a result', details: {} };
        this.finish(job, 'failed');
      }
      this.next();
    });
  }

  private finish(job: Job, state: JobState): void {
    job.state = state;
    job.finished_at = iso();
    if (state === 'failed' && job.error) this.errors.add(`job ${job.id}`, job.error.code, job.error.message);
    this.changed(job);
  }

  private changed(job: Job): void {
    this.events.publish('job', job);
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished_at !== null);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}
