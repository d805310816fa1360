import { AreaSeries, LineSeries, LineStyle } from 'lightweight-charts';
import { useContext, useEffect, useRef } from 'react';
import { ThemeContext } from '../lib/theme';
import { chartColors } from './colors';
import { makeChart, toChartTime } from './lw';

export interface Line {
  name: string;
  time: number[];
  values: (number | null)[];
  /** A line of a band (its edges and middle), drawn thin, dashed and muted; the lines of a band share this legend label. */
  band?: string;
}

/**
 * Time series on one chart: lines (equity vs benchmark and the random baselines' band, several
 * runs overlaid) or one filled area (the underwater drawdown). Null values are gaps.
 */
export function TimeChart({ lines, area, height = 260, testid }: { lines: Line[]; area?: boolean; height?: number; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const theme = useContext(ThemeContext);
  const c = chartColors();
  const bandName = lines.find((l) => l.band)?.band;

  useEffect(() => {
    if (!el.current) return;
    const colors = chartColors();
    const chart = makeChart(el.current);
    let drawn = 0;
    for (const line of lines) {
      const data = [];
      for (let k = 0; k < line.time.length; k++) {
        const v = line.values[k];
        if (v !== null && v !== undefined && Number.isFinite(v)) data.push({ time: toChartTime(line.time[k]), value: v });
      }
      const color = area ? colors.down : line.band ? colors.muted : colors.series[drawn++ % colors.series.length];
      const series = area
        ? chart.addSeries(AreaSeries, { lineColor: color, topColor: `${color}22`, bottomColor: `${color}88`, lineWidth: 1, invertFilledArea: false })
        : line.band
          ? chart.addSeries(LineSeries, { color, lineWidth: 1, lineStyle: LineStyle.Dashed, title: '', lastValueVisible: false, priceLineVisible: false })
          : chart.addSeries(LineSeries, { color, lineWidth: 2, title: '' });
      series.setData(data);
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [lines, area, theme]);

  return (
    <div data-testid={testid}>
      {!area && lines.length > 1 && (
        <div className="legend">
          {lines
            .filter((l) => !l.band)
            .map((l, i) => (
              <span key={l.name}>
                <i style={{ background: c.series[i % c.series.length] }} />
                {l.name}
              </span>
            ))}
          {bandName && (
            <span data-testid="band-legend">
              <i className="dashed" style={{ borderColor: c.muted }} />
              {bandName}
            </span>
          )}
        </div>
      )}
      <div ref={el} className="chart" style={{ height }} />
    </div>
  );
}
