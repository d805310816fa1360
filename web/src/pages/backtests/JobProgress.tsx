import { useEffect, useState } from 'react';
import { ProgressBar } from '../../components/ProgressBar';
import { api } from '../../lib/api';
import { useLiveEvents } from '../../lib/live';
import { href } from '../../lib/router';
import type { Job, JobProgress as Progress } from '../../lib/types';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * One job followed live: `job.progress` events move the bar, `job` events change its state.
 * It also asks `GET /jobs/:id` once a second while the job runs, in case events were missed
 * (the socket reconnecting, or the job finishing before this page subscribed).
 */
export function JobProgress({ initial }: { initial: Job }) {
  const [job, setJob] = useState(initial);
  const id = initial.id;
  useLiveEvents(['job', 'job.progress'], (e) => {
    const d = e.data as Job | (Progress & { id: string });
    if (d.id !== id) return;
    if (e.type === 'job') setJob(d as Job);
    else setJob((j) => (FINISHED.has(j.state) ? j : { ...j, state: 'running', progress: d as Progress }));
  });
  const done = FINISHED.has(job.state);
  useEffect(() => {
    if (done) return;
    const t = setInterval(() => {
      api
        .get<Job>(`/jobs/${id}`)
        .then((j) => setJob((cur) => (FINISHED.has(cur.state) ? cur : j.progress.fraction >= cur.progress.fraction || FINISHED.has(j.state) ? j : { ...j, progress: cur.progress })))
        .catch(() => {});
    }, 1000);
    return () => clearInterval(t);
  }, [id, done]);

  const p = job.progress;
  return (
    <div className="job" data-testid="job-progress" data-state={job.state}>
      <p>
        Job <code>{job.id}</code> ({job.kind}): <b data-testid="job-state">{job.state}</b>
        {p.phase && !done ? ` · ${p.phase}` : ''}
      </p>
      <ProgressBar testid="job-progress-bar" fraction={job.state === 'succeeded' ? 1 : p.fraction} label={p.total > 0 ? `${p.done} / ${p.total} (${Math.round(p.fraction * 100)} %)` : undefined} />
      {job.state === 'succeeded' &&
        job.run_ids.map((rid) => (
          <p key={rid}>
            Recorded run{' '}
            <a href={href(`/backtests/${rid}`)} data-testid="job-run-link">
              {rid}
            </a>
          </p>
        ))}
      {job.error && (
        <p className="error" role="alert">
          {job.error.code}: {job.error.message}
        </p>
      )}
    </div>
  );
}
