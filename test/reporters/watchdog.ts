import { readdirSync, readFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';

/**
 * Turns a stuck test run into a failing one that says where it stuck.
 *
 * Every test and hook has a timeout, but vitest fires it from the worker's event loop: a worker
 * blocked in synchronous code (a spawnSync child that never ends, a busy loop) stops it, and the
 * run would hang until CI kills it without a word. Here, in vitest's main process, silence from
 * the workers for STUCK_S seconds is reported with the tests still running and the processes
 * under vitest; the stuck processes are then killed (a worker's children first, so a spawnSync
 * returns and its test fails with its own message; the worker itself if it has none).
 *
 * It also prints a line every PROGRESS_EVERY files, so a CI log cut short still shows how far
 * the run got.
 */
const STUCK_S = Number(process.env.SEXTANT_TEST_STUCK_S ?? 180);
const PROGRESS_EVERY = 25;

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name sits in parentheses and may hold spaces: the fields after it are split safely.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), ppid, args });
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

/** The processes under `root`, each with its depth (1 = a child of root). */
function descendants(root: number): (Proc & { depth: number })[] {
  const all = processes();
  const found: (Proc & { depth: number })[] = [];
  let level = [root];
  for (let depth = 1; level.length > 0; depth++) {
    const next = all.filter((p) => level.includes(p.ppid));
    for (const p of next) found.push({ ...p, depth });
    level = next.map((p) => p.pid);
  }
  return found;
}

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

export default class WatchdogReporter implements Reporter {
  private last = Date.now();
  private started = Date.now();
  private files = 0;
  private done = 0;
  private readonly runningTests = new Map<string, { name: string; since: number }>();
  private readonly runningFiles = new Map<string, number>();
  /** The last test each running file finished: a worker blocked before it could report the next one is past it. */
  private readonly lastFinished = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.files = specifications.length;
    this.started = this.last = Date.now();
    this.timer = setInterval(() => this.check(), 5_000);
    this.timer.unref();
  }

  onTestModuleStart(m: TestModule): void {
    this.last = Date.now();
    this.runningFiles.set(m.moduleId, this.last);
  }

  onTestModuleEnd(m: TestModule): void {
    this.last = Date.now();
    this.runningFiles.delete(m.moduleId);
    this.lastFinished.delete(m.moduleId);
    this.done++;
    if (this.done % PROGRESS_EVERY === 0 && this.done < this.files) this.say(`${this.done} of ${this.files} test files done in ${this.elapsed()}`);
  }

  onTestCaseReady(t: TestCase): void {
    this.last = Date.now();
    this.runningTests.set(t.id, { name: `${t.module.moduleId} > ${t.fullName}`, since: this.last });
  }

  onTestCaseResult(t: TestCase): void {
    this.last = Date.now();
    this.runningTests.delete(t.id);
    this.lastFinished.set(t.module.moduleId, t.fullName);
  }

  onTestRunEnd(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private elapsed(): string {
    return `${Math.round((Date.now() - this.started) / 1000)} s`;
  }

  private say(line: string): void {
    process.stderr.write(`[watchdog] ${line}\n`);
  }

  private check(): void {
    const silent = (Date.now() - this.last) / 1000;
    if (silent < STUCK_S) return;
    this.last = Date.now();
    this.say(`no test has reported for ${Math.round(silent)} s (${this.elapsed()} into the run): a worker is blocked`);
    for (const [file, since] of this.runningFiles) {
      const after = this.lastFinished.get(file);
      this.say(`  file running for ${Math.round((Date.now() - since) / 1000)} s: ${file}${after ? ` (last test finished: ${after})` : ''}`);
    }
    for (const t of this.runningTests.values()) this.say(`  test running for ${Math.round((Date.now() - t.since) / 1000)} s: ${t.name}`);
    const under = descendants(process.pid);
    for (const p of under) this.say(`  ${'  '.repeat(p.depth - 1)}pid ${p.pid}: ${short(p.args)}`);
    // A worker's children first (a spawnSync then returns with the child's death); the workers if they have none.
    const deepest = Math.max(0, ...under.map((p) => p.depth));
    const victims = deepest >= 2 ? under.filter((p) => p.depth === 2) : under.filter((p) => p.depth === 1);
    for (const p of victims) {
      this.say(`  killing pid ${p.pid}`);
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
