import { AreaSeries, LineSeries } from 'lightweight-charts';
import { useContext, useEffect, useRef } from 'react';
import { ThemeContext } from '../lib/theme';
import { chartColors } from './colors';
import { makeChart, toChartTime } from './lw';

export interface Line {
  name: string;
  time: number[];
  values: (number | null)[];
}

/**
 * Time series on one chart: lines (equity vs benchmark, several runs overlaid) or one filled
 * area (the underwater drawdown). Null values are gaps.
 */
export function TimeChart({ lines, area, height = 260, testid }: { lines: Line[]; area?: boolean; height?: number; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const theme = useContext(ThemeContext);
  const c = chartColors();

  useEffect(() => {
    if (!el.current) return;
    const colors = chartColors();
    const chart = makeChart(el.current);
    lines.forEach((line, i) => {
      const data = [];
      for (let k = 0; k < line.time.length; k++) {
        const v = line.values[k];
        if (v !== null && v !== undefined && Number.isFinite(v)) data.push({ time: toChartTime(line.time[k]), value: v });
      }
      const color = area ? colors.down : colors.series[i % colors.series.length];
      const series = area
        ? chart.addSeries(AreaSeries, { lineColor: color, topColor: `${color}22`, bottomColor: `${color}88`, lineWidth: 1, invertFilledArea: false })
        : chart.addSeries(LineSeries, { color, lineWidth: 2, title: '' });
      series.setData(data);
    });
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [lines, area, theme]);

  return (
    <div data-testid={testid}>
      {!area && lines.length > 1 && (
        <div className="legend">
          {lines.map((l, i) => (
            <span key={l.name}>
              <i style={{ background: c.series[i % c.series.length] }} />
              {l.name}
            </span>
          ))}
        </div>
      )}
      <div ref={el} className="chart" style={{ height }} />
    </div>
  );
}
