import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_WEB_ROOT, type RunningApi, startApiServer } from '../../api/server.js';
import { storePath } from '../../store/open-store.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { createLogger } from '../logger.js';
import { printJson, printLine } from '../output.js';
import { wholeNumber } from './sweep.js';

export interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
  rateLimit: string;
  corsOrigin: string[];
  web?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

/** Runs the API and the dashboard until SIGINT or SIGTERM. */
export async function serveUntilStopped(api: RunningApi): Promise<void> {
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void api.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Opens the API server with the command's options; shared with `demo --serve`. */
export async function openServer(o: Pick<ServeOptions, 'db' | 'port' | 'host' | 'rateLimit' | 'corsOrigin' | 'web' | 'logLevel'>): Promise<RunningApi> {
  const web = o.web === undefined ? DEFAULT_WEB_ROOT : resolve(o.web);
  return startApiServer({
    dbPath: storePath(o.db),
    port: wholeNumber(o.port, '--port', 0),
    host: o.host,
    rateLimit: wholeNumber(o.rateLimit, '--rate-limit', 1),
    corsOrigins: o.corsOrigin,
    webRoot: web,
    logger: { level: o.logLevel ?? 'warn', base: undefined, stream: process.stderr } as never,
  });
}

export function serveOptions(cmd: Command): Command {
  return cmd
    .option('--port <n>', 'TCP port (0: any free port)', process.env.SEXTANT_PORT ?? '8080')
    .option('--host <addr>', 'address to bind; the default keeps the API on this machine', '127.0.0.1')
    .option('--rate-limit <n>', 'requests per minute per client address', '6000')
    .option('--cors-origin <url>', 'let pages from this origin call the API (repeatable; default: CORS off)', collect, [])
    .option('--web <dir>', 'the built dashboard to serve (default: web/dist)');
}

export function serveCommand(): Command {
  const cmd = serveOptions(new Command('serve').description('serve the HTTP API (/api/v1, WebSocket /api/v1/ws, OpenAPI at /api/docs, Prometheus /metrics) and the dashboard'));
  return withCommonOptions(cmd).action(async (o: ServeOptions) => {
    await runWith(o, async (ctx) => {
      const api = await openServer(o);
      const web = existsSync(resolve(o.web ?? DEFAULT_WEB_ROOT, 'index.html'));
      if (ctx.json) printJson({ url: api.url, dashboard: web ? `${api.url}/` : null, docs: `${api.url}/api/docs`, store: storePath(o.db) });
      else {
        printLine(`Sextant is serving ${storePath(o.db)}`);
        printLine(`  dashboard  ${web ? `${api.url}/` : 'not built (npm run build:web)'}`);
        printLine(`  API        ${api.url}/api/v1   docs ${api.url}/api/docs   metrics ${api.url}/metrics`);
        printLine(`Every request needs an API key: sextant keys create --role viewer. Stop with Ctrl-C.`);
      }
      createLogger(o.logLevel).info({ url: api.url }, 'serving');
      await serveUntilStopped(api);
    });
  });
}
