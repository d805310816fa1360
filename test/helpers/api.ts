import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { type RunningApi, type StartOptions, startApiServer } from '../../src/api/server.js';
import type { Role } from '../../src/store/key-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ROOT } from './cli.js';
import { ingest } from './ingest.js';
import { SAMPLE_DATA } from './real-bars.js';

/**
 * A real API server for tests: a temp SQLite store with GOOG daily ingested, one key per role
 * (plus a revoked one), the server on a random loopback port, and plain fetch/WebSocket clients.
 */

export const GOOG_CSV = join(SAMPLE_DATA, 'GOOG_1d.csv');
export const ROLES_LOW_TO_HIGH: readonly Role[] = ['viewer', 'trader', 'admin'];

export interface TestKey {
  id: string;
  key: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: any;
}

export interface CallOptions {
  /** Which of the fixture's keys to send (default admin); null sends no Authorization header. */
  as?: Role | null;
  /** A key text to send instead of a role's. */
  key?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with content-type application/json unless headers say otherwise. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  url: string;
  db: string;
  server: RunningApi;
  keys: Record<Role, TestKey>;
  /** A key that was valid and has been revoked. */
  revoked: TestKey;
  call(method: string, path: string, o?: CallOptions): Promise<Reply>;
  /** A WebSocket client authenticated by its first message. */
  socket(role?: Role): Promise<EventSocket>;
  close(): Promise<void>;
}

export interface FixtureOptions extends Omit<StartOptions, 'dbPath' | 'port'> {
  /** Ingest GOOG 1d (default true). */
  goog?: boolean;
}

export async function startApi(o: FixtureOptions = {}): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-api-'));
  const db = join(dir, 'api.db');
  const store = SqliteStore.open(db);
  let keys: Record<Role, TestKey>;
  let revoked: TestKey;
  try {
    if (o.goog !== false) await ingest(store, GOOG_CSV, { symbol: 'GOOG', interval: '1d' });
    const make = (role: Role) => {
      const { info, key } = store.keys().create(role, `test ${role}`, 'test');
      return { id: info.id, key };
    };
    keys = { viewer: make('viewer'), trader: make('trader'), admin: make('admin') };
    revoked = make('admin');
    store.keys().revoke(revoked.id, 'test');
  } finally {
    await store.close();
  }
  const { goog: _goog, ...serverOptions } = o;
  const server = await startApiServer({ webRoot: null, pollMs: 50, ...serverOptions, dbPath: db, port: 0 });
  const sockets = new Set<EventSocket>();
  let closed = false;

  const call = async (method: string, path: string, c: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = {};
    const key = c.key ?? (c.as === null ? undefined : keys[c.as ?? 'admin'].key);
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (c.raw !== undefined) body = c.raw;
    else if (c.body !== undefined) body = JSON.stringify(c.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, { method, headers: { ...headers, ...c.headers }, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: json };
  };

  return {
    url: server.url,
    db,
    server,
    keys,
    revoked,
    call,
    async socket(role: Role = 'viewer') {
      const s = await openSocket(server.url, { auth: keys[role].key });
      sockets.add(s);
      if (s.events[0].type !== 'ready') throw new Error(`WebSocket auth as ${role} failed: ${JSON.stringify(s.events[0])}`);
      return s;
    },
    /** Idempotent: a test may close early (to flush a log) and afterAll close again. */
    async close() {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One event as the WebSocket delivers it. */
export interface WsEvent {
  type: string;
  at?: string;
  data?: any;
  [k: string]: unknown;
}

export interface EventSocket {
  ws: WebSocket;
  /** Every message received so far, in order (the `ready` answer included). */
  events: WsEvent[];
  /** Resolves with the first message (already received or to come) matching `pred`. */
  next(what: string, pred: (e: WsEvent) => boolean, timeoutMs?: number): Promise<WsEvent>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/**
 * Opens `/api/v1/ws`. With `auth`, sends `{"type": "auth", "key"}` first and waits for the
 * server's `ready`; with `header`, authenticates by an Authorization header instead.
 */
export async function openSocket(baseUrl: string, o: { auth?: string; header?: string }): Promise<EventSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/ws`, o.header ? { headers: { authorization: `Bearer ${o.header}` } } : {});
  const events: WsEvent[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    events.push(JSON.parse(String(raw)) as WsEvent);
    for (const w of waiters) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (o.auth !== undefined) ws.send(JSON.stringify({ type: 'auth', key: o.auth }));
  const next = (what: string, pred: (e: WsEvent) => boolean, timeoutMs = 20_000) =>
    new Promise<WsEvent>((resolve, reject) => {
      const check = () => {
        const hit = events.find(pred);
        if (!hit) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no WebSocket event ${what} within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const socket: EventSocket = { ws, events, next, closed, close: () => ws.close() };
  // The answer to the handshake: `ready`, or an error body before the server closes.
  await next('answer to the handshake', () => true, 10_000);
  return socket;
}

/** `{error: {code, message, details}}` and nothing else; returns the code. */
export function errorCode(r: Reply): string {
  const b = r.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  const shape = b && typeof b === 'object' && Object.keys(b).join() === 'error' && b.error && typeof b.error === 'object' ? Object.keys(b.error).sort().join() : null;
  if (shape !== 'code,details,message' || typeof b!.error!.code !== 'string' || typeof b!.error!.message !== 'string' || typeof b!.error!.details !== 'object' || b!.error!.details === null) {
    throw new Error(`not an error body {error: {code, message, details}} (status ${r.status}): ${r.text.slice(0, 300)}`);
  }
  return b!.error!.code as string;
}

/** Daily bars read from a CSV by hand; a bar's time is its close, the next UTC midnight after its date. */
export function readDailyBars(file: string) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return rows.map((line) => {
    const [date, open, high, low, close, volume] = line.split(',');
    return { time: Date.parse(`${date}T00:00:00Z`) + 86_400_000, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) };
  });
}

/**
 * Job workers and `bin/sextant.js` run the compiled copy in dist/, which `npm test` builds before
 * vitest starts (run `npx tsc -p .` first when running these files alone). Modification times
 * cannot tell a stale build (tsc leaves outputs of unchanged sources alone), so only a missing
 * build is refused here.
 */
export function requireBuilt(): void {
  for (const f of ['dist/src/api/jobs/job-worker.js', 'dist/src/cli/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npx tsc -p . (npm test does) before these tests`);
  }
}
