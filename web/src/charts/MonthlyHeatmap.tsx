import { useMemo } from 'react';
import type { MonthlyReturn } from '../lib/types';
import { chartColors } from './colors';
import { EChart, type EChartsOption } from './EChart';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Monthly returns, years down and months across, red for losses and green for gains. */
export function MonthlyHeatmap({ months }: { months: MonthlyReturn[] }) {
  const option = useMemo<EChartsOption>(() => {
    const c = chartColors();
    const years = [...new Set(months.map((m) => m.year))].sort((a, b) => a - b);
    const data = months.filter((m) => m.return_pct !== null).map((m) => [m.month - 1, years.indexOf(m.year), Number(m.return_pct!.toFixed(2))]);
    const extreme = Math.max(1, ...data.map((d) => Math.abs(d[2])));
    return {
      tooltip: { formatter: (p: { value: number[] }) => `${years[p.value[1]]} ${MONTHS[p.value[0]]}: ${p.value[2]} %` },
      grid: { left: 48, right: 12, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: MONTHS, splitArea: { show: true } },
      yAxis: { type: 'category', data: years.map(String), splitArea: { show: true } },
      visualMap: { min: -extreme, max: extreme, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: [c.down, c.bg, c.up] }, textStyle: { color: c.text } },
      series: [{ type: 'heatmap', data, label: { show: years.length <= 12, fontSize: 10, formatter: (p: { value: number[] }) => p.value[2].toFixed(1) } }],
    };
  }, [months]);
  const height = Math.max(180, 80 + 22 * new Set(months.map((m) => m.year)).size);
  return <EChart option={option} height={height} testid="monthly-heatmap" />;
}
