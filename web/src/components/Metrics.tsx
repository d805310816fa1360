import { useGlossary } from '../lib/glossary';
import { inUnit, signClass } from '../lib/format';
import { Term } from './Info';

/** Values that read better coloured by sign. */
const SIGNED = new Set(['total_return_pct', 'cagr_pct', 'excess_return_pct', 'alpha_pct', 'expectancy', 'expectancy_pct', 'avg_trade_pct', 'pnl', 'unrealised_pnl']);

/** One metric's value in its unit, coloured when its sign matters. */
export function MetricValue({ k, value }: { k: string; value: unknown }) {
  const unit = useGlossary().byKey.get(k)?.unit ?? '';
  return <span className={SIGNED.has(k) && typeof value === 'number' ? signClass(value) : ''}>{inUnit(value, unit)}</span>;
}

/** A card: label with ⓘ above, value below. */
export function MetricCard({ k, value, label }: { k: string; value: unknown; label?: string }) {
  return (
    <div className="card" data-testid={`metric-${k}`}>
      <div className="card-label">
        <Term k={k} label={label} />
      </div>
      <div className="card-value">
        <MetricValue k={k} value={value} />
      </div>
    </div>
  );
}

/** Metrics as a two-column table (label with ⓘ, value), in the given key order. */
export function MetricsTable({ metrics, keys, testid }: { metrics: Record<string, unknown>; keys?: readonly string[]; testid?: string }) {
  const shown = (keys ?? Object.keys(metrics)).filter((k) => k in metrics);
  return (
    <table className="kv" data-testid={testid}>
      <tbody>
        {shown.map((k) => (
          <tr key={k}>
            <th>
              <Term k={k} />
            </th>
            <td className="num">
              <MetricValue k={k} value={metrics[k]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The headline metrics of a run, as cards and in compare tables. */
export const KEY_METRICS = ['total_return_pct', 'cagr_pct', 'sharpe', 'sortino', 'max_drawdown_pct', 'num_trades', 'win_rate_pct', 'final_equity'] as const;
