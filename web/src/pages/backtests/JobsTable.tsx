import { DataTable } from '../../components/DataTable';
import { ProgressBar } from '../../components/ProgressBar';
import { ActionButton } from '../../components/ActionButton';
import { api } from '../../lib/api';
import { when } from '../../lib/format';
import { href } from '../../lib/router';
import type { Job } from '../../lib/types';

/** Background jobs: state, progress, the runs they recorded, a cancel button while they run. */
export function JobsTable({ jobs, onChange }: { jobs: Job[]; onChange?: () => void }) {
  return (
    <DataTable
      rows={jobs}
      empty="No jobs since the server started."
      rowTestid={(j) => `job-${j.id}`}
      columns={[
        { key: 'id', label: 'Job' },
        { key: 'kind', label: 'Kind' },
        { key: 'state', label: 'State', render: (j) => <span className={`badge ${j.state === 'succeeded' ? 'ok' : j.state === 'failed' ? 'bad' : j.state === 'running' ? 'warn' : ''}`}>{j.state}</span> },
        { key: 'progress', label: 'Progress', render: (j) => <ProgressBar fraction={j.progress.fraction} label={j.progress.total > 0 ? `${j.progress.done} / ${j.progress.total}` : j.progress.phase} /> },
        { key: 'run_ids', label: 'Runs', render: (j) => j.run_ids.map((id) => <a key={id} href={href(`/backtests/${id}`)}>{id.slice(0, 10)} </a>) },
        { key: 'error', label: 'Error', render: (j) => (j.error ? `${j.error.code}: ${j.error.message}` : '') },
        { key: 'created_by', label: 'By' },
        { key: 'created_at', label: 'Created', render: (j) => when(j.created_at) },
        {
          key: 'cancel',
          label: '',
          render: (j) =>
            j.state === 'queued' || j.state === 'running' ? (
              <ActionButton
                needs="trader"
                onClick={async () => {
                  await api.del(`/jobs/${j.id}`);
                  onChange?.();
                }}
              >
                Cancel
              </ActionButton>
            ) : null,
        },
      ]}
    />
  );
}
