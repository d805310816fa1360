import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { SextantError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { authorise } from './auth.js';
import type { ApiApp, ApiContext } from './context.js';
import { EventHub } from './events/event-hub.js';
import { RecentErrors } from './events/recent-errors.js';
import { SessionBooks } from './events/session-books.js';
import { asSextantError, statusOf } from './http-errors.js';
import { JobManager } from './jobs/job-manager.js';
import { ApiMetrics } from './metrics.js';
import { registerRoutes } from './routes/index.js';
import { websocketRoute } from './routes/ws.js';

export interface ApiOptions {
  store: Store;
  /** The built dashboard to serve at `/` (null: API only). */
  webRoot?: string | null;
  /** Requests per minute per client address (default 6,000). */
  rateLimit?: number;
  /** Origins allowed to call the API from a browser page served elsewhere (default: none, CORS off). */
  corsOrigins?: string[];
  /** Fastify's logger (default off); request logs never include headers, so keys are not logged. */
  logger?: FastifyServerOptions['logger'];
  /** How often sessions' journals are read for events, in ms (default 250). */
  pollMs?: number;
  /** Background jobs run at once (default 1). */
  jobConcurrency?: number;
}

/** Requests bodies above this are refused (413 BODY_TOO_LARGE). */
export const BODY_LIMIT = 1024 * 1024;

/** Paths that belong to the API (never answered with the dashboard's page). */
const isApiPath = (url: string) => url.startsWith('/api/') || /^\/metrics(\/|\?|$)/.test(url);

/** Where the dashboard is built to. */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, import.meta.url.endsWith('.ts') ? '../../web/dist' : '../../../web/dist');

/**
 * The HTTP API over one store: REST under /api/v1, events at /api/v1/ws, OpenAPI at /api/docs,
 * Prometheus metrics at /metrics and the dashboard at /. Every route declares the role it needs.
 */
export async function buildApi(o: ApiOptions): Promise<{ app: ApiApp; ctx: ApiContext }> {
  // Path parameters are limited by the zod schemas (after auth, with the one error shape), not by the router.
  const fastify = Fastify({ logger: o.logger ?? false, bodyLimit: BODY_LIMIT, trustProxy: false, routerOptions: { maxParamLength: 8192 } });
  const app = fastify.withTypeProvider<ZodTypeProvider>() as unknown as ApiApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const events = new EventHub();
  const errors = new RecentErrors();
  const ctx: ApiContext = { store: o.store, events, errors, books: new SessionBooks(o.store.trading(), events), jobs: new JobManager(o.store.location, events, errors, o.jobConcurrency ?? 1) };
  const metrics = new ApiMetrics(ctx);

  // Served over plain HTTP on this machine: no HSTS, and no upgrade of ws:// to wss://.
  await app.register(fastifyHelmet, {
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'], connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'] } },
  });
  if (o.corsOrigins && o.corsOrigins.length > 0) await app.register(fastifyCors, { origin: o.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'] });
  await app.register(fastifyRateLimit, {
    max: o.rateLimit ?? 6000,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, c) => new SextantError('RATE_LIMITED', `more than ${c.max} requests in ${c.after}; retry in ${Math.ceil(c.ttl / 1000)} s`, { limit: c.max, retry_after_s: Math.ceil(c.ttl / 1000) }),
  });
  // The role each route needs, for the OpenAPI document (`x-access` on every operation).
  const access = new Map<string, string>();
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) access.set(`${m.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.config?.access ?? 'viewer');
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Sextant API', version: '1.0.0', description: 'Market data, features, backtests, paper and live trading, controls and models. Every route needs `Authorization: Bearer KEY` (see docs/api.md for roles).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => {
      const spec = (doc as { openapiObject: { paths?: Record<string, Record<string, Record<string, unknown>>> } }).openapiObject;
      for (const [path, ops] of Object.entries(spec.paths ?? {})) for (const [method, op] of Object.entries(ops)) op['x-access'] = access.get(`${method} ${path}`) ?? 'viewer';
      return spec as never;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access ?? (isApiPath(req.url) && !req.url.startsWith('/api/docs') ? 'viewer' : 'public');
    authorise(ctx.store.keys(), req, access);
  });
  metrics.hook(app);
  // A POST whose fields are all optional may come without a body: validate it as {}.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined || req.body === null) req.body = {};
  });

  app.setErrorHandler((e, req, reply) => {
    const err = asSextantError(e);
    if (err.code === 'INTERNAL') {
      req.log.error({ err: e }, 'request failed');
      ctx.errors.add(`${req.method} ${req.routeOptions.url ?? req.url}`, 'INTERNAL', (e as Error).message);
    }
    return reply.code(statusOf(err.code)).send(err.toJSON());
  });

  await app.register(
    async (api) => {
      registerRoutes(api as ApiApp, ctx);
      websocketRoute(api as ApiApp, ctx);
    },
    { prefix: '/api/v1' },
  );
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/metrics', { config: { access: 'viewer' }, schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.text()));

  const web = o.webRoot === undefined ? DEFAULT_WEB_ROOT : o.webRoot;
  const hasWeb = web !== null && existsSync(resolve(web, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    const api = isApiPath(req.url);
    if (!api && req.method === 'GET' && hasWeb) return reply.type('text/html').sendFile('index.html');
    const err = !api && !hasWeb ? new SextantError('WEB_NOT_BUILT', 'the dashboard is not built: run npm run build:web', {}) : new SextantError('ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`, { method: req.method });
    return reply.code(statusOf(err.code)).send(err.toJSON());
  });

  app.addHook('onClose', async () => {
    ctx.books.stop();
    await ctx.jobs.close();
  });
  await app.ready();
  ctx.books.start(o.pollMs ?? 250);
  return { app, ctx };
}

export interface StartOptions extends Omit<ApiOptions, 'store'> {
  /** The SQLite store file. */
  dbPath: string;
  port?: number;
  host?: string;
}

export interface RunningApi {
  url: string;
  app: ApiApp;
  ctx: ApiContext;
  close(): Promise<void>;
}

/** Opens the store and listens (port 0: a free port); `close` stops the server and closes the store. */
export async function startApiServer(o: StartOptions): Promise<RunningApi> {
  const store = SqliteStore.open(o.dbPath);
  try {
    const { app, ctx } = await buildApi({ ...o, store });
    await app.listen({ port: o.port ?? 8080, host: o.host ?? '127.0.0.1' });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const host = (o.host ?? '127.0.0.1').includes(':') ? `[${o.host}]` : (o.host ?? '127.0.0.1');
    return {
      url: `http://${host}:${port}`,
      app,
      ctx,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
