import { useMemo, useState } from 'react';
import { Term } from '../../components/Info';
import { MetricValue } from '../../components/Metrics';
import { ErrorNote, Loading, Page, Panel } from '../../components/Page';
import { when } from '../../lib/format';
import { useLiveEvents } from '../../lib/live';
import { href, navigate } from '../../lib/router';
import type { Job, RunSummaryRow } from '../../lib/types';
import { useApi } from '../../lib/use-api';
import { JobsTable } from './JobsTable';
import { runTitle, shortId } from './run-title';

const COLUMNS = ['total_return_pct', 'sharpe', 'max_drawdown_pct', 'num_trades', 'win_rate_pct'] as const;

/** Recorded runs with filters; tick several to compare them. Jobs in progress on top. */
export function RunList() {
  const runs = useApi<RunSummaryRow[]>('/runs?limit=500');
  const jobs = useApi<Job[]>('/jobs');
  const [strategy, setStrategy] = useState('');
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  useLiveEvents(['job'], (e) => {
    jobs.reload();
    if ((e.data as Job).state === 'succeeded') runs.reload();
  });
  useLiveEvents(['job.progress'], jobs.reload);

  const all = runs.data ?? [];
  const strategies = useMemo(() => [...new Set(all.map((r) => r.strategy))].sort(), [all]);
  const kinds = useMemo(() => [...new Set(all.map((r) => r.kind))].sort(), [all]);
  const needle = text.trim().toLowerCase();
  const shown = all.filter((r) => (strategy === '' || r.strategy === strategy) && (kind === '' || r.kind === kind) && (needle === '' || `${r.id} ${runTitle(r)}`.toLowerCase().includes(needle)));
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-10)));
  const active = (jobs.data ?? []).filter((j) => j.state === 'queued' || j.state === 'running' || Date.now() - Date.parse(j.created_at) < 10 * 60_000);

  return (
    <Page
      id="backtests"
      title="Backtests"
      actions={
        <>
          <button disabled={picked.length < 2} onClick={() => navigate(`/backtests/compare?ids=${picked.join(',')}`)} data-testid="compare-selected">
            Compare selected ({picked.length})
          </button>
          <a className="button primary" href={href('/backtests/new')} data-testid="new-backtest">
            New backtest or sweep
          </a>
        </>
      }
    >
      {active.length > 0 && (
        <Panel title="Recent jobs" testid="recent-jobs">
          <JobsTable jobs={active} onChange={jobs.reload} />
        </Panel>
      )}
      <div className="filters">
        <select value={strategy} onChange={(e) => setStrategy(e.target.value)} data-testid="filter-strategy">
          <option value="">all strategies</option>
          {strategies.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="filter-kind">
          <option value="">all kinds</option>
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <input placeholder="search id, strategy, symbol, parameters" value={text} onChange={(e) => setText(e.target.value)} data-testid="filter-text" />
        <span className="muted">
          {shown.length} of {all.length}
        </span>
      </div>
      <ErrorNote error={jobs.error} />
      <Loading data={runs.data} error={runs.error}>
        {() => (
          <div className="panel table-wrap">
            <table className="table" data-testid="runs-table">
              <thead>
                <tr>
                  <th />
                  <th>Run</th>
                  <th>Kind</th>
                  <th>What</th>
                  {COLUMNS.map((k) => (
                    <th key={k} className="num">
                      <Term k={k} />
                    </th>
                  ))}
                  <th>Finished</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} data-testid={`run-${r.id}`}>
                    <td>
                      <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} data-testid={`pick-${r.id}`} aria-label={`select ${r.id}`} />
                    </td>
                    <td>
                      <a href={href(`/backtests/${r.id}`)}>
                        <code>{shortId(r.id)}</code>
                      </a>
                    </td>
                    <td>{r.kind}</td>
                    <td>{runTitle(r)}</td>
                    {COLUMNS.map((k) => (
                      <td key={k} className="num">
                        <MetricValue k={k} value={r.metrics[k]} />
                      </td>
                    ))}
                    <td>{when(r.finished_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length === 0 && <p className="muted empty">No recorded runs match. Launch one with “New backtest or sweep”.</p>}
          </div>
        )}
      </Loading>
    </Page>
  );
}
