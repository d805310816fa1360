import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { MODEL_STATES } from '../../models/registry/lifecycle.js';
import type { ModelInfo } from '../../models/registry/records.js';
import { KEY_RUN_METRICS } from '../../models/registry/why.js';
import type { ApiApp, ApiContext } from '../context.js';
import { idParams, limitQuery } from './schemas.js';

/** A registered model as the API shows it (snake_case, ISO times; never its artifact). */
function modelJson(m: ModelInfo) {
  return { id: m.id, name: m.name, version: m.version, kind: m.kind, task: m.task, state: m.state, experiment_id: m.experimentId, artifact_hash: m.artifactHash, calibration: m.calibration, metrics: m.metrics, created_at: isoTime(m.createdAt) };
}

/** The audit log and the model registry (read only here; models change through their lifecycle commands). */
export function recordRoutes(app: ApiApp, { store }: ApiContext): void {
  app.get('/audit', { schema: { tags: ['audit'], summary: 'The append-only audit log, newest first', querystring: z.object({ limit: limitQuery(1000, 100), action: z.string().max(100).optional() }) } }, async (req) =>
    (await store.listAudit(req.query)).map((a) => ({ id: a.id, at: isoTime(a.at), actor: a.actor, action: a.action, subject: a.subject, details: a.details })),
  );

  app.get('/models', { schema: { tags: ['models'], summary: 'Registered models, newest first', querystring: z.object({ name: z.string().max(100).optional(), state: z.enum(MODEL_STATES).optional(), limit: limitQuery(1000, 100) }) } }, async (req) =>
    (await store.listModels(req.query)).map(modelJson),
  );

  app.get('/models/:id', { schema: { tags: ['models'], summary: 'One model (id or unique prefix) with its lifecycle and the runs that used it', params: idParams } }, async (req) => {
    const model = await store.getModel(req.params.id);
    if (!model) throw new SextantError('MODEL_NOT_FOUND', `no registered model '${req.params.id}' (see GET /api/v1/models)`, { id: req.params.id });
    const transitions = (await store.modelTransitions(model.id)).map((t) => ({ from: t.from, to: t.to, reason: t.reason, actor: t.actor, at: isoTime(t.at), audit_id: t.auditId }));
    const runs = (await store.runsOfModel(model.id)).map((r) => ({ id: r.id, kind: r.kind, strategy: r.strategy, started_at: isoTime(r.startedAt), metrics: Object.fromEntries(KEY_RUN_METRICS.map((k) => [k, r.metrics[k] ?? null])) }));
    return { ...modelJson(model), features: model.artifact.featureNames, transitions, runs };
  });
}
