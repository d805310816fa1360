import { escapeMarkdown } from './escape.js';
import { dailyTimes } from './format.js';
import { checkReportInput } from './check-input.js';
import type { ReportInput } from './report-input.js';
import { monthlyReturns } from './series/monthly-returns.js';
import {
  type Table,
  baselinesTable,
  comparisonTable,
  configTable,
  keyMetricsTable,
  monthlyTable,
  tradesTable,
} from './tables.js';

/** Trades listed in Markdown; the rest are counted ("… N more"). The HTML lists all. */
export const MARKDOWN_TRADE_LIMIT = 50;

function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${t.numeric.map((r) => (r ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(t.header), rule, ...t.rows.map(line)].join('\n');
}

/** A Markdown tear sheet: the tables of the HTML one, without charts. */
export function renderMarkdownReport(input: ReportInput): string {
  checkReportInput(input);
  const dates = dailyTimes(input.times);
  const parts = [
    `# ${escapeMarkdown(input.title)}`,
    `Run ${escapeMarkdown(input.runId)}`,
    '## Key metrics',
    markdownTable(keyMetricsTable(input)),
    '## Baselines',
    markdownTable(baselinesTable(input)),
    markdownTable(comparisonTable(input)),
    '## Monthly returns (%)',
    markdownTable(monthlyTable(monthlyReturns(input.times, input.equity))),
    `## Trades (${input.trades.length})`,
  ];
  if (input.trades.length > 0) parts.push(markdownTable(tradesTable(input.trades, dates, MARKDOWN_TRADE_LIMIT)));
  else parts.push('No closed trades.');
  const more = input.trades.length - MARKDOWN_TRADE_LIMIT;
  if (more > 0) parts.push(`… ${more} more`);
  parts.push('## Configuration', markdownTable(configTable(input)));
  return parts.join('\n\n') + '\n';
}
