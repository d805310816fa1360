import { loadRunInputs } from '../../backtest/run-backtest.js';
import type { BacktestConfig } from '../../backtest/config.js';
import { periodsPerYear } from '../../backtest/metrics/index.js';
import { loadStrategyDeps } from '../../backtest/strategy-deps.js';
import { parseInterval } from '../../core/interval.js';
import { getStrategy } from '../../strategy/registry.js';
import type { Store } from '../../store/store.js';
import { type JournaledBar, journaledBars } from './live-clock.js';
import { type LiveStart, liveStartOf, loadLiveHistory } from './live-history.js';
import { LiveMarket } from './live-market.js';

/** What a live session adds to its market: the growing bars, when its time began, and the bars its journal holds. */
export interface LiveParts {
  market: LiveMarket;
  start: LiveStart;
  journaled: JournaledBar[];
}

/**
 * The strategy, bars and features a session runs on: the stored range for a replay; for a live
 * session, stored history to warm up on followed by room for the bars the feed will bring
 * (its start journaled at the first run, so a restart rebuilds the same market).
 */
export async function loadSessionMarket(store: Store, cfg: BacktestConfig, session: string, live: { capacity?: number; now?: () => number } | null) {
  if (!live) return { ...(await loadRunInputs(store, cfg)), live: null };
  const trading = store.trading();
  const events = trading.journal(session);
  const def = getStrategy(cfg.strategy);
  const interval = parseInterval(cfg.interval);
  const known = liveStartOf(events);
  const { data: history, historyEnd } = await loadLiveHistory(store, cfg.symbols, interval, known?.historyEnd ?? null);
  const start: LiveStart = known ?? { historyEnd, sessionStart: (live.now ?? Date.now)() };
  if (!known) trading.append(session, [{ kind: 'live', tick: 0, orderId: null, actor: 'runner', data: start as unknown as Record<string, unknown> }]);
  const journaled = journaledBars(events);
  // Room for the journaled bars plus as many again to come: a session that filled up goes on after a restart.
  const market = new LiveMarket(history, cfg.timezone, journaled.length + (live.capacity ?? 100_000));
  const parts: LiveParts = { market, start, journaled };
  return {
    def,
    interval,
    data: market.data,
    ppy: periodsPerYear(interval, market.data.assetClass),
    features: { columns: (name: string) => market.features(name) },
    deps: await loadStrategyDeps(store, def, cfg.params),
    live: parts,
  };
}
