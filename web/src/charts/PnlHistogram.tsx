import { useMemo } from 'react';
import type { Trade } from '../lib/types';
import { chartColors } from './colors';
import { EChart, type EChartsOption } from './EChart';
import { histogram } from './histogram';

/** How the trades' P&L is spread: losses red, gains green. */
export function PnlHistogram({ trades }: { trades: Trade[] }) {
  const option = useMemo<EChartsOption>(() => {
    const c = chartColors();
    const bins = histogram(trades.map((t) => t.pnl));
    const label = (b: { from: number; to: number }) => `${b.from.toFixed(0)} … ${b.to.toFixed(0)}`;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 12, top: 12, bottom: 56 },
      xAxis: { type: 'category', data: bins.map(label), axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1, name: 'trades' },
      series: [{ type: 'bar', barCategoryGap: '8%', data: bins.map((b) => ({ value: b.count, itemStyle: { color: (b.from + b.to) / 2 >= 0 ? c.up : c.down } })) }],
    };
  }, [trades]);
  return <EChart option={option} testid="pnl-histogram" />;
}
