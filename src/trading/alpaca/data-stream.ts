import { SextantError } from '../../core/errors.js';
import type { AlpacaCredentials } from './config.js';
import { ReconnectingSocket, type SocketOptions } from './reconnecting-socket.js';
import { type WireBar, parseDataBar, parseDataMessages } from './schemas.js';

export interface DataStreamHooks {
  /** A minute bar ("T":"b"), stamped at its open as Alpaca sends it. */
  bar(symbol: string, bar: WireBar): void;
  /** The subscription is confirmed, on the first connection and after every reconnection. */
  subscribed(): void;
  /** A failure reconnecting will not cure (refused keys, no subscription to the feed). */
  failed(err: SextantError): void;
}

/** Error codes of the market-data stream that mean the account cannot have this stream. */
const FATAL_CODES = new Set([401, 402, 409]);

/**
 * Alpaca's market-data WebSocket (text frames of JSON arrays): wait for "connected", auth,
 * subscribe to minute bars of the symbols, hand on each bar; reconnects when the connection drops.
 */
export class DataStream {
  private readonly socket: ReconnectingSocket;

  constructor(
    url: string,
    private readonly credentials: AlpacaCredentials,
    private readonly symbols: readonly string[],
    private readonly hooks: DataStreamHooks,
    private readonly opts: SocketOptions,
  ) {
    this.socket = new ReconnectingSocket(url, 'market-data', { open: () => {}, text: (t) => this.onText(t) }, opts);
  }

  start(): void {
    this.socket.connect();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  private onText(text: string): void {
    let messages: Array<Record<string, unknown> & { T: string }>;
    try {
      messages = parseDataMessages(JSON.parse(text));
    } catch (e) {
      this.opts.log.error({ stream: 'market-data', error: (e as Error).message }, 'alpaca: unreadable market-data message');
      return;
    }
    for (const m of messages) this.onMessage(m);
  }

  private onMessage(m: Record<string, unknown> & { T: string }): void {
    switch (m.T) {
      case 'b':
        try {
          const { symbol, bar } = parseDataBar(m);
          this.hooks.bar(symbol, bar);
        } catch (e) {
          this.opts.log.error({ stream: 'market-data', error: (e as Error).message }, 'alpaca: unreadable market-data bar');
        }
        return;
      case 'success':
        if (m.msg === 'connected') this.socket.send({ action: 'auth', key: this.credentials.keyId, secret: this.credentials.secretKey });
        else if (m.msg === 'authenticated') this.socket.send({ action: 'subscribe', bars: this.symbols });
        return;
      case 'subscription':
        this.socket.ready();
        this.hooks.subscribed();
        return;
      case 'error': {
        const code = Number(m.code);
        const fields = { stream: 'market-data', code, alpacaMessage: m.msg };
        if (!FATAL_CODES.has(code)) {
          this.opts.log.warn(fields, 'alpaca: market-data stream error');
          return;
        }
        const err = new SextantError('BROKER_AUTH_FAILED', `Alpaca's market-data stream refused the connection: ${String(m.msg)} (code ${code})`, fields);
        this.opts.log.error(fields, err.message);
        this.socket.fail();
        this.hooks.failed(err);
        return;
      }
      default:
        // updatedBars ("u"), dailyBars ("d"), trades, quotes: not subscribed to, not used.
        return;
    }
  }
}
