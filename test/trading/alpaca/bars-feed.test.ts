import { afterAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../../src/core/interval.js';
import { AlpacaBarsFeed, type AlpacaBarsFeedOptions } from '../../../src/trading/alpaca/bars-feed.js';
import { alpacaConfigFromEnv } from '../../../src/trading/alpaca/config.js';
import type { FeedBar } from '../../../src/trading/feeds/feed.js';
import type { FakeBar } from './fake-bars.js';
import { FakeAlpaca } from './fake-alpaca.js';
import { capturingLog, errorText, rejection, waitFor } from './helpers.js';

const open: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];

afterAll(async () => {
  for (const x of open.reverse()) await ('close' in x ? x.close() : x.stop());
});

async function setup(opts: Omit<AlpacaBarsFeedOptions, 'config'>, fake?: FakeAlpaca) {
  const f = fake ?? (await FakeAlpaca.start());
  if (!fake) open.push(f);
  const feed = new AlpacaBarsFeed({ config: alpacaConfigFromEnv(f.env()), reconnectMs: 10, maxReconnectMs: 50, http: { backoffMs: 5 }, ...opts });
  open.push(feed);
  return { fake: f, feed, it: feed.bars()[Symbol.asyncIterator]() };
}

async function next(it: AsyncIterator<FeedBar>, ms = 5_000): Promise<FeedBar> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    it.next(),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no bar arrived')), ms))),
  ]).finally(() => clearTimeout(timer));
  if (r.done) throw new Error('the feed ended');
  return r.value;
}

async function all(it: AsyncIterator<FeedBar>): Promise<FeedBar[]> {
  const out: FeedBar[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) out.push(r.value);
  return out;
}

/** `n` open-stamped bars every `stepMs` from `t0`, prices moving with i. */
function makeBars(t0: number, n: number, stepMs = MINUTE_MS, p0 = 100): FakeBar[] {
  return Array.from({ length: n }, (_, i) => {
    const o = p0 + i * 0.01;
    return { t: t0 + i * stepMs, o, h: o + 0.05, l: o - 0.04, c: o + 0.01, v: 1_000 + i };
  });
}

const asFeed = (symbol: string, b: FakeBar, closeTime: number): FeedBar => ({ symbol, time: closeTime, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v });

/** A minute boundary an hour ago: bars from here are history, all closed by now. */
const hourAgo = (): number => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS;

