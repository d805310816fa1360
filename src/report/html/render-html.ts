import { checkReportInput } from '../check-input.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { dailyTimes, formatNumber } from '../format.js';
import type { ReportInput } from '../report-input.js';
import { type MonthlyReturns, monthlyReturns } from '../series/monthly-returns.js';
import {
  type Table,
  baselinesTable,
  comparisonTable,
  configTable,
  keyMetricsTable,
  metricsTable,
  monthlyTable,
  tradesTable,
} from '../tables.js';
import { HISTOGRAM_BINS, MAX_CHART_POINTS, chartData } from './chart-data.js';
import { clientScript } from './client-script.js';
import { echartsSource } from './echarts-source.js';
import { STYLES } from './styles.js';

/** The id of every section of the page, in page order. */
export const SECTION_IDS = [
  'summary',
  'equity',
  'drawdown',
  'monthly',
  'rolling-sharpe',
  'histogram',
  'metrics',
  'baselines',
  'config',
  'trades',
] as const;

function cell(tag: 'td' | 'th', text: string, numeric: boolean, style = ''): string {
  const cls = numeric ? ' class="num"' : '';
  return `<${tag}${cls}${style ? ` style="${style}"` : ''}>${escapeHtml(text)}</${tag}>`;
}

/** A table; `styleOf(row, col)` may give an inline style for a body cell (the heat map's colours). */
function htmlTable(t: Table, className = '', styleOf?: (row: number, col: number) => string): string {
  const head = `<tr>${t.header.map((h, j) => cell('th', h, t.numeric[j])).join('')}</tr>`;
  const body = t.rows
    .map((r, i) => `<tr>${r.map((c, j) => cell('td', c, t.numeric[j], styleOf?.(i, j))).join('')}</tr>`)
    .join('\n');
  const cls = className ? ` class="${className}"` : '';
  return `<div class="scroll"><table${cls}><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function maxAbs(xs: Float64Array): number {
  let m = 0;
  for (const x of xs) if (Math.abs(x) > m) m = Math.abs(x);
  return m;
}

/**
 * The monthly table coloured as a heat map: green up, red down, stronger with the size of the
 * move relative to the largest month (the Total column relative to the largest year). Colours
 * are translucent so they read on the light and the dark background alike.
 */
function heatMap(m: MonthlyReturns): string {
  const monthScale = maxAbs(m.months);
  const yearScale = maxAbs(m.yearly);
  const styleOf = (row: number, col: number): string => {
    if (col === 0) return '';
    const v = col <= 12 ? m.months[row * 12 + col - 1] : m.yearly[row];
    const scale = col <= 12 ? monthScale : yearScale;
    if (!(Math.abs(v) > 0) || scale === 0) return '';
    const alpha = (0.12 + (0.6 * Math.abs(v)) / scale).toFixed(2);
    return `background: rgba(var(${v > 0 ? '--pos' : '--neg'}), ${alpha})`;
  };
  return htmlTable(monthlyTable(m), 'heat', styleOf);
}

function cards(input: ReportInput): string {
  const items = keyMetricsTable(input).rows.map(
    ([label, value]) => `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div></div>`,
  );
  return `<div class="cards">${items.join('')}</div>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

const chartBox = (key: string) => `<div class="chart" id="chart-${key}"></div>`;
const note = (text: string) => `<p class="note">${escapeHtml(text)}</p>`;

/**
 * A self-contained HTML tear sheet: ECharts and the page's script are inlined, the chart data
 * travels as one JSON blob, and nothing is loaded from the network when the file is opened.
 */
export function renderHtmlReport(input: ReportInput): string {
  checkReportInput(input);
  const n = input.times.length;
  const data = chartData(input);
  const A = input.periodsPerYear;
  const title = escapeHtml(input.title);
  const sampled = n > MAX_CHART_POINTS
    ? ` Charts show at most ${formatNumber(MAX_CHART_POINTS)} of the ${formatNumber(n)} points: the first, the last, and the lowest and highest of each stretch between.`
    : '';
  const tradeCount = input.trades.length;

  const sections = [
    `<header id="summary">\n<h1>${title}</h1>\n<div class="muted">Run <code>${escapeHtml(input.runId)}</code> · ${formatNumber(n)} points · ${formatNumber(A)} points a year</div>\n${cards(input)}\n</header>`,
    '<noscript><p class="note">The charts need JavaScript; the tables below do not.</p></noscript>',
    '<main>',
    section(
      'equity',
      'Equity vs buy-and-hold',
      note(
        (input.benchmark ? 'Strategy equity and buy-and-hold from the same starting cash, ' : 'Strategy equity (no buy-and-hold curve for this run), ') +
          `at each bar close, UTC.${sampled}`,
      ) + chartBox('equity'),
    ),
    section('drawdown', 'Underwater (drawdown)', note('Percent below the running peak of equity.') + chartBox('drawdown')),
    section(
      'monthly',
      'Monthly returns (%)',
      note('Return of each calendar month (UTC) from the equity curve; Total is the calendar year. — means no point in that month.') +
        heatMap(monthlyReturns(input.times, input.equity)),
    ),
    section(
      'rolling-sharpe',
      'Rolling Sharpe',
      note(
        `Sharpe ratio of the last ${data.rollingSharpe.window} returns (about six months), annualised with √${formatNumber(A)}; ` +
          'empty until the first window is full.',
      ) + chartBox('rolling-sharpe'),
    ),
    section(
      'histogram',
      'Distribution of returns',
      note(`Return of each point over the one before, in ${HISTOGRAM_BINS} equal bins.`) + chartBox('histogram'),
    ),
    section('metrics', 'Metrics', htmlTable(metricsTable(input))),
    section(
      'baselines',
      'Baselines',
      `<div class="tables">${htmlTable(baselinesTable(input))}${htmlTable(comparisonTable(input))}</div>`,
    ),
    section('config', 'Configuration', htmlTable(configTable(input))),
    section(
      'trades',
      `Trades (${formatNumber(tradeCount)})`,
      tradeCount > 0 ? htmlTable(tradesTable(input.trades, dailyTimes(input.times))) : note('No closed trades.'),
    ),
    '</main>',
    '<footer>Made by Sextant. Charts drawn with Apache ECharts (Apache License 2.0), inlined in this file.</footer>',
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Sextant report</title>
<style>${STYLES}</style>
</head>
<body>
${sections.join('\n')}
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${echartsSource()}</script>
<script>${clientScript()}</script>
</body>
</html>
`;
}
