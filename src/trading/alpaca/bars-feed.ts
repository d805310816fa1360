import { SextantError } from '../../core/errors.js';
import { type Interval, MINUTE_MS, intervalMs, isCalendarInterval, periodEnd } from '../../core/interval.js';
import type { Feed, FeedBar } from '../feeds/feed.js';
import { type AlpacaAssetClass, fetchBars } from './bars-history.js';
import type { AlpacaConfig } from './config.js';
import { DataStream } from './data-stream.js';
import { AlpacaHttp, type HttpOptions, realSleep } from './http.js';
import { type AlpacaLog, silentLog } from './log.js';
import { MinuteAggregator } from './minute-aggregator.js';
import type { WireBar } from './schemas.js';

export interface AlpacaBarsFeedOptions {
  config: AlpacaConfig;
  symbols: readonly string[];
  interval: Interval;
  assetClass?: AlpacaAssetClass;
  feed?: 'iex' | 'sip';
  adjustment?: 'raw' | 'split' | 'dividend' | 'all';
  /** History from this instant (UTC ms); omit to start with live bars. */
  start?: number;
  /** Go on with live bars over the WebSocket once the history is out. Default true. */
  live?: boolean;
  /** Bars per history page (at most 10,000). */
  pageLimit?: number;
  http?: Omit<HttpOptions, 'log'>;
  reconnectMs?: number;
  maxReconnectMs?: number;
  pingMs?: number;
  log?: AlpacaLog;
  now?: () => number;
}

type Event = { kind: 'minute'; symbol: string; bar: WireBar } | { kind: 'catch-up' } | { kind: 'failed'; err: SextantError };

/**
 * Alpaca bars as a Feed: history at the feed's interval (paged), then live minute bars over the
 * market-data WebSocket, built up to the feed's interval. Everything is stamped at its close.
 *
 * The stream is subscribed before the history is fetched, so nothing falls between them. After
 * the history and after every reconnection, the minutes since the last one seen are fetched over
 * REST (a catch-up) before the live ones queued meanwhile; every bar and every minute is passed
 * on at most once per symbol, in time order.
 */
export class AlpacaBarsFeed implements Feed {
  readonly name = 'alpaca';
  private readonly http: AlpacaHttp;
  private readonly log: AlpacaLog;
  private readonly now: () => number;
  private readonly live: boolean;
  private readonly aggregators = new Map<string, MinuteAggregator>();
  private readonly lastMinute = new Map<string, number>();
  private readonly lastBar = new Map<string, number>();
  private readonly events: Event[] = [];
  private wake: (() => void) | null = null;
  private stream: DataStream | null = null;
  private closed = false;

  constructor(private readonly opts: AlpacaBarsFeedOptions) {
    this.log = opts.log ?? silentLog;
    this.now = opts.now ?? Date.now;
    this.live = opts.live ?? true;
    if (opts.symbols.length === 0) throw new SextantError('OPTION_INVALID', 'the Alpaca feed needs at least one symbol', { symbols: opts.symbols });
    if (!this.live && opts.start === undefined) {
      throw new SextantError('OPTION_INVALID', 'the Alpaca feed needs a history start, live bars, or both', { start: opts.start, live: opts.live });
    }
    if (this.live && isCalendarInterval(opts.interval)) {
      throw new SextantError('OPTION_INVALID', `live Alpaca bars are built from minute bars up to 12h; interval ${opts.interval} is history only (set live to false)`, {
        interval: opts.interval,
      });
    }
    this.http = new AlpacaHttp(opts.config.dataUrl, opts.config.credentials, { ...opts.http, log: this.log });
    for (const s of opts.symbols) this.aggregators.set(s, new MinuteAggregator(opts.interval));
  }

