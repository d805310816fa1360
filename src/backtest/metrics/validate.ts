import { SextantError } from '../../core/errors.js';
import type { MetricsInput } from '../metrics-input.js';

/**
 * Refuses a MetricsInput that no run can produce (the engine builds it, so a failure here is a
 * bug: code INTERNAL). Degenerate but valid runs (one point, flat equity, no trades) pass.
 */
export function validateMetricsInput(input: MetricsInput): void {
  const { times, equity, exposure, benchmark } = input;
  const n = times.length;
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new SextantError('INTERNAL', `invalid metrics input: ${message}`, details);
  };
  if (n === 0) fail('the equity curve has no points');
  if (equity.length !== n || exposure.length !== n || (benchmark !== null && benchmark.length !== n)) {
    fail('times, equity, exposure and benchmark must have the same length', {
      times: n,
      equity: equity.length,
      exposure: exposure.length,
      benchmark: benchmark?.length ?? null,
    });
  }
  if (!(input.periodsPerYear > 0 && Number.isFinite(input.periodsPerYear))) {
    fail('periodsPerYear must be a positive number', { periodsPerYear: input.periodsPerYear });
  }
  if (!(input.initialCash > 0 && Number.isFinite(input.initialCash))) {
    fail('initialCash must be a positive number', { initialCash: input.initialCash });
  }
  if (!Number.isFinite(input.tradedNotional) || !Number.isFinite(input.totalFees)) {
    fail('tradedNotional and totalFees must be finite', { tradedNotional: input.tradedNotional, totalFees: input.totalFees });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
      fail('times must be finite and strictly increasing', { index: i, time: times[i] });
    }
    if (!Number.isFinite(equity[i]) || (benchmark !== null && !Number.isFinite(benchmark[i]))) {
      fail('equity and benchmark values must be finite', { index: i });
    }
  }
}
