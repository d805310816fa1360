/**
 * The metrics shown as cards in the HTML header and as the key table in Markdown, by their
 * snake_case names in the run's metrics (docs/metrics.md). A `%` unit is appended to the value.
 */
export const KEY_METRICS: readonly { key: string; label: string; unit: '' | '%' }[] = [
  { key: 'total_return_pct', label: 'Total return', unit: '%' },
  { key: 'cagr_pct', label: 'CAGR', unit: '%' },
  { key: 'sharpe', label: 'Sharpe', unit: '' },
  { key: 'sortino', label: 'Sortino', unit: '' },
  { key: 'max_drawdown_pct', label: 'Max drawdown', unit: '%' },
  { key: 'num_trades', label: 'Trades', unit: '' },
  { key: 'win_rate_pct', label: 'Win rate', unit: '%' },
  { key: 'final_equity', label: 'Final equity', unit: '' },
];
