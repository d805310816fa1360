/** Small bar series for the dataset and validation tests. */
import { BarSeries } from '../../../src/core/bar-series.js';
import { Rng } from '../../../src/core/rng.js';

export const DAY = 86_400_000;

/**
 * Bars from closes: each opens at the previous close; high and low default to the larger and
 * smaller of open and close. Times are `start + i·DAY` unless given.
 */
export function barsOf(close: readonly number[], opts: { high?: readonly number[]; low?: readonly number[]; time?: readonly number[]; symbol?: string } = {}): BarSeries {
  const n = close.length;
  const open = close.map((c, i) => (i === 0 ? c : close[i - 1]));
  return new BarSeries(opts.symbol ?? 'X', '1d', {
    time: Float64Array.from(opts.time ?? close.map((_, i) => (i + 1) * DAY)),
    open: Float64Array.from(open),
    high: Float64Array.from(opts.high ?? close.map((c, i) => Math.max(c, open[i]))),
    low: Float64Array.from(opts.low ?? close.map((c, i) => Math.min(c, open[i]))),
    close: Float64Array.from(close),
    volume: new Float64Array(n).fill(1000),
    adjClose: null,
  });
}

/** A driftless geometric random walk with 1 % steps; high/low stretch a little past open/close. */
export function randomWalkBars(n: number, seed: number, symbol = 'X'): BarSeries {
  const rng = new Rng(seed);
  const close: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  let c = 100;
  for (let i = 0; i < n; i++) {
    const prev = c;
    c = prev * Math.exp(0.01 * rng.normal());
    close.push(c);
    high.push(Math.max(prev, c) * (1 + 0.003 * rng.next()));
    low.push(Math.min(prev, c) * (1 - 0.003 * rng.next()));
  }
  return barsOf(close, { high, low, symbol });
}
