import WebSocket, { type RawData } from 'ws';
import type { AlpacaLog } from './log.js';

export interface SocketOptions {
  /** First wait before reconnecting; doubles per failed try up to `maxBackoffMs`. Default 500 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Ping interval; a connection that misses a pong by the next ping is dropped. Default 15 s. */
  pingMs?: number;
  log: AlpacaLog;
}

export interface SocketHooks {
  /** The connection is open: send the authentication message. */
  open(): void;
  /** A message, text or binary frame alike (Alpaca's trading stream sends binary frames). */
  text(message: string): void;
}

const toText = (data: RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');

/**
 * A WebSocket that comes back: when the connection drops it reconnects with exponential
 * back-off (reset once the protocol says `ready()`), until `stop()` or `fail()`.
 */
export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pingMs: number;

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly hooks: SocketHooks,
    private readonly opts: SocketOptions,
  ) {
    this.backoffMs = opts.backoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.pingMs = opts.pingMs ?? 15_000;
  }

  connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    let alive = true;
    ws.on('open', () => {
      this.pingTimer = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, this.pingMs);
      this.hooks.open();
    });
    ws.on('pong', () => (alive = true));
    ws.on('message', (data) => this.hooks.text(toText(data)));
    ws.on('error', (e) => this.opts.log.warn({ stream: this.name, error: e.message }, `alpaca: ${this.name} stream error`));
    ws.on('close', (code) => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
      if (this.ws === ws) this.ws = null;
      if (this.stopped) return;
      const waitMs = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** this.failures++);
      this.opts.log.warn({ stream: this.name, code, waitMs }, `alpaca: ${this.name} stream closed, reconnecting`);
      this.retryTimer = setTimeout(() => this.connect(), waitMs);
    });
  }

  send(message: unknown): void {
    this.ws?.send(JSON.stringify(message));
  }

  /** The protocol handshake succeeded: the next drop starts the back-off afresh. */
  ready(): void {
    this.failures = 0;
  }

  /** A failure reconnecting will not cure (refused keys): close for good. */
  fail(): void {
    this.stopped = true;
    this.clearTimers();
    this.ws?.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      // A server that never answers the close handshake must not hold us up.
      const force = setTimeout(() => ws.terminate(), 1_000);
      ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close();
    });
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
  }
}
