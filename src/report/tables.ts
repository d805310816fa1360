import type { TradeRecord } from '../engine/trade.js';
import { KEY_METRICS } from './key-metrics.js';
import { MISSING, formatFixed, formatMetric, formatNumber, timeLabeler } from './format.js';
import type { ReportInput } from './report-input.js';
import type { MonthlyReturns } from './series/monthly-returns.js';

/**
 * The tables of a tear sheet as plain text cells, shared by the HTML and Markdown renderers
 * (each escapes the cells for its own format). `numeric` marks the columns aligned right.
 */
export interface Table {
  header: string[];
  numeric: boolean[];
  rows: string[][];
}

export function keyMetricsTable(input: ReportInput): Table {
  return {
    header: ['Metric', 'Value'],
    numeric: [false, true],
    rows: KEY_METRICS.map(({ key, label, unit }) => {
      const text = formatMetric(input.metrics[key]);
      return [label, unit && text !== MISSING ? `${text} ${unit}` : text];
    }),
  };
}

/** Every metric of the run, in the order the run recorded them. */
export function metricsTable(input: ReportInput): Table {
  return {
    header: ['Metric', 'Value'],
    numeric: [false, true],
    rows: Object.entries(input.metrics).map(([k, v]) => [k, formatMetric(v)]),
  };
}

/** The strategy's own row first, then each baseline, on the same three measures. */
export function baselinesTable(input: ReportInput): Table {
  const m = input.metrics;
  const num = (v: number | string | undefined) => (typeof v === 'number' ? formatFixed(v, 2) : formatMetric(v));
  return {
    header: ['Run', 'Total return %', 'Sharpe', 'Max drawdown %'],
    numeric: [false, true, true, true],
    rows: [
      ['Strategy', num(m.total_return_pct), num(m.sharpe), num(m.max_drawdown_pct)],
      ...input.baselines.map((b) => [b.name, num(b.total_return_pct), num(b.sharpe), num(b.max_drawdown_pct)]),
    ],
  };
}

export function comparisonTable(input: ReportInput): Table {
  const c = input.comparison;
  return {
    header: ['Comparison', 'Value'],
    numeric: [false, true],
    rows: [
      ['Excess return over buy-and-hold %', formatFixed(c.excess_return_pct, 2)],
      ['Regret (best baseline return − strategy return) %', formatFixed(c.regret_pct, 2)],
      [`Sharpe percentile among ${formatNumber(c.random_seeds)} random seeds`, formatNumber(c.sharpe_percentile_random)],
    ],
  };
}

/** Configuration values exactly as recorded (no rounding: they are inputs, not results). */
export function configTable(input: ReportInput): Table {
  return {
    header: ['Setting', 'Value'],
    numeric: [false, false],
    rows: Object.entries(input.config).map(([k, v]) => [k, String(v)]),
  };
}

/** The first `limit` trades (all by default); `dates` as from dailyTimes(input.times). */
export function tradesTable(trades: readonly TradeRecord[], dates: boolean, limit = trades.length): Table {
  const label = timeLabeler(dates);
  return {
    header: ['#', 'Symbol', 'Side', 'Qty', 'Entry', 'Entry price', 'Exit', 'Exit price', 'P&L', 'Fees', 'Return %'],
    numeric: [true, false, false, true, false, true, false, true, true, true, true],
    rows: trades.slice(0, limit).map((t, i) => [
      String(i + 1),
      t.symbol,
      t.side,
      formatNumber(t.qty),
      label(t.entryTime),
      formatNumber(t.entryPrice),
      label(t.exitTime),
      formatNumber(t.exitPrice),
      formatFixed(t.pnl, 2),
      formatFixed(t.fees, 2),
      formatFixed(t.returnPct * 100, 2),
    ]),
  };
}

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One row per year: the twelve monthly % returns, then the whole year's (Total), to 1 decimal. */
export function monthlyTable(m: MonthlyReturns): Table {
  const rows: string[][] = [];
  for (let y = 0; y < m.years; y++) {
    const row = [String(m.firstYear + y)];
    for (let k = 0; k < 12; k++) row.push(formatFixed(m.months[y * 12 + k], 1));
    row.push(formatFixed(m.yearly[y], 1));
    rows.push(row);
  }
  return { header: ['Year', ...MONTH_NAMES, 'Total'], numeric: [false, ...MONTH_NAMES.map(() => true), true], rows };
}
