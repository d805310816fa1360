/**
 * The HTML and Markdown tear sheets of a small synthetic run: sections present, nothing loaded
 * from the network, the data blob faithful to the input, hostile strings escaped, NaN as "—",
 * and the page's own script run against the real inlined ECharts (server-side rendering, no
 * browser) to show that every chart's options draw.
 */
import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../../src/engine/trade.js';
import { SextantError } from '../../src/core/errors.js';
import { SECTION_IDS, renderHtmlReport, renderMarkdownReport, type ReportInput } from '../../src/report/index.js';
import { chartOptions } from '../../src/report/html/chart-options.js';
import { echartsSource } from '../../src/report/html/echarts-source.js';

const DAY = 86_400_000;
const HOSTILE = '</script><script>alert(1)</script>';

function trade(i: number, over: Partial<TradeRecord> = {}): TradeRecord {
  const entryBar = 10 + i * 20;
  return {
    symbol: 'GOOG',
    side: i % 2 === 0 ? 'long' : 'short',
    qty: 10 + i,
    entryTime: START + entryBar * DAY,
    entryBar,
    entryPrice: 100 + i,
    exitTime: START + (entryBar + 5) * DAY,
    exitBar: entryBar + 5,
    exitPrice: 101 + i,
    pnl: 12.5 - i,
    fees: 0.25,
    returnPct: (12.5 - i) / ((10 + i) * (100 + i)),
    ...over,
  };
}

/** Close stamp of the first point: the daily bar of 2023-11-01. */
const START = Date.UTC(2023, 10, 2);

/** 120 daily points from November 2023 into February 2024, a wavy curve with a dip. */
function makeInput(over: Partial<ReportInput> = {}): ReportInput {
  const n = 120;
  const times = new Float64Array(n);
  const equity = new Float64Array(n);
  const benchmark = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = START + i * DAY;
    equity[i] = 100_000 * (1 + 0.05 * Math.sin(i / 9) + 0.001 * i);
    benchmark[i] = 100_000 * (1 + 0.0008 * i);
  }
  return {
    runId: 'run-2024-0001',
    title: 'sma-cross(fast=10, slow=20) on GOOG 1d',
    config: { strategy: 'sma-cross', fast: 10, slow: 20, cash: 100_000, commission: 0.001, allow_short: false },
    metrics: {
      total_return_pct: 6.37,
      cagr_pct: 21.5,
      sharpe: 1.234,
      sortino: NaN,
      max_drawdown_pct: -9.87,
      num_trades: 5,
      win_rate_pct: 60,
      final_equity: 106_370.12,
      profit_factor: Infinity,
      start: '2023-11-01',
    },
    times,
    equity,
    benchmark,
    periodsPerYear: 252,
    trades: [0, 1, 2, 3, 4].map((i) => trade(i)),
    baselines: [
      { name: 'buy-and-hold', total_return_pct: 9.52, sharpe: 2.1, max_drawdown_pct: -0.5 },
      { name: 'random (median of 20)', total_return_pct: -1.5, sharpe: NaN, max_drawdown_pct: -7.25 },
    ],
    comparison: { excess_return_pct: -3.15, regret_pct: 3.15, sharpe_percentile_random: 85, random_seeds: 20 },
    ...over,
  };
}

/** The text of the one <script> element whose opening tag matches `open`. */
function scriptBody(html: string, open: string): string {
  const start = html.indexOf(open);
  expect(start).toBeGreaterThanOrEqual(0);
  const from = start + open.length;
  return html.slice(from, html.indexOf('</script>', from));
}

const blobOf = (html: string) => JSON.parse(scriptBody(html, '<script type="application/json" id="report-data">'));

