/**
 * A sweep worker thread (started by pool.ts): opens the store file itself, runs the chunks of
 * trials it is sent one at a time, and sends each chunk's results back with the returns
 * transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isSextantError } from '../../core/errors.js';
import { openStore } from '../../store/open-store.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './pool.js';
import { TrialContextCache, runTrial } from './trial.js';

const port = parentPort!;
const store = openStore((workerData as WorkerInit).db);
const cache = new TrialContextCache(store);

async function handle(req: WorkerRequest): Promise<void> {
  if (req === null) {
    await store.close();
    port.close();
    return;
  }
  try {
    const ctx = await cache.get(req.cfg);
    const results = req.tasks.map((t) => runTrial(ctx, t));
    port.postMessage({ kind: 'results', results } satisfies WorkerReply, results.map((r) => r.returns.buffer as ArrayBuffer));
  } catch (e) {
    const error = isSextantError(e) ? { code: e.code, message: e.message, details: e.details } : { code: 'INTERNAL' as const, message: e instanceof Error ? (e.stack ?? e.message) : String(e), details: {} };
    port.postMessage({ kind: 'error', error } satisfies WorkerReply);
  }
}

// One message at a time, in order: a close never overtakes a chunk still loading its data.
let queue = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(() => handle(req));
});
port.postMessage({ kind: 'ready' } satisfies WorkerReply);
