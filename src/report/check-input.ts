import { SextantError } from '../core/errors.js';
import type { ReportInput } from './report-input.js';

/**
 * A report input is built by code from a recorded run, so a malformed one is a bug upstream:
 * the curves must line up and the times must increase, or every chart and table would be wrong.
 */
export function checkReportInput(input: ReportInput): void {
  const n = input.times.length;
  const fail = (message: string, details: Record<string, unknown>): never => {
    throw new SextantError('INTERNAL', `report input: ${message}`, { runId: input.runId, ...details });
  };
  if (input.equity.length !== n) fail('equity and times differ in length', { times: n, equity: input.equity.length });
  if (input.benchmark && input.benchmark.length !== n) {
    fail('benchmark and times differ in length', { times: n, benchmark: input.benchmark.length });
  }
  if (!(Number.isFinite(input.periodsPerYear) && input.periodsPerYear > 0)) {
    fail('periodsPerYear must be a positive number', { periodsPerYear: input.periodsPerYear });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(input.times[i]) || (i > 0 && !(input.times[i] > input.times[i - 1]))) {
      fail('times must be finite and strictly increasing', { index: i, time: input.times[i] });
    }
  }
}
