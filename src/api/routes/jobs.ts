import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import type { Job } from '../jobs/job-manager.js';
import { checkJobInput, JobInputSchema } from '../jobs/job-input.js';
import { idParams } from './schemas.js';

const tags = ['jobs'];
const jobJson = ({ input, ...job }: Job) => ({ ...job, config: input });

/** Backtests and sweeps run in the background: launch, follow (also over the WebSocket), cancel. */
export function jobRoutes(app: ApiApp, { store, jobs }: ApiContext): void {
  app.post('/jobs', { config: { access: 'trader' }, schema: { tags, summary: 'Launch a backtest or a sweep; progress arrives as job.progress events', body: JobInputSchema } }, async (req, reply) => {
    await checkJobInput(store, req.body);
    const actor = actorOf(req);
    const job = jobs.create(req.body, actor);
    await store.appendAudit({ actor, action: 'job.create', subject: job.id, details: { kind: job.kind, config: req.body } });
    return reply.code(202).send(jobJson(job));
  });
  app.get('/jobs', { schema: { tags, summary: 'Jobs of this server, newest first' } }, async () => jobs.list().map(jobJson));
  app.get('/jobs/:id', { schema: { tags, summary: 'One job', params: idParams } }, async (req) => jobJson(jobs.get(req.params.id)));
  app.delete('/jobs/:id', { config: { access: 'trader' }, schema: { tags, summary: 'Cancel a queued or running job (nothing of it is recorded)', params: idParams } }, async (req) => {
    const job = await jobs.cancel(req.params.id);
    await store.appendAudit({ actor: actorOf(req), action: 'job.cancel', subject: job.id, details: { kind: job.kind } });
    return jobJson(job);
  });
}