  async *bars(): AsyncIterable<FeedBar> {
    if (this.live) this.startStream();
    try {
      if (this.opts.start !== undefined) {
        const history = await fetchBars(this.http, { ...this.query(), interval: this.opts.interval, start: this.opts.start, end: this.now() });
        for (const b of history) {
          if (this.closed) return;
          if (b.time > (this.lastBar.get(b.symbol) ?? -Infinity)) {
            this.lastBar.set(b.symbol, b.time);
            yield b;
          }
        }
      }
      if (!this.live) return;
      const out: FeedBar[] = [];
      while (!this.closed) {
        const ev = this.events.shift();
        if (!ev) {
          await new Promise<void>((r) => (this.wake = r));
          continue;
        }
        if (ev.kind === 'failed') throw ev.err;
        if (ev.kind === 'catch-up') await this.catchUp(out);
        else this.acceptMinute(ev.symbol, ev.bar, out);
        for (const b of out) yield b;
        out.length = 0;
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal();
    await this.stream?.stop();
  }

  private startStream(): void {
    const root = this.opts.config.dataStreamUrl;
    const url = this.opts.assetClass === 'crypto' ? `${root}/v1beta3/crypto/us` : `${root}/v2/${this.opts.feed ?? 'iex'}`;
    this.stream = new DataStream(
      url,
      this.opts.config.credentials,
      this.opts.symbols,
      {
        bar: (symbol, bar) => this.push({ kind: 'minute', symbol, bar }),
        subscribed: () => this.push({ kind: 'catch-up' }),
        failed: (err) => this.push({ kind: 'failed', err }),
      },
      { backoffMs: this.opts.reconnectMs, maxBackoffMs: this.opts.maxReconnectMs, pingMs: this.opts.pingMs, log: this.log },
    );
    this.stream.start();
  }

  private push(ev: Event): void {
    this.events.push(ev);
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * The minutes since the last one seen of each symbol (or since the start of the current
   * period), over REST. Retried until it succeeds: a gap here would be a gap in the bars.
   */
  private async catchUp(out: FeedBar[]): Promise<void> {
    const periodStart = periodEnd(this.now(), this.opts.interval) - intervalMs(this.opts.interval);
    let from = Infinity;
    for (const s of this.opts.symbols) from = Math.min(from, this.lastMinute.get(s) ?? this.lastBar.get(s) ?? periodStart);
    for (let failures = 0; !this.closed; failures++) {
      try {
        const minutes = await fetchBars(this.http, { ...this.query(), interval: '1m', start: from, end: this.now() });
        for (const m of minutes) this.acceptMinute(m.symbol, { openTime: m.time - MINUTE_MS, open: m.open, high: m.high, low: m.low, close: m.close, volume: m.volume }, out);
        return;
      } catch (e) {
        const waitMs = Math.min(this.opts.maxReconnectMs ?? 30_000, (this.opts.reconnectMs ?? 500) * 2 ** failures);
        this.log.warn({ error: (e as Error).message, waitMs }, 'alpaca: bar catch-up failed; trying again');
        await (this.opts.http?.sleep ?? realSleep)(waitMs);
      }
    }
  }

  /** A minute bar (open-stamped, from the stream or the catch-up) → the feed's bars it completes. */
  private acceptMinute(symbol: string, bar: WireBar, out: FeedBar[]): void {
    const agg = this.aggregators.get(symbol);
    if (!agg) return;
    const time = bar.openTime + MINUTE_MS;
    if (time <= Math.max(this.lastMinute.get(symbol) ?? -Infinity, this.lastBar.get(symbol) ?? -Infinity)) return;
    this.lastMinute.set(symbol, time);
    agg.push({ symbol, time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume }, (b) => {
      if (b.time <= (this.lastBar.get(symbol) ?? -Infinity)) return;
      this.lastBar.set(symbol, b.time);
      out.push(b);
    });
  }

  private query(): { symbols: readonly string[]; assetClass: AlpacaAssetClass; feed?: 'iex' | 'sip'; adjustment?: 'raw' | 'split' | 'dividend' | 'all'; pageLimit?: number } {
    return {
      symbols: this.opts.symbols,
      assetClass: this.opts.assetClass ?? 'equity',
      feed: this.opts.feed,
      adjustment: this.opts.adjustment,
      pageLimit: this.opts.pageLimit,
    };
  }
}
