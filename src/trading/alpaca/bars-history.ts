import type { Interval } from '../../core/interval.js';
import type { FeedBar } from '../feeds/feed.js';
import type { AlpacaHttp } from './http.js';
import { parseBarsPage } from './schemas.js';
import { alpacaTimeframe, barCloseTime } from './timeframe.js';
import { toRfc3339 } from './wire-values.js';

export type AlpacaAssetClass = 'equity' | 'crypto';

export interface BarsQuery {
  symbols: readonly string[];
  interval: Interval;
  assetClass: AlpacaAssetClass;
  /** Bars that OPEN at or after this instant (UTC ms), as Alpaca filters. */
  start: number;
  /** Only bars CLOSED by this instant are returned: a bar still forming is left for the live stream. */
  end: number;
  /** Stock feed: iex (free) or sip. */
  feed?: 'iex' | 'sip';
  /** Stock price adjustment; raw by default. */
  adjustment?: 'raw' | 'split' | 'dividend' | 'all';
  /** Bars per page, at most 10,000 (Alpaca's limit). */
  pageLimit?: number;
}

/**
 * Historical bars from Alpaca's market-data API, following next_page_token until it runs out,
 * stamped at their close and sorted by time, then symbol.
 */
export async function fetchBars(http: AlpacaHttp, q: BarsQuery): Promise<FeedBar[]> {
  const path = q.assetClass === 'crypto' ? '/v1beta3/crypto/us/bars' : '/v2/stocks/bars';
  const stockOnly = q.assetClass === 'equity' ? { feed: q.feed ?? 'iex', adjustment: q.adjustment ?? 'raw' } : {};
  const out: FeedBar[] = [];
  let pageToken: string | undefined;
  do {
    const page = await http.request({
      method: 'GET',
      path,
      query: {
        symbols: q.symbols.join(','),
        timeframe: alpacaTimeframe(q.interval),
        start: toRfc3339(q.start),
        end: toRfc3339(q.end),
        limit: q.pageLimit ?? 10_000,
        sort: 'asc',
        page_token: pageToken,
        ...stockOnly,
      },
      parse: parseBarsPage,
    });
    for (const [symbol, bars] of Object.entries(page.bars ?? {})) {
      for (const b of bars) {
        const time = barCloseTime(b.openTime, q.interval);
        if (time <= q.end) out.push({ symbol, time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
      }
    }
    pageToken = page.next_page_token ?? undefined;
  } while (pageToken);
  return out.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
