import type { Interval } from '../../core/interval.js';
import { loadStoredSeries } from '../../backtest/load-market-data.js';
import { marketData, type MarketData } from '../../backtest/market-data.js';
import type { Store } from '../../store/store.js';
import type { JournalEvent } from '../../store/trading-store.js';

/** Where a live session's stored history ends and its own time begins (journaled at its first start, kind `live`). */
export interface LiveStart {
  /** Stored bars closing at or before this instant warm features up; the feed starts after it. */
  historyEnd: number;
  /** Bars closing before this instant (history the feed catches up on) are not traded. */
  sessionStart: number;
}

export function liveStartOf(events: readonly JournalEvent[]): LiveStart | null {
  const e = events.find((x) => x.kind === 'live');
  return e ? (e.data as unknown as LiveStart) : null;
}

/**
 * The stored history a live session starts from: every symbol's bars up to `historyEnd` (at a
 * first start, the earliest of the symbols' last stored bars, so the feed takes over from
 * there for all of them). A restart uses the instant journaled then, whatever was stored since.
 */
export async function loadLiveHistory(store: Store, symbols: readonly string[], interval: Interval, historyEnd: number | null): Promise<{ data: MarketData; historyEnd: number }> {
  const { series, lots, assetClass } = await loadStoredSeries(store, symbols, interval, 'a live session warms its features up on stored history; ingest some first');
  const end = historyEnd ?? Math.min(...series.map((s) => s.time[s.length - 1]));
  const cut = series.map((s) => s.slice(0, s.lowerBound(end + 1)));
  return { data: marketData(cut, assetClass, lots, null, null), historyEnd: end };
}
