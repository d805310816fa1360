import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiApp, ApiContext } from './context.js';

/** Prometheus metrics of the API process: requests by route and status, their latency, jobs, sessions and WebSocket clients. */
export class ApiMetrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'sextant_http_requests_total', help: 'HTTP requests by method, route and status code', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'sextant_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the response',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(ctx: ApiContext) {
    collectDefaultMetrics({ register: this.registry, prefix: 'sextant_' });
    const jobs = new Gauge({ name: 'sextant_jobs', help: 'Background jobs by state', labelNames: ['state'], registers: [this.registry] });
    const sessions = new Gauge({ name: 'sextant_trading_sessions', help: 'Trading sessions by status', labelNames: ['status'], registers: [this.registry] });
    const ws = new Gauge({ name: 'sextant_websocket_clients', help: 'Connected WebSocket clients', registers: [this.registry] });
    this.collect = () => {
      for (const [state, n] of Object.entries(ctx.jobs.counts())) jobs.set({ state }, n);
      sessions.reset();
      for (const s of ctx.store.trading().listSessions()) sessions.inc({ status: s.status });
      ws.set(ctx.events.size);
    };
  }

  private readonly collect: () => void;

  get contentType(): string {
    return this.registry.contentType;
  }

  async text(): Promise<string> {
    this.collect();
    return this.registry.metrics();
  }

  /** Counts and times every request by its route pattern (not its URL, so ids do not explode the label set). */
  hook(app: ApiApp): void {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
      this.latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    });
  }
}
