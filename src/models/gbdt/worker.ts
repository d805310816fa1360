/**
 * A training worker thread: builds its shard, then runs each command the main thread broadcasts
 * (see team.ts) until told to stop. A failure is written to shared memory, where the main
 * thread, blocked in Atomics.wait, can read it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Shard } from './shard.js';
import { C, Command, ERROR_BYTES, type TeamSetup } from './shared.js';
import type { WorkerHello } from './team.js';

const { setup, thread } = workerData as { setup: TeamSetup; thread: number };

/** `seen`: the epoch before this worker said it was ready, so no command can slip past it. */
function loop(shard: Shard, seen: number): void {
  const ctl = shard.v.control;
  for (;;) {
    Atomics.wait(ctl, C.EPOCH, seen);
    const epoch = Atomics.load(ctl, C.EPOCH);
    if (epoch === seen) continue;
    seen = epoch;
    const command = Atomics.load(ctl, C.COMMAND);
    if (command === Command.Stop) return;
    try {
      shard.run(command);
    } catch (e) {
      const text = new TextEncoder().encode(`thread ${thread}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      shard.v.error.fill(0);
      shard.v.error.set(text.subarray(0, ERROR_BYTES - 1));
      Atomics.store(ctl, C.FAILED, 1);
    }
    Atomics.add(ctl, C.DONE, 1);
    Atomics.notify(ctl, C.DONE);
  }
}

let shard: Shard;
try {
  shard = new Shard(setup, thread);
} catch (e) {
  parentPort?.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerHello);
  throw e;
}
const epoch = Atomics.load(shard.v.control, C.EPOCH);
parentPort?.postMessage({ kind: 'ready' } satisfies WorkerHello);
loop(shard, epoch);
