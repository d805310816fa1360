import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useContext, useEffect, useRef } from 'react';
import { ThemeContext } from '../lib/theme';

echarts.use([BarChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

/** An ECharts chart (heat maps, histograms), redrawn when its option or the theme changes. */
export function EChart({ option, height = 260, testid }: { option: EChartsOption; height?: number; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const theme = useContext(ThemeContext);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...option });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [option, theme]);

  return <div ref={el} className="chart" style={{ height }} data-testid={testid} />;
}
