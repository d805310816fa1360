import { SextantError } from '../../core/errors.js';
import type { AlpacaCredentials } from './config.js';
import { type AlpacaLog, silentLog } from './log.js';
import { parseErrorBody } from './schemas.js';

export interface HttpOptions {
  /** Per-request timeout (AbortSignal.timeout). Default 10 s. */
  timeoutMs?: number;
  /** Tries in all, the first included. Default 5. */
  maxAttempts?: number;
  /** First back-off after a 5xx, network error or timeout; doubles per retry. Default 250 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Cap on a wait asked for by a 429 (Retry-After / X-RateLimit-Reset). Default 60 s. */
  maxRateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log?: AlpacaLog;
}

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Turns the JSON body (undefined for an empty one) into the result. */
  parse: (json: unknown) => T;
  /**
   * For a request that is not idempotent (an order POST): after a failure that may or may not
   * have taken effect (timeout, network error, 5xx) this is asked before any retry. A result
   * means the request did take effect, and it is returned instead of sending it again.
   */
  recover?: () => Promise<T | null>;
}

type Failure = { kind: 'timeout' | 'network' | 'server' | 'rate-limited'; status?: number; message: string; waitMs?: number };

export const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** JSON over fetch against one Alpaca host, with timeouts, retries and Alpaca's error bodies. */
export class AlpacaHttp {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly log: AlpacaLog;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: AlpacaCredentials,
    opts: HttpOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    this.maxRateLimitWaitMs = opts.maxRateLimitWaitMs ?? 60_000;
    this.sleep = opts.sleep ?? realSleep;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? silentLog;
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    let last: Failure | null = null;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (last) {
        const waitMs = last.waitMs ?? Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 2));
        this.log.warn(
          { method: spec.method, path: spec.path, attempt, failure: last.kind, status: last.status, waitMs },
          `alpaca: retrying after ${last.message}`,
        );
        await this.sleep(waitMs);
        if (spec.recover && last.kind !== 'rate-limited') {
          const done = await this.tryRecover(spec);
          if (done !== null) return done;
        }
      }
      const r = await this.once(spec);
      if (r.ok) return r.value;
      last = r.failure;
    }
    const f = last!;
    const code = f.kind === 'timeout' ? 'BROKER_TIMEOUT' : 'BROKER_UNAVAILABLE';
    throw new SextantError(code, `Alpaca ${spec.method} ${spec.path} failed ${this.maxAttempts} times; last: ${f.message}`, {
      method: spec.method,
      path: spec.path,
      attempts: this.maxAttempts,
      lastFailure: f.kind,
      lastStatus: f.status,
    });
  }

  /** A 429 never took effect, so only the other failures ask whether the request landed. */
  private async tryRecover<T>(spec: RequestSpec<T>): Promise<T | null> {
    try {
      return await spec.recover!();
    } catch (e) {
      // Not knowing is no reason to stop: Alpaca refuses a repeated client_order_id with a 422,
      // which the caller resolves, so the retry cannot create a second order.
      this.log.warn({ method: spec.method, path: spec.path, error: (e as Error).message }, 'alpaca: could not check whether the request landed');
      return null;
    }
  }

  private async once<T>(spec: RequestSpec<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url(spec), {
        method: spec.method,
        headers: { ...this.credentials.headers(), ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return { ok: false, failure: { kind: 'timeout', message: `no answer within ${this.timeoutMs} ms` } };
      }
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { ok: false, failure: { kind: 'network', message: `network error${cause ? ` (${cause})` : ''}` } };
    }
    const json = readJson(text);
    if (res.ok) return { ok: true, value: spec.parse(json) };
    const body = parseErrorBody(json);
    const message = body.message ?? text.slice(0, 200);
    if (res.status === 429) {
      return { ok: false, failure: { kind: 'rate-limited', status: 429, message: `HTTP 429 ${message}`, waitMs: this.rateLimitWait(res.headers) } };
    }
    if (res.status >= 500) return { ok: false, failure: { kind: 'server', status: res.status, message: `HTTP ${res.status} ${message}` } };
    throw this.rejection(spec, res.status, body.code, message);
  }

  private rejection(spec: RequestSpec<unknown>, status: number, alpacaCode: number | undefined, alpacaMessage: string): SextantError {
    const details = { method: spec.method, path: spec.path, status, alpacaCode, alpacaMessage };
    const what = `${spec.method} ${spec.path} (HTTP ${status}): ${alpacaMessage}`;
    if (status === 401) return new SextantError('BROKER_AUTH_FAILED', `Alpaca refused the API keys on ${what}`, details);
    if (status === 404) return new SextantError('BROKER_NOT_FOUND', `Alpaca found nothing for ${what}`, details);
    return new SextantError('BROKER_REJECTED', `Alpaca rejected ${what}`, details);
  }

  /**
   * How long a 429 asks to wait: Retry-After (seconds or an HTTP date), else X-RateLimit-Reset
   * (Alpaca: UTC epoch seconds; a small value is read as seconds from now). Capped.
   */
  private rateLimitWait(h: Headers): number | undefined {
    const now = this.now();
    let ms: number | undefined;
    const retryAfter = h.get('retry-after');
    const reset = h.get('x-ratelimit-reset');
    if (retryAfter !== null) {
      const s = Number(retryAfter);
      ms = Number.isFinite(s) ? s * 1000 : Date.parse(retryAfter) - now;
    } else if (reset !== null && Number.isFinite(Number(reset))) {
      const v = Number(reset);
      ms = v > 1e9 ? v * 1000 - now : v * 1000;
    }
    if (ms === undefined || Number.isNaN(ms)) return undefined;
    return Math.min(this.maxRateLimitWaitMs, Math.max(0, Math.ceil(ms)));
  }

  private url(spec: RequestSpec<unknown>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) q.set(k, String(v));
    const qs = q.toString();
    return `${this.baseUrl}${spec.path}${qs ? `?${qs}` : ''}`;
  }
}

function readJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
