import { Loading, Page, Panel } from '../../components/Page';
import { when } from '../../lib/format';
import { href } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { CalibrationSummary } from './Calibration';
import { ModelMetricsTable } from './ModelMetrics';
import { ModelStateBadge, ReadOnlyNote } from './ModelStateBadge';
import type { ModelDetail as Detail, ModelRunRef, ModelTransition } from './types';

/** One model: what it is, its lifecycle (who moved it, when, why), metrics, calibration and the runs that used it. */
export function ModelDetail({ id }: { id: string }) {
  const model = useApi<Detail>(`/models/${encodeURIComponent(id)}`);
  const m = model.data;
  return (
    <Page id="model-detail" title={m ? `${m.name} v${m.version}` : `Model ${id}`} actions={<a href={href('/models')}>← all models</a>}>
      <Loading data={m} error={model.error}>
        {(d) => (
          <>
            <p className="muted">
              <ModelStateBadge state={d.state} testid="model-state" /> · {d.kind} · {d.task} · model <code data-testid="model-id">{d.id}</code> · experiment{' '}
              <code>{d.experiment_id}</code> · created {when(d.created_at)} · artifact sha256 <code title={d.artifact_hash}>{d.artifact_hash.slice(0, 12)}…</code>
            </p>
            <ReadOnlyNote />
            <div className="grid">
              <Panel title="Lifecycle" testid="model-lifecycle">
                <Timeline transitions={d.transitions} />
              </Panel>
              <Panel title="Calibration" testid="model-calibration">
                <CalibrationSummary calibration={d.calibration} metrics={d.metrics} />
              </Panel>
            </div>
            <Panel title="Validation metrics" testid="model-metrics-panel">
              <ModelMetricsTable metrics={d.metrics} />
            </Panel>
            <Panel title={`Runs that used it (${d.runs.length})`} testid="model-runs-panel">
              <Runs runs={d.runs} />
            </Panel>
          </>
        )}
      </Loading>
    </Page>
  );
}

/** Oldest first, as the registry recorded them. */
function Timeline({ transitions }: { transitions: ModelTransition[] }) {
  return (
    <ol className="feed" data-testid="model-transitions">
      {transitions.map((t, i) => (
        <li key={i} data-testid={`transition-${i}`}>
          <b data-testid={`transition-${i}-states`}>
            {t.from ?? '(saved)'} → {t.to}
          </b>{' '}
          · <span data-testid={`transition-${i}-at`}>{when(t.at)}</span> · by <span data-testid={`transition-${i}-actor`}>{t.actor}</span>
          <div className="muted" data-testid={`transition-${i}-reason`}>
            {t.reason}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Runs({ runs }: { runs: ModelRunRef[] }) {
  if (runs.length === 0) return <p className="muted empty">No recorded run has used this model yet (backtest it with the ml-signal strategy).</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="model-runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Kind</th>
            <th>Strategy</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={href(`/backtests/${r.id}`)} data-testid={`model-run-${r.id}`}>
                  <code>{r.id}</code>
                </a>
              </td>
              <td>{r.kind}</td>
              <td>{r.strategy}</td>
              <td>{when(r.started_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