describe('renderHtmlReport', () => {
  const input = makeInput();
  const html = renderHtmlReport(input);

  it('has every section', () => {
    for (const id of SECTION_IDS) expect(html).toContain(`id="${id}"`);
    for (const key of ['equity', 'drawdown', 'rolling-sharpe', 'histogram']) expect(html).toContain(`id="chart-${key}"`);
  });

  it('loads nothing from the network', () => {
    const attrs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);
    for (const a of attrs) expect(a).not.toMatch(/^(https?:)?\/\//i);
    // The rest outside the ECharts bundle (whose code holds URL strings of its own, never loaded).
    const page = html.replace(echartsSource(), '');
    expect(page).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/@import|url\(|https?:/i);
  });

  it('inlines ECharts once, whole', () => {
    const lib = echartsSource();
    expect(lib.length).toBeGreaterThan(500_000);
    expect(html.split(lib).length).toBe(2);
  });

  it('carries the input curves in its JSON blob', () => {
    const blob = blobOf(html);
    expect(blob.runId).toBe(input.runId);
    expect(blob.dates).toBe(true);
    expect(blob.equity.t).toEqual(Array.from(input.times));
    expect(blob.equity.v).toEqual(Array.from(input.equity));
    expect(blob.benchmark.v).toEqual(Array.from(input.benchmark!));
    expect(blob.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(input.times.length - 1);
    expect(blob.rollingSharpe.window).toBe(126);
    // 120 points < one window: no rolling Sharpe yet, written as JSON null.
    expect(blob.rollingSharpe.v.every((v: unknown) => v === null)).toBe(true);
    // The drawdown is 0 at the first point and never above it.
    expect(blob.drawdown.v[0]).toBe(0);
    expect(Math.max(...blob.drawdown.v)).toBe(0);
  });

  it('escapes a hostile title, run id, config and symbol everywhere', () => {
    const page = renderHtmlReport(
      makeInput({
        title: HOSTILE,
        runId: HOSTILE,
        config: { [HOSTILE]: HOSTILE },
        trades: [trade(0, { symbol: HOSTILE })],
        baselines: [{ name: HOSTILE, total_return_pct: 1, sharpe: 1, max_drawdown_pct: -1 }],
      }),
    );
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    // Exactly the three script elements of the page, each closed once.
    expect(page.match(/<script\b/gi)).toHaveLength(3);
    expect(page.match(/<\/script/gi)).toHaveLength(3);
    expect(blobOf(page).runId).toBe(HOSTILE);
  });

  it('writes NaN as "—", in the cards and the tables', () => {
    expect(html).toMatch(/<div class="label">Sortino<\/div><div class="value">—<\/div>/);
    expect(html).toMatch(/<td>sortino<\/td><td class="num">—<\/td>/);
    expect(html).toMatch(/<td>random \(median of 20\)<\/td><td class="num">-1.50<\/td><td class="num">—<\/td>/);
    expect(html).toMatch(/<td>profit_factor<\/td><td class="num">∞<\/td>/);
  });

  it('shows the key metrics, the comparison, the config and every trade', () => {
    expect(html).toMatch(/Total return<\/div><div class="value">6.37 %</);
    expect(html).toMatch(/Final equity<\/div><div class="value">106,370.12</);
    expect(html).toContain('Sharpe percentile among 20 random seeds');
    expect(html).toMatch(/<td>commission<\/td><td>0.001<\/td>/);
    expect(html).toMatch(/<td>allow_short<\/td><td>false<\/td>/);
    // Trade 1: entry bar 10 → close stamp of 2023-11-11, shown as that date; exit 5 bars later.
    expect(html).toMatch(
      /<td class="num">1<\/td><td>GOOG<\/td><td>long<\/td><td class="num">10<\/td><td>2023-11-11<\/td><td class="num">100<\/td><td>2023-11-16<\/td><td class="num">101<\/td><td class="num">12.50<\/td><td class="num">0.25<\/td><td class="num">1.25<\/td>/,
    );
    expect(html.match(/<td>GOOG<\/td>/g)).toHaveLength(5);
  });

  it('colours the monthly heat map and writes months without points as "—"', () => {
    const row2023 = html.match(/<tr><td>2023<\/td>.*?<\/tr>/)![0];
    expect(row2023.match(/<td class="num">—<\/td>/g)).toHaveLength(10);
    expect(row2023).toMatch(/style="background: rgba\(var\(--(pos|neg)\), 0\.\d\d\)"/);
    expect(html).toMatch(/<tr><td>2024<\/td>/);
  });

  it('downsamples long curves to at most 5,000 points per series, keeping the ends', () => {
    const n = 12_000;
    const times = Float64Array.from({ length: n }, (_, i) => START + i * 3_600_000);
    const equity = Float64Array.from({ length: n }, (_, i) => 1000 + Math.sin(i / 100) * 50 + i / 100);
    const blob = blobOf(renderHtmlReport(makeInput({ times, equity, benchmark: null, trades: [], periodsPerYear: 252 * 7 })));
    expect(blob.dates).toBe(false);
    expect(blob.benchmark).toBeNull();
    for (const s of [blob.equity, blob.drawdown, blob.rollingSharpe]) {
      expect(s.t.length).toBeLessThanOrEqual(5000);
      expect(s.t[0]).toBe(times[0]);
      expect(s.t[s.t.length - 1]).toBe(times[n - 1]);
    }
    expect(Math.max(...blob.equity.v)).toBe(Math.max(...equity));
  });

  it('refuses an input whose curves do not line up', () => {
    const bad = makeInput({ equity: new Float64Array(3) });
    expect(() => renderHtmlReport(bad)).toThrow(SextantError);
    const backwards = makeInput();
    backwards.times[5] = backwards.times[4];
    expect(() => renderMarkdownReport(backwards)).toThrow(/strictly increasing/);
  });
});

describe('the page script', () => {
  /** The inlined bundle evaluated as CommonJS, the way its UMD wrapper allows. */
  function loadEcharts(): any {
    const mod: { exports: any } = { exports: {} };
    new Function('module', 'exports', echartsSource())(mod, mod.exports);
    return mod.exports;
  }

  /** Runs the page's last script with a minimal document and window; ECharts renders to SVG strings. */
  function runPage(html: string, dark: boolean) {
    const real = loadEcharts();
    const blobText = scriptBody(html, '<script type="application/json" id="report-data">');
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    const client = scripts[scripts.length - 1][1];
    const drawn: { id: string; theme: string | null; chart: any }[] = [];
    const document = {
      getElementById: (id: string) => (id === 'report-data' ? { textContent: blobText } : html.includes(`id="${id}"`) ? { id } : null),
    };
    const window = { matchMedia: () => ({ matches: dark }), addEventListener: () => {} };
    const echarts = {
      init: (box: { id: string }, theme: string | null) => {
        const chart = real.init(null, theme, { renderer: 'svg', ssr: true, width: 900, height: 360 });
        drawn.push({ id: box.id, theme, chart });
        return chart;
      },
    };
    new Function('document', 'window', 'echarts', client)(document, window, echarts);
    return drawn;
  }

  it('draws all four charts with the inlined ECharts, light and dark', () => {
    const html = renderHtmlReport(makeInput());
    for (const dark of [false, true]) {
      const drawn = runPage(html, dark);
      expect(drawn.map((d) => d.id)).toEqual(['chart-equity', 'chart-drawdown', 'chart-rolling-sharpe', 'chart-histogram']);
      const equity = drawn[0].chart.getOption();
      expect(equity.series.map((s: { name: string }) => s.name)).toEqual(['Strategy', 'Buy & hold']);
      expect(equity.series[0].data).toHaveLength(120);
      for (const d of drawn) {
        expect(d.theme).toBe(dark ? 'dark' : null);
        const svg: string = d.chart.renderToSVGString();
        expect(svg).toMatch(/^<svg/);
        expect(svg).toContain('<path');
        d.chart.dispose();
      }
    }
  });

  it('writes tooltip times and values the way the tables do', () => {
    const input = makeInput();
    const data = blobOf(renderHtmlReport(input));
    const options = chartOptions(data) as Record<string, any>;
    const tip = options.equity.tooltip.formatter([
      { marker: '', seriesName: 'Strategy', dataIndex: 0, value: [input.times[0], 1234.5] },
      { marker: '', seriesName: 'Buy & hold', dataIndex: 0, value: [input.times[0], '-'] },
    ]);
    expect(tip).toBe('2023-11-01<br>Strategy: 1234.50<br>Buy & hold: —');
    const bins = options.histogram.tooltip.formatter([{ marker: '', seriesName: 'Returns', dataIndex: 0, value: 3 }]);
    expect(bins).toBe(`${data.histogram.edges[0].toFixed(2)}% to ${data.histogram.edges[1].toFixed(2)}%: 3 points`);
  });
});

describe('renderMarkdownReport', () => {
  const md = renderMarkdownReport(makeInput());

  it('has the title, key metrics, baselines, comparison, monthly returns, trades and config tables', () => {
    expect(md.startsWith('# sma-cross(fast=10, slow=20) on GOOG 1d\n')).toBe(true);
    for (const h of ['## Key metrics', '## Baselines', '## Monthly returns (%)', '## Trades (5)', '## Configuration']) {
      expect(md).toContain(`\n${h}\n`);
    }
    expect(md).toContain('| Metric | Value |\n| --- | ---: |\n| Total return | 6.37 % |');
    expect(md).toContain('| Sortino | — |');
    expect(md).toContain('| Max drawdown | -9.87 % |');
    expect(md).toContain('| Strategy | 6.37 | 1.23 | -9.87 |');
    expect(md).toContain('| random (median of 20) | -1.50 | — | -7.25 |');
    expect(md).toContain('| Excess return over buy-and-hold % | -3.15 |');
    expect(md).toContain('| Sharpe percentile among 20 random seeds | 85 |');
    expect(md).toContain('| Year | Jan | Feb | Mar | Apr | May | Jun | Jul | Aug | Sep | Oct | Nov | Dec | Total |');
    expect(md).toMatch(/\| 2023 \| — \| — \| — \| — \| — \| — \| — \| — \| — \| — \| -?\d+\.\d \| -?\d+\.\d \| -?\d+\.\d \|/);
    expect(md).toContain('| 1 | GOOG | long | 10 | 2023-11-11 | 100 | 2023-11-16 | 101 | 12.50 | 0.25 | 1.25 |');
    expect(md).toContain('| commission | 0.001 |');
    expect(md).not.toContain('more');
  });

  it('lists the first 50 trades and counts the rest', () => {
    const trades = Array.from({ length: 57 }, (_, i) => trade(i % 5));
    const long = renderMarkdownReport(makeInput({ trades }));
    expect(long).toContain('## Trades (57)');
    expect(long).toContain('| 50 | GOOG |');
    expect(long).not.toContain('| 51 | GOOG |');
    expect(long).toContain('… 7 more');
  });

  it('escapes a hostile title and table cells', () => {
    const page = renderMarkdownReport(makeInput({ title: HOSTILE, config: { 'a|b': '<b>x</b>' } }));
    expect(page).toContain('# \\</script\\>\\<script\\>alert(1)\\</script\\>');
    expect(page).toContain('| a\\|b | \\<b\\>x\\</b\\> |');
  });
});
