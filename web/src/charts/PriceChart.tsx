import { CandlestickSeries, createSeriesMarkers, type SeriesMarker, type UTCTimestamp } from 'lightweight-charts';
import { useContext, useEffect, useRef } from 'react';
import type { Bar, Trade } from '../lib/types';
import { ThemeContext } from '../lib/theme';
import { chartColors } from './colors';
import { makeChart, toChartTime } from './lw';

/** Candlesticks with each trade's entry (arrow) and exit (circle) marked on its bar. */
export function PriceChart({ bars, trades, height = 340 }: { bars: Bar[]; trades: Trade[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const theme = useContext(ThemeContext);

  useEffect(() => {
    if (!el.current) return;
    const c = chartColors();
    const chart = makeChart(el.current);
    const series = chart.addSeries(CandlestickSeries, {
      upColor: c.up,
      downColor: c.down,
      borderVisible: false,
      wickUpColor: c.up,
      wickDownColor: c.down,
    });
    series.setData(bars.map((b) => ({ time: toChartTime(b.time), open: b.open, high: b.high, low: b.low, close: b.close })));
    const markers: SeriesMarker<UTCTimestamp>[] = [];
    for (const t of trades) {
      const long = t.side === 'long';
      markers.push({
        time: toChartTime(t.entry_time),
        position: long ? 'belowBar' : 'aboveBar',
        shape: long ? 'arrowUp' : 'arrowDown',
        color: long ? c.up : c.down,
        text: long ? 'L' : 'S',
      });
      markers.push({
        time: toChartTime(t.exit_time),
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'circle',
        color: t.pnl >= 0 ? c.up : c.down,
        text: 'x',
      });
    }
    markers.sort((a, b) => a.time - b.time);
    createSeriesMarkers(series, markers);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [bars, trades, theme]);

  return <div ref={el} className="chart" style={{ height }} data-testid="price-chart" />;
}