describe('AlpacaBarsFeed history', () => {
  it('follows next_page_token: 2,500 bars at 1,000 a page → 3 pages, stamped at the close', async () => {
    const t0 = Date.UTC(2024, 0, 2, 14, 30);
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const src = makeBars(t0, 2_500);
    fake.addBars('AAPL', '1Min', src);
    const { it } = await setup({ symbols: ['AAPL'], interval: '1m', start: t0, live: false, pageLimit: 1_000 }, fake);
    const bars = await all(it);
    expect(bars).toEqual(src.map((b) => asFeed('AAPL', b, b.t + MINUTE_MS)));
    const calls = fake.calls('/v2/stocks/bars');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.query.has('page_token'))).toEqual([false, true, true]);
    expect(Object.fromEntries(['symbols', 'timeframe', 'limit', 'feed', 'adjustment', 'start'].map((k) => [k, calls[0].query.get(k)]))).toEqual({
      symbols: 'AAPL',
      timeframe: '1Min',
      limit: '1000',
      feed: 'iex',
      adjustment: 'raw',
      start: new Date(t0).toISOString(),
    });
  });

  it('merges symbols by time, then symbol; 5m bars close 5 minutes after they open', async () => {
    const t0 = Date.UTC(2024, 0, 2, 14, 30);
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const msft = makeBars(t0, 4, 5 * MINUTE_MS, 400);
    const aapl = makeBars(t0 + 5 * MINUTE_MS, 4, 5 * MINUTE_MS, 180);
    fake.addBars('MSFT', '5Min', msft);
    fake.addBars('AAPL', '5Min', aapl);
    const { it } = await setup({ symbols: ['MSFT', 'AAPL'], interval: '5m', start: t0, live: false, pageLimit: 3 }, fake);
    const bars = await all(it);
    const expected = [...msft.map((b) => asFeed('MSFT', b, b.t + 5 * MINUTE_MS)), ...aapl.map((b) => asFeed('AAPL', b, b.t + 5 * MINUTE_MS))].sort(
      (a, b) => a.time - b.time || a.symbol.localeCompare(b.symbol),
    );
    expect(bars).toEqual(expected);
    expect(fake.calls('/v2/stocks/bars')).toHaveLength(3); // 8 bars, 3 a page
  });

  it('crypto daily bars come from the crypto endpoint, dated by their calendar day', async () => {
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const src = makeBars(Date.UTC(2024, 0, 1), 3, 86_400_000, 42_000);
    fake.addBars('BTC/USD', '1Day', src);
    const { it } = await setup({ symbols: ['BTC/USD'], interval: '1d', assetClass: 'crypto', start: Date.UTC(2024, 0, 1), live: false }, fake);
    const bars = await all(it);
    expect(bars.map((b) => new Date(b.time).toISOString())).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z', '2024-01-04T00:00:00.000Z']);
    expect(fake.calls('/v1beta3/crypto/us/bars')).toHaveLength(1);
    expect(fake.calls('/v1beta3/crypto/us/bars')[0].query.has('feed')).toBe(false);
  });

  it('leaves out a bar still forming at `now`', async () => {
    const t0 = Date.UTC(2024, 0, 2, 14, 30);
    const fake = await FakeAlpaca.start();
    open.push(fake);
    fake.addBars('AAPL', '1Min', makeBars(t0, 5));
    const { it } = await setup({ symbols: ['AAPL'], interval: '1m', start: t0, live: false, now: () => t0 + 4 * MINUTE_MS + 30_000 }, fake);
    expect((await all(it)).map((b) => (b.time - t0) / MINUTE_MS)).toEqual([1, 2, 3, 4]);
  });
});

