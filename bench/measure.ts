/** Timing helpers for benchmarks: medians of repeated runs, never a single time. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time in ms of `runs` calls of `fn` (after `setup` for each, untimed). */
export async function timeMedian(runs: number, fn: () => unknown, setup?: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    await setup?.();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
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
}

export function printBench(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
