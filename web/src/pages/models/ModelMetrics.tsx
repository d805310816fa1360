import { Info } from '../../components/Info';
import { num } from '../../lib/format';
import { useGlossary } from '../../lib/glossary';
import { baseLabel, GROUP_LABEL, metricGrid, splitKey } from './metric-keys';

/** A metric's label with the glossary's ⓘ, looked up under its full key and then its plain name. */
export function MetricTerm({ k, label }: { k: string; label?: string }) {
  const { byKey } = useGlossary();
  const { base } = splitKey(k);
  const entry = byKey.get(k) ?? byKey.get(base);
  return (
    <span className="term">
      {label ?? entry?.label ?? baseLabel(base)}
      {entry && <Info k={entry.key} />}
    </span>
  );
}

/** Every metric of a model: a row per metric, a column per group (mean, std, pooled, calibrated). */
export function ModelMetricsTable({ metrics }: { metrics: Record<string, number | null> }) {
  const { bases, groups } = metricGrid(metrics);
  if (bases.length === 0) return <p className="muted">No metrics recorded.</p>;
  const keyOf = (group: string | null, base: string) => (group === null ? base : `${group}_${base}`);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="model-metrics">
        <thead>
          <tr>
            <th>Metric</th>
            {groups.map((g) => (
              <th key={g ?? 'value'} className="num">
                {g === null ? 'value' : GROUP_LABEL[g]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bases.map((b) => (
            <tr key={b}>
              <th>
                <MetricTerm k={b} />
              </th>
              {groups.map((g) => {
                const k = keyOf(g, b);
                return (
                  <td key={g ?? 'value'} className="num" data-testid={k in metrics ? `model-metric-${k}` : undefined}>
                    {k in metrics ? num(metrics[k]) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
