/**
 * TreeSHAP on worker threads: the prepared ensemble (packed trees and tables), the rows and
 * the output live in SharedArrayBuffers, and each worker takes the next few rows from a shared atomic counter
 * until none are left, so no row is copied or sent and a slow core just takes fewer rows.
 * Every row is computed by the same kernel in the same order whichever thread takes it, so
 * the result is bit-for-bit that of treeShap.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SextantError } from '../../core/errors.js';
import type { TreeEnsemble } from '../gbdt/tree.js';
import type { Matrix } from '../model.js';
import type { PackedEnsemble } from './packed-ensemble.js';
import { type PreparedEnsemble, prepareEnsemble } from './prepared.js';
import type { ShapTables } from './shap-tables.js';
import { type TreeShapOptions, checkShapInput, contributionsLength, treeShap } from './tree-shap.js';

export interface TreeShapParallelOptions extends TreeShapOptions {
  /** Worker threads; the machine's parallelism by default. 1 computes on this thread. */
  threads?: number;
}

/** What a worker gets: all shared, nothing copied. */
export interface ShapWorkerData {
  ensemble: PreparedEnsemble;
  x: Float64Array;
  rows: number;
  cols: number;
  out: Float64Array;
  /** [next row to take, rows done]. */
  counters: Int32Array;
  chunk: number;
}

/** Rows a worker takes at a time: small enough to balance the load, large enough that the counter is no contention. */
const CHUNK_ROWS = 16;
/**
 * Rows × leaves under which the work (well under 0.1 s on one core) is done on this thread:
 * starting a worker and warming up its JIT costs about as much.
 */
const MIN_PARALLEL_WORK = 2_000_000;
const PROGRESS_MS = 250;

/**
 * The compiled worker next to this file. Run from the TypeScript sources (vitest), this module
 * is a .ts file and Node cannot start a worker from one, so the compiled copy in dist/ is used
 * (build it with `npx tsc -p .`).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/src/models/explain/shap-worker.js', import.meta.url) : new URL('./shap-worker.js', import.meta.url);
}

type Numbers = Float64Array | Int32Array | Uint8Array;

function sharedCopy<T extends Numbers>(data: T): T {
  const Ctor = data.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => T;
  const copy = new Ctor(new SharedArrayBuffer(Math.max(1, data.byteLength)), 0, data.length);
  copy.set(data);
  return copy;
}

/** The same record with every typed array copied into shared memory. */
function shared<T extends PackedEnsemble | ShapTables>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? sharedCopy(v as Numbers) : v])) as T;
}

function runWorker(data: ShapWorkerData, started: Worker[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl(), { workerData: data });
    started.push(worker);
    let done = false;
    worker.once('message', () => {
      done = true;
      resolve();
    });
    worker.once('error', (e) => reject(new SextantError('INTERNAL', `a TreeSHAP worker failed: ${e.message} (from TypeScript sources the worker runs from dist/: build with npx tsc -p .)`, { url: workerUrl().href })));
    worker.once('exit', (code) => {
      if (!done) reject(new SextantError('INTERNAL', `a TreeSHAP worker exited before finishing (code ${code})`, { code }));
    });
  });
}

/**
 * treeShap on `threads` worker threads (this thread only waits, so its event loop stays free);
 * same layout and the same bits. Small inputs are computed on this thread.
 */
export async function treeShapParallel(ensemble: TreeEnsemble, x: Matrix, opts: TreeShapParallelOptions = {}): Promise<Float64Array> {
  checkShapInput(ensemble, x);
  const threads = opts.threads ?? availableParallelism();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new SextantError('EXPLAIN_INPUT_INVALID', `threads is ${threads}, expected an integer >= 1`, { threads });
  const leaves = ensemble.trees.reduce((s, t) => s + t.leafValue.length, 0);
  if (threads === 1 || x.rows * leaves < MIN_PARALLEL_WORK) return treeShap(ensemble, x, opts);

  const { packed, tables } = prepareEnsemble(ensemble);
  const length = contributionsLength(packed, x.rows);
  const out = new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8), 0, length);
  // the tables are copied into shared memory per call: a few milliseconds against the workers' start-up
  const data: ShapWorkerData = { ensemble: { packed: shared(packed), tables: shared(tables) }, x: sharedCopy(x.data), rows: x.rows, cols: x.cols, out, counters: new Int32Array(new SharedArrayBuffer(8)), chunk: CHUNK_ROWS };
  const progress = opts.progress;
  const timer = progress ? setInterval(() => progress('treeshap', Atomics.load(data.counters, 1), x.rows), PROGRESS_MS) : null;
  const started: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: Math.min(threads, Math.ceil(x.rows / CHUNK_ROWS)) }, () => runWorker(data, started)));
  } catch (e) {
    await Promise.all(started.map((w) => w.terminate()));
    throw e;
  } finally {
    if (timer) clearInterval(timer);
  }
  progress?.('treeshap', x.rows, x.rows);
  return new Float64Array(out);
}
