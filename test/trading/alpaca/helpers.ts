import type { AlpacaLog } from '../../../src/trading/alpaca/log.js';

/** A logger that keeps every line as JSON text, to be searched for leaked keys. */
export function capturingLog(): AlpacaLog & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A sleep that records what it was asked to wait, then waits it. */
export function recordingSleep(): ((ms: number) => Promise<void>) & { waits: number[] } {
  const waits: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    waits.push(ms);
    return new Promise((r) => setTimeout(r, ms));
  };
  return Object.assign(sleep, { waits });
}

/** Polls until `cond` holds; fails with `what` after `ms`. */
export async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The promise's error, or a failure if it resolved. */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Everything an error can show: message, stack, JSON form and details. */
export function errorText(e: unknown): string {
  const err = e as Error & { toJSON?: () => unknown; details?: unknown };
  return [err.message, err.stack, err.toJSON ? JSON.stringify(err.toJSON()) : '', JSON.stringify(err.details ?? {})].join('\n');
}
