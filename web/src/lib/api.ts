/**
 * The one way the dashboard talks to the server: JSON over `/api/v1` with the session's key as
 * a bearer token. Errors come back in the API's one shape `{error: {code, message, details}}`
 * and are thrown as ApiError; a 401 also tells the app to go back to the login.
 */
export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let key: string | null = null;
let onUnauthorized: () => void = () => {};

export function setApiKey(k: string | null): void {
  key = k;
}

/** Called on any 401 (the key was revoked or is wrong): the app logs out. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy or the network answered
  }
  const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText ?? 'request failed', e?.details ?? {});
}

/** A request with an explicit key (the login checks a key before keeping it). */
export async function requestWith<T>(apiKey: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(API_BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && apiKey === key) onUnauthorized();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string) => requestWith<T>(key, 'GET', path),
  post: <T>(path: string, body: unknown = {}) => requestWith<T>(key, 'POST', path, body),
  put: <T>(path: string, body: unknown) => requestWith<T>(key, 'PUT', path, body),
  del: <T>(path: string) => requestWith<T>(key, 'DELETE', path),
};

/** `?a=1&b=x` from the defined entries. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
