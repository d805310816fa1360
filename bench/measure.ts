/** Timing helpers for benchmarks: medians of repeated runs, never a single time. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall times in ms of `runs` calls of a measured function and of its baseline, run in
 * turn (baseline, figure, baseline, ...) so that a slow spell of a shared machine hits both.
 */
export async function timeAgainstBaseline(runs: number, figure: () => unknown, baseline: () => unknown, warmup = 0): Promise<{ figureMs: number; baselineMs: number }> {
  // Untimed rounds first, so both sides are measured with optimised code, not while the JIT warms up.
  for (let w = 0; w < warmup; w++) {
    await baseline();
    await figure();
  }
  const f: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [fn, times] of [[baseline, b], [figure, f]] as const) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
  }
  return { figureMs: median(f), baselineMs: median(b) };
}

export interface BenchLine {
  benchmark: string;
  figure: number;
  unit: string;
  baseline: number;
  baselineName: string;
  /** figure / baseline: both measured in this run, so machine noise mostly cancels. */
  ratio: number;
  target: string;
  pass: boolean;
  runs: number;
  /** Untimed rounds before the measured ones. */
  warmup?: number;
}

export function printBench(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
