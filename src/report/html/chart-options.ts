import type { ChartData, ChartSeries } from './chart-data.js';

/** Element id of the box each chart is drawn in: `chart-` + the key of chartOptions' result. */
export const CHART_KEYS = ['equity', 'drawdown', 'rolling-sharpe', 'histogram'] as const;

/** The slice of ECharts' tooltip parameters the formatters read. */
interface TooltipParam {
  marker: string;
  seriesName: string;
  dataIndex: number;
  value: [number, number | string] | number;
}

/**
 * ECharts options for every chart of the page, by CHART_KEYS key.
 *
 * This function runs in the browser: the page inlines its source (Function.prototype.toString),
 * so it must stay self-contained, reading nothing from outside its own body but its argument
 * (types are erased, so type imports are fine). Tooltips write times the way format.ts's
 * timeLabeler does, repeated here for that reason.
 */
export function chartOptions(data: ChartData): Record<string, unknown> {
  const label = (t: number): string =>
    data.dates ? new Date(t - 1).toISOString().slice(0, 10) : new Date(t).toISOString().replace('.000Z', 'Z');
  // JSON turned NaN into null; '-' is ECharts' own mark for "no value here" (a gap in the line).
  const points = (s: ChartSeries) => s.t.map((t, i) => [t, typeof s.v[i] === 'number' ? s.v[i] : '-']);
  const show = (v: number | string, unit: string, digits: number) =>
    typeof v === 'number' ? v.toFixed(digits) + unit : '—';
  const timeTooltip = (unit: string, digits: number) => ({
    trigger: 'axis',
    formatter: (ps: TooltipParam[]) => {
      const first = ps[0].value as [number, number | string];
      const lines = ps.map((p) => {
        const v = p.value as [number, number | string];
        return p.marker + p.seriesName + ': ' + show(v[1], unit, digits);
      });
      return [label(first[0])].concat(lines).join('<br>');
    },
  });
  const common = (name: string) => ({
    backgroundColor: 'transparent',
    animation: false,
    useUTC: true,
    grid: { left: 72, right: 32, top: 40, bottom: 64 },
    toolbox: {
      feature: {
        dataZoom: { yAxisIndex: 'none' },
        restore: {},
        saveAsImage: { name: data.runId + '-' + name },
      },
    },
    xAxis: { type: 'time' },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 12 }],
  });
  const line = (name: string, s: ChartSeries) => ({
    name,
    type: 'line',
    showSymbol: false,
    lineStyle: { width: 1.5 },
    data: points(s),
  });

  const equitySeries = [line('Strategy', data.equity)];
  if (data.benchmark) equitySeries.push(line('Buy & hold', data.benchmark));

  const edges = data.histogram.edges;
  const bins = data.histogram.counts.map((_, i) => ((edges[i] + edges[i + 1]) / 2).toFixed(2));

  return {
    equity: {
      ...common('equity'),
      legend: { top: 4 },
      tooltip: timeTooltip('', 2),
      yAxis: { type: 'value', scale: true },
      series: equitySeries,
    },
    drawdown: {
      ...common('drawdown'),
      tooltip: timeTooltip('%', 2),
      yAxis: { type: 'value', max: 0, axisLabel: { formatter: '{value}%' } },
      series: [{ ...line('Drawdown', data.drawdown), color: '#d9485f', areaStyle: { opacity: 0.35 } }],
    },
    'rolling-sharpe': {
      ...common('rolling-sharpe'),
      tooltip: timeTooltip('', 2),
      yAxis: { type: 'value', scale: true },
      series: [
        {
          ...line('Rolling Sharpe (' + data.rollingSharpe.window + ' points)', data.rollingSharpe),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { type: 'dashed', opacity: 0.5 } },
        },
      ],
    },
    histogram: {
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 72, right: 32, top: 40, bottom: 48 },
      toolbox: { feature: { saveAsImage: { name: data.runId + '-histogram' } } },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: TooltipParam[]) => {
          const i = ps[0].dataIndex;
          return edges[i].toFixed(2) + '% to ' + edges[i + 1].toFixed(2) + '%: ' + ps[0].value + ' points';
        },
      },
      xAxis: { type: 'category', name: 'return per point, %', nameLocation: 'middle', nameGap: 28, data: bins },
      yAxis: { type: 'value', name: 'points' },
      series: [{ name: 'Returns', type: 'bar', barCategoryGap: '8%', data: data.histogram.counts }],
    },
  };
}
