import { ColorType, createChart, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
import { chartColors } from './colors';

/** A lightweight-charts chart in the current theme's colours, sized to its container. */
export function makeChart(el: HTMLElement): IChartApi {
  const c = chartColors();
  return createChart(el, {
    autoSize: true,
    layout: { background: { type: ColorType.Solid, color: c.bg }, textColor: c.text, attributionLogo: false },
    grid: { vertLines: { color: c.grid }, horzLines: { color: c.grid } },
    rightPriceScale: { borderColor: c.grid },
    timeScale: { borderColor: c.grid, timeVisible: true, secondsVisible: false },
    crosshair: { mode: 0 },
  });
}

/** API times are epoch ms; lightweight-charts wants seconds. */
export const toChartTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
