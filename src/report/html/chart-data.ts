import { dailyTimes } from '../format.js';
import type { ReportInput } from '../report-input.js';
import { downsampleIndices } from '../series/downsample.js';
import { drawdownPct } from '../series/drawdown.js';
import { histogram } from '../series/histogram.js';
import { simpleReturns } from '../series/returns.js';
import { rollingSharpe, rollingSharpeWindow } from '../series/rolling-sharpe.js';

/** Longest series drawn; longer ones are downsampled (see downsampleIndices). */
export const MAX_CHART_POINTS = 5000;
export const HISTOGRAM_BINS = 50;

/** One chart line: times (UTC ms) and values; NaN values become null in the JSON blob (gaps). */
export interface ChartSeries {
  t: number[];
  v: number[];
}

/** What the page's script draws, embedded in the page as one JSON blob. */
export interface ChartData {
  runId: string;
  /** Tooltips write times as dates (daily or longer bars), else as ISO date-times; see format.ts. */
  dates: boolean;
  equity: ChartSeries;
  benchmark: ChartSeries | null;
  /** Underwater curve, % below the running peak. */
  drawdown: ChartSeries;
  rollingSharpe: ChartSeries & { window: number };
  /** Per-point returns in %: bin edges and counts. */
  histogram: { edges: number[]; counts: number[] };
}

/**
 * Derived series are rounded to 4 decimals: they are only drawn, and at 5,000 points a series
 * the full 17 digits would double the page. Equity and buy-and-hold keep every digit.
 */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function series(times: Float64Array, values: Float64Array, round: boolean): ChartSeries {
  const idx = downsampleIndices(values, MAX_CHART_POINTS);
  const t = new Array<number>(idx.length);
  const v = new Array<number>(idx.length);
  for (let k = 0; k < idx.length; k++) {
    t[k] = times[idx[k]];
    v[k] = round ? round4(values[idx[k]]) : values[idx[k]];
  }
  return { t, v };
}

export function chartData(input: ReportInput): ChartData {
  const { times, equity, periodsPerYear } = input;
  const returns = simpleReturns(equity);
  const window = rollingSharpeWindow(periodsPerYear);
  const returnsPct = returns.map((r) => r * 100);
  const hist = histogram(returnsPct, HISTOGRAM_BINS);
  return {
    runId: input.runId,
    dates: dailyTimes(times),
    equity: series(times, equity, false),
    benchmark: input.benchmark ? series(times, input.benchmark, false) : null,
    drawdown: series(times, drawdownPct(equity), true),
    rollingSharpe: { ...series(times, rollingSharpe(returns, window, periodsPerYear), true), window },
    histogram: { edges: Array.from(hist.edges, round4), counts: Array.from(hist.counts) },
  };
}
