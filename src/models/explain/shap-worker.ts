/**
 * A TreeSHAP worker thread (started by tree-shap-parallel.ts): takes rows from the shared
 * counter until none are left, writes their contributions into the shared output, and says
 * when it is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ShapKernel } from './shap-kernel.js';
import type { ShapWorkerData } from './tree-shap-parallel.js';

const d = workerData as ShapWorkerData;
const kernel = new ShapKernel(d.ensemble);
for (;;) {
  const start = Atomics.add(d.counters, 0, d.chunk);
  if (start >= d.rows) break;
  const end = Math.min(d.rows, start + d.chunk);
  kernel.explainRows(d.x, d.cols, start, end, d.out);
  Atomics.add(d.counters, 1, end - start);
}
parentPort!.postMessage('done');