describe('AlpacaBarsFeed live', () => {
  it('joins history and live bars without a repeat; a live bar is stamped at its close', async () => {
    const t0 = hourAgo();
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const hist = makeBars(t0, 30);
    fake.addBars('AAPL', '1Min', hist);
    const { it } = await setup({ symbols: ['AAPL'], interval: '1m', start: t0 }, fake);
    for (const b of hist) expect(await next(it)).toEqual(asFeed('AAPL', b, b.t + MINUTE_MS));
    await waitFor(() => fake.streamClients().data === 1, 'the market-data subscription');
    const [again, fresh, later] = [hist[29], ...makeBars(t0 + 30 * MINUTE_MS, 2, MINUTE_MS, 200)];
    fake.pushBar('AAPL', again); // the last history bar, sent again live: dropped
    fake.pushBar('AAPL', fresh);
    expect(await next(it)).toEqual(asFeed('AAPL', fresh, fresh.t + MINUTE_MS));
    fake.pushBar('AAPL', fresh); // a repeat: dropped
    fake.pushBar('AAPL', later);
    expect(await next(it)).toEqual(asFeed('AAPL', later, later.t + MINUTE_MS));
  });

  it('builds 5m bars from live minutes', async () => {
    const p = Math.floor(hourAgo() / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
    const { fake, it } = await setup({ symbols: ['SPY'], interval: '5m' });
    const first = next(it); // the feed connects when first asked for a bar
    await waitFor(() => fake.streamClients().data === 1, 'the market-data subscription');
    const m = makeBars(p, 11, MINUTE_MS, 500);
    for (const b of m.slice(0, 5)) fake.pushBar('SPY', b);
    const five = m.slice(0, 5);
    expect(await first).toEqual({
      symbol: 'SPY',
      time: p + 5 * MINUTE_MS,
      open: five[0].o,
      high: Math.max(...five.map((b) => b.h)),
      low: Math.min(...five.map((b) => b.l)),
      close: five[4].c,
      volume: five.reduce((s, b) => s + b.v, 0),
    });
    // Minutes 6 and 7 only (no trades later in that period): the bar comes out when the next period starts.
    fake.pushBar('SPY', m[5]);
    fake.pushBar('SPY', m[6]);
    fake.pushBar('SPY', m[10]);
    expect(await next(it)).toEqual({
      symbol: 'SPY',
      time: p + 10 * MINUTE_MS,
      open: m[5].o,
      high: Math.max(m[5].h, m[6].h),
      low: Math.min(m[5].l, m[6].l),
      close: m[6].c,
      volume: m[5].v + m[6].v,
    });
  });

  it('after a dropped connection, fetches the minutes it missed, once', async () => {
    const t0 = hourAgo();
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const hist = makeBars(t0, 10);
    fake.addBars('QQQ', '1Min', hist);
    const { it } = await setup({ symbols: ['QQQ'], interval: '1m', start: t0 }, fake);
    for (let i = 0; i < 10; i++) await next(it);
    await waitFor(() => fake.streamClients().data === 1, 'the market-data subscription');
    const more = makeBars(t0 + 10 * MINUTE_MS, 5, MINUTE_MS, 300);
    fake.pushBar('QQQ', more[0]);
    expect(await next(it)).toEqual(asFeed('QQQ', more[0], more[0].t + MINUTE_MS));

    fake.dropStreams({ hold: true });
    await waitFor(() => fake.streamClients().data === 0, 'the stream to drop');
    fake.pushBar('QQQ', more[1]); // nobody listening: only the REST history has these
    fake.pushBar('QQQ', more[2]);
    const pages = fake.calls('/v2/stocks/bars').length;
    fake.allowStreams();
    expect(await next(it)).toEqual(asFeed('QQQ', more[1], more[1].t + MINUTE_MS));
    expect(await next(it)).toEqual(asFeed('QQQ', more[2], more[2].t + MINUTE_MS));
    expect(fake.calls('/v2/stocks/bars').length).toBeGreaterThan(pages);
    const catchUp = fake.calls('/v2/stocks/bars').at(-1)!;
    expect(catchUp.query.get('timeframe')).toBe('1Min');
    expect(catchUp.query.get('start')).toBe(new Date(more[0].t + MINUTE_MS).toISOString());

    await waitFor(() => fake.streamClients().data === 1, 'the new subscription');
    fake.pushBar('QQQ', more[2]); // already passed on: dropped
    fake.pushBar('QQQ', more[3]);
    expect(await next(it)).toEqual(asFeed('QQQ', more[3], more[3].t + MINUTE_MS));
  });

  it('refused market-data keys end the feed with BROKER_AUTH_FAILED, keys not shown', async () => {
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const log = capturingLog();
    const feed = new AlpacaBarsFeed({ config: alpacaConfigFromEnv({ ...fake.env(), APCA_API_SECRET_KEY: 'bad/secret/999' }), symbols: ['AAPL'], interval: '1m', reconnectMs: 10, log });
    open.push(feed);
    const e = await rejection(feed.bars()[Symbol.asyncIterator]().next());
    expect((e as { code?: string }).code).toBe('BROKER_AUTH_FAILED');
    for (const text of [errorText(e), ...log.lines]) {
      expect(text).not.toContain('bad/secret/999');
      expect(text).not.toContain(fake.keyId);
    }
  });

  it('refuses live bars for daily and longer intervals', async () => {
    const fake = await FakeAlpaca.start();
    open.push(fake);
    const e = await rejection(Promise.resolve().then(() => new AlpacaBarsFeed({ config: alpacaConfigFromEnv(fake.env()), symbols: ['AAPL'], interval: '1d' })));
    expect((e as { code?: string }).code).toBe('OPTION_INVALID');
    expect(e.message).toContain('1d');
  });
});
