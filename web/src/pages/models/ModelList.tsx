import { Loading, Page } from '../../components/Page';
import { num, when } from '../../lib/format';
import { href, navigate } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { headlineBases, headlineKey } from './metric-keys';
import { MetricTerm } from './ModelMetrics';
import { ModelStateBadge, ReadOnlyNote } from './ModelStateBadge';
import { MODEL_STATES, type ModelRow } from './types';

/** The registered models, newest first; the state filter is part of the address (`#/models?state=active`). */
export function ModelList({ state }: { state: string }) {
  const query = state === '' ? '' : `&state=${encodeURIComponent(state)}`;
  const models = useApi<ModelRow[]>(`/models?limit=1000${query}`);

  return (
    <Page id="models" title="Models">
      <ReadOnlyNote />
      <div className="filters">
        <select value={state} onChange={(e) => navigate(e.target.value === '' ? '/models' : `/models?state=${e.target.value}`)} data-testid="filter-state">
          <option value="">all states</option>
          {MODEL_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        {models.data && <span className="muted">{models.data.length} shown</span>}
      </div>
      <Loading data={models.data} error={models.error}>
        {(list) => (list.length === 0 ? <EmptyRegistry state={state} /> : <ModelsTable models={list} />)}
      </Loading>
    </Page>
  );
}

function EmptyRegistry({ state }: { state: string }) {
  return (
    <p className="muted empty" data-testid="models-empty">
      {state === '' ? (
        <>
          No registered models yet. Train one with <code>sextant train --config examples/experiments/goog-daily.yaml</code>.
        </>
      ) : (
        `No model is ${state}.`
      )}
    </p>
  );
}

function ModelsTable({ models }: { models: ModelRow[] }) {
  const bases = headlineBases(models);
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="models-table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Version</th>
            <th>Kind</th>
            <th>Task</th>
            <th>State</th>
            {bases.map((b) => (
              <th key={b} className="num">
                <MetricTerm k={`mean_${b}`} />
              </th>
            ))}
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid={`model-${m.id}`}>
              <td>
                <a href={href(`/models/${m.id}`)} data-testid={`model-link-${m.id}`}>
                  {m.name}
                </a>{' '}
                <code className="muted small">{m.id.slice(0, 8)}</code>
              </td>
              <td className="num">v{m.version}</td>
              <td>{m.kind}</td>
              <td>{m.task}</td>
              <td>
                <ModelStateBadge state={m.state} testid={`model-state-${m.id}`} />
              </td>
              {bases.map((b) => {
                const k = headlineKey(m.metrics, b);
                return (
                  <td key={b} className="num" data-testid={`model-${m.id}-${b}`}>
                    {k === null ? '' : num(m.metrics[k])}
                  </td>
                );
              })}
              <td>{when(m.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Metrics are means over the validation folds; a model's page shows them all.</p>
    </div>
  );
}
