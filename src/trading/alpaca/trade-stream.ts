import { SextantError } from '../../core/errors.js';
import type { AlpacaCredentials } from './config.js';
import { ReconnectingSocket, type SocketOptions } from './reconnecting-socket.js';
import { parseStreamMessage, parseTradeUpdate, type WireTradeUpdate } from './schemas.js';

export interface TradeStreamHooks {
  update(u: WireTradeUpdate): void;
  /**
   * Order state may have been missed: called once every (re)connection is listening, and after
   * a message that could not be read. The broker re-reads open orders over REST.
   */
  resync(): void;
}

/**
 * Alpaca's trade_updates WebSocket: authenticate, listen, hand on each event; reconnects when
 * the connection drops. Alpaca sends these as binary frames; both kinds are read.
 */
export class TradeStream {
  private readonly socket: ReconnectingSocket;
  private readonly firstListen: Promise<void>;
  private settleFirst!: (e?: Error) => void;

  constructor(
    url: string,
    private readonly credentials: AlpacaCredentials,
    private readonly hooks: TradeStreamHooks,
    private readonly opts: SocketOptions,
  ) {
    this.firstListen = new Promise<void>((resolve, reject) => {
      this.settleFirst = (e) => (e ? reject(e) : resolve());
    });
    this.firstListen.catch(() => {}); // the caller of start() sees it; no unhandled rejection before
    this.socket = new ReconnectingSocket(url, 'trade_updates', { open: () => this.authenticate(), text: (t) => this.onText(t) }, opts);
  }

  /** Connects; resolves once listening, rejects if the keys are refused. */
  start(): Promise<void> {
    this.socket.connect();
    return this.firstListen;
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  private authenticate(): void {
    this.socket.send({ action: 'authenticate', data: { key_id: this.credentials.keyId, secret_key: this.credentials.secretKey } });
  }

  private onText(text: string): void {
    let msg: { stream: string; data: unknown };
    try {
      msg = parseStreamMessage(JSON.parse(text));
    } catch (e) {
      this.unreadable(e);
      return;
    }
    const data = (msg.data ?? {}) as Record<string, unknown>;
    switch (msg.stream) {
      case 'authorization':
        if (data.status === 'authorized') this.socket.send({ action: 'listen', data: { streams: ['trade_updates'] } });
        else this.refused(String(data.status ?? 'unknown'));
        return;
      case 'listening':
        if (Array.isArray(data.streams) && data.streams.includes('trade_updates')) {
          this.socket.ready();
          this.settleFirst();
          this.hooks.resync();
        } else {
          this.opts.log.error({ stream: 'trade_updates', error: data.error }, 'alpaca: the trade_updates stream was not granted');
        }
        return;
      case 'trade_updates':
        try {
          this.hooks.update(parseTradeUpdate(msg.data));
        } catch (e) {
          this.unreadable(e);
        }
        return;
      default:
        this.opts.log.debug({ stream: msg.stream }, 'alpaca: ignored a trading-stream message');
    }
  }

  private unreadable(e: unknown): void {
    this.opts.log.error({ stream: 'trade_updates', error: (e as Error).message }, 'alpaca: unreadable trading-stream message; re-syncing orders');
    this.hooks.resync();
  }

  private refused(status: string): void {
    const err = new SextantError('BROKER_AUTH_FAILED', `Alpaca's trading stream refused the API keys (status '${status}')`, { stream: 'trade_updates', status });
    this.opts.log.error({ stream: 'trade_updates', status }, err.message);
    this.socket.fail();
    this.settleFirst(err);
  }
}
