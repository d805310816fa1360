import { DataTable } from '../components/DataTable';
import { Term } from '../components/Info';
import { ErrorNote, Loading, Page, Panel } from '../components/Page';
import { num, when } from '../lib/format';
import { useLiveEvents } from '../lib/live';
import type { Health as HealthT, Job } from '../lib/types';
import { useApi, useThrottled } from '../lib/use-api';
import { JobsTable } from './backtests/JobsTable';

const okBadge = (ok: boolean, yes = 'ok', no = 'down') => <span className={`badge ${ok ? 'ok' : 'bad'}`}>{ok ? yes : no}</span>;

/** Components, data freshness, recent errors and jobs. */
export function Health() {
  const health = useApi<HealthT>('/health');
  const jobs = useApi<Job[]>('/jobs');
  const reload = useThrottled(() => {
    health.reload();
    jobs.reload();
  }, 500);
  useLiveEvents(['job', 'controls'], reload);

  return (
    <Page id="health" title="Health" actions={<button onClick={reload}>Refresh</button>}>
      <Loading data={health.data} error={health.error}>
        {(h) => (
          <div className="grid">
            <Panel title="Components" testid="health-components">
              <p>
                Overall{' '}
                <span className={`badge ${h.status === 'ok' ? 'ok' : 'warn'}`} data-testid="health-status">
                  {h.status}
                </span>{' '}
                <span className="muted">at {when(h.checked_at)}</span>
              </p>
              <table className="kv">
                <tbody>
                  <tr>
                    <th>Store</th>
                    <td>
                      {okBadge(h.store.ok)} <code>{h.store.location}</code> schema v{h.store.schema_version ?? '?'}
                    </td>
                  </tr>
                  <tr>
                    <th>Jobs</th>
                    <td>
                      {Object.entries(h.jobs)
                        .map(([state, n]) => `${n} ${state}`)
                        .join(' · ')}
                    </td>
                  </tr>
                </tbody>
              </table>
              <DataTable
                rows={h.sessions}
                empty="No trading sessions."
                columns={[
                  { key: 'name', label: 'Session' },
                  { key: 'ok', label: 'Health', render: (s) => okBadge(s.ok, 'ok', 'process gone') },
                  { key: 'status', label: 'Status' },
                  { key: 'running', label: 'Running', render: (s) => (s.running ? 'yes' : 'no') },
                  { key: 'feed', label: 'Feed' },
                  { key: 'broker', label: 'Broker' },
                  { key: 'heartbeat_age_s', label: 'Heartbeat age', numeric: true, render: (s) => (s.heartbeat_age_s === null ? '—' : `${num(Math.round(s.heartbeat_age_s))} s`) },
                ]}
              />
            </Panel>
            <Panel title={<Term k="data_freshness" />} testid="health-freshness">
              <DataTable
                rows={h.data_freshness}
                empty="No stored series."
                columns={[
                  { key: 'symbol', label: 'Symbol' },
                  { key: 'interval', label: 'Interval' },
                  { key: 'last_time', label: 'Last bar', render: (f) => when(f.last_time) },
                  { key: 'age_hours', label: 'Age', numeric: true, render: (f) => (f.age_hours === null ? '—' : f.age_hours > 48 ? `${num(Math.round(f.age_hours / 24))} d` : `${num(Math.round(f.age_hours))} h`) },
                  { key: 'stale', label: '', render: (f) => okBadge(!f.stale, 'fresh', 'stale') },
                ]}
              />
            </Panel>
            <Panel title="Recent errors" testid="health-errors" wide>
              <DataTable
                rows={h.recent_errors}
                empty="No errors since the server started."
                columns={[
                  { key: 'at', label: 'When', render: (e) => when(e.at) },
                  { key: 'source', label: 'Where' },
                  { key: 'code', label: 'Code' },
                  { key: 'message', label: 'Message' },
                ]}
              />
            </Panel>
          </div>
        )}
      </Loading>
      <Panel title="Jobs" testid="health-jobs">
        <ErrorNote error={jobs.error} />
        {jobs.data && <JobsTable jobs={jobs.data} onChange={reload} />}
      </Panel>
    </Page>
  );
}
