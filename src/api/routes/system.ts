import { intervalMs } from '../../core/interval.js';
import { GLOSSARY } from '../../report/glossary.js';
import { sessionJson } from '../../trading/ops/trading-views.js';
import type { ApiApp, ApiContext } from '../context.js';

const tags = ['system'];

/** A series counts as stale when its last bar is older than this many of its intervals (and at least three days, for weekends and holidays). */
const STALE_INTERVALS = 3;

/** Who am I, and is everything working: the store, sessions, data freshness, recent errors, jobs. */
export function systemRoutes(app: ApiApp, { store, jobs, errors }: ApiContext): void {
  app.get('/me', { schema: { tags, summary: 'The key this request is made with' } }, async (req) => ({ id: req.apiKey!.id, role: req.apiKey!.role, label: req.apiKey!.label }));

  app.get('/glossary', { schema: { tags, summary: 'Definitions of every metric and term the dashboard shows' } }, async () => GLOSSARY);

  app.get('/health', { schema: { tags, summary: 'Components, data freshness, recent errors and jobs' } }, async () => {
    const now = Date.now();
    let storeOk = true;
    let schema: number | null = null;
    try {
      schema = await store.schemaVersion();
    } catch {
      storeOk = false;
    }
    const sessions = store.trading().listSessions().map((s) => {
      const j = sessionJson(s);
      return { ...j, heartbeat_age_s: s.heartbeatAt === null ? null : (now - s.heartbeatAt) / 1000, ok: s.status !== 'running' || j.running };
    });
    const freshness = (await store.listSeries()).map((s) => {
      const age = s.lastTime === null ? null : now - s.lastTime;
      return { symbol: s.symbol, interval: s.interval, last_time: s.lastTime, age_hours: age === null ? null : age / 3_600_000, stale: age === null || age > Math.max(STALE_INTERVALS * intervalMs(s.interval), 3 * 86_400_000) };
    });
    const recent = errors.list();
    const problems = !storeOk || sessions.some((s) => !s.ok);
    return { status: problems ? 'degraded' : 'ok', checked_at: new Date(now).toISOString(), store: { ok: storeOk, location: store.location, schema_version: schema }, sessions, data_freshness: freshness, recent_errors: recent, jobs: jobs.counts() };
  });
}
