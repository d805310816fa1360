import { setImmediate as yieldToEvents, setTimeout as sleep } from 'node:timers/promises';
import { SextantError } from '../../core/errors.js';
import { type BacktestRun, parseBacktestConfig, summariseRun } from '../../backtest/run-backtest.js';
import type { BacktestConfig, BacktestConfigInput } from '../../backtest/config.js';
import { createEngine } from '../../backtest/simulate.js';
import { noProgress } from '../../core/progress.js';
import type { Engine } from '../../engine/engine.js';
import type { EngineEvent } from '../../engine/events.js';
import { Columns } from '../../engine/growable.js';
import type { Store } from '../../store/store.js';
import type { JournalBook } from '../oms/journal-book.js';
import { CircuitBreaker } from '../risk/circuit-breaker.js';
import { parseRiskConfig } from '../risk/config.js';
import type { BarColumns } from '../../core/bar-series.js';
import type { TradingBroker } from '../broker.js';
import type { Feed, FeedBar } from '../feeds/feed.js';
import { BrokerRoute } from './broker-route.js';
import { isAlive } from './commands.js';
import { IntegrityWatch, defaultStaleAfterMs } from './data-integrity.js';
import { reconcile, type Repair } from './reconcile.js';
import { RiskView } from './risk-view.js';
import { SessionGate } from './session-gate.js';
import { ReplayClock } from './replay-clock.js';
import { LiveClock } from './live-clock.js';
import type { SessionClock } from './session-clock.js';
import { loadSessionMarket } from './session-market.js';
import { SessionInputs } from './session-inputs.js';
import { type Difference, SessionJournal } from './session-journal.js';
import { tradingDayOf } from './trading-day.js';

export interface PaperOptions {
  session: string;
  config: BacktestConfigInput;
  /** Replay speed: bar time passes this many times faster than wall time; 'max' does not wait. */
  speed: number | 'max';
  /** Strategy orders wait for a person's approval. */
  approval: boolean;
  approvalTtlSec: number;
  /** Stops the session cleanly: no new bars, no new orders, state flushed. */
  stop: AbortSignal;
  /** Bars done, and the whole session's when known (a replay). */
  onProgress?: (done: number, total: number | null) => void;
  /** Tick-to-trade timing: nanoseconds from a bar's arrival to the end of its step (features, strategy, risk, OMS and journal), and the orders it placed. */
  onTick?: (tick: number, nanos: number, orders: number) => void;
  /** Route orders to this broker instead of filling them in the kernel (live trading). */
  broker?: TradingBroker;
  /** Bars from a live feed instead of the stored history (`speed` does not apply). */
  live?: LiveFeedOptions;
  /** When a replay routed to a broker ends, how long orders still open there may take to fill (default 5 s). */
  brokerGraceMs?: number;
}

/** A live feed for a session: its bars go into the kernel as they arrive, after stored history has warmed the features up. */
export interface LiveFeedOptions {
  /** 'alpaca', say: part of what defines the session. */
  name: string;
  /** Opens the feed with the bars closing after this instant (history it catches up on first, then live bars). */
  open: (after: number) => Feed;
  /** No new orders while a symbol's latest bar is older than this (default: 2 intervals + 60 s). */
  staleAfterMs?: number;
  /** Wall clock for the staleness hold (tests). */
  now?: () => number;
  /** How long bars of one close time wait for the other symbols' (default 2 s). */
  groupWaitMs?: number;
  /** Live bars per symbol a run of the session can add (default 100,000); a full session stops, and goes on after a restart. */
  capacity?: number;
}

/** What defines a session: resuming it with anything else is refused. */
interface SessionIdentity {
  config: BacktestConfig;
  approval: boolean;
  feed: string;
  /** 'paper': the kernel fills; `routed:NAME`: orders go to that broker. */
  broker: string;
}

export interface PaperOutcome {
  session: string;
  /** The replay reached the end of the data (otherwise it was stopped). */
  finished: boolean;
  resumed: boolean;
  ticks: number;
  /** Bars in the whole session, when known (a replay). */
  totalTicks: number | null;
  book: JournalBook;
  engine: Engine;
  /** Where the re-run after a restart disagreed with the journal. */
  differences: Difference[];
  /** What reconciling the journal's positions and cash with the broker's repaired. */
  repairs: Repair[];
  /** Calls to a broker that failed without an answer about the order (it is followed until one comes). */
  problems: string[];
  /** The full backtest-shaped summary, when the replay finished. */
  run: BacktestRun | null;
}

/**
 * Runs (or resumes) a paper-trading session over replayed history: the same strategy code and
 * kernel as a backtest, with the risk checks, approvals and journal of the session gate in the
 * order path and the simulated broker filling against bars as the replay clock reaches them.
 * A session resumed after a stop or a crash re-runs from its first bar against its journal
 * (nothing is sent twice) and carries on where it stopped.
 */
export async function runPaperSession(store: Store, o: PaperOptions): Promise<PaperOutcome> {
  const startedAt = Date.now();
  const cfg = parseBacktestConfig(o.config);
  const trading = store.trading();
  const identity: SessionIdentity = { config: cfg, approval: o.approval, feed: o.live ? o.live.name : 'replay', broker: o.broker ? `routed:${o.broker.name}` : 'paper' };
  const { created } = trading.claimSession(o.session, 'paper', identity as unknown as Record<string, unknown>, process.pid, isAlive);
  let status: 'stopped' | 'finished' = 'stopped';
  let route: BrokerRoute | null = null;
  let sessionClock: SessionClock | null = null;
  trading.deferCheckpoints(true);
  try {
    if (created) trading.append(o.session, [{ kind: 'session', tick: 0, orderId: null, actor: 'runner', data: { cash: cfg.cash, identity } }]);
    else checkIdentity(o.session, trading.getSession(o.session)!.config as unknown as SessionIdentity, identity);

    const { def, interval, data, ppy, features, deps, live: liveParts } = await loadSessionMarket(store, cfg, o.session, o.live ?? null);
    let journal: SessionJournal | null = null;
    // Borrow charged on a short is cash leaving the account: journaled like a fill, keyed by symbol.
    const onEvent = (ev: EngineEvent) => {
      if (ev.kind === 'carry') journal!.write([{ kind: 'carry', orderId: `carry:${data.symbols[ev.symbol]}`, actor: 'runner', data: { fee: ev.fee } }]);
    };
    const engine = createEngine({ def, params: cfg.params, cfg, data, features, periodsPerYear: ppy, deps, onEvent });
    const assetClasses = data.symbols.map(() => data.assetClass);
    const days = assetClasses.map(tradingDayOf);
    engine.flow.tradingDay = (s, t) => days[s](t);

    journal = new SessionJournal(trading, o.session);
    const limits = parseRiskConfig(trading.controls().limits ?? {});
    const stale = o.live ? { staleAfterMs: o.live.staleAfterMs ?? defaultStaleAfterMs(interval), now: o.live.now ?? Date.now } : null;
    const integrity = new IntegrityWatch(data.symbols, interval, assetClasses, days, stale);
    let gate: SessionGate | null = null;
    const view = new RiskView(engine, assetClasses, (ord) => gate!.riskOrderOf(ord), days[0]);
    gate = new SessionGate(engine, journal, view, limits, { session: o.session, strategy: cfg.strategy, approvalRequired: o.approval, approvalTtlSec: o.approvalTtlSec, dataHold: (s) => integrity.holdOf(s), routed: o.broker !== undefined });
    engine.flow.gate = gate;
    const inputs = new SessionInputs(trading, engine, gate, journal, cfg.strategy);
    if (o.broker) {
      route = new BrokerRoute(engine, gate, journal, o.broker);
      engine.flow.venue = route;
      inputs.route = route;
    }
    const breaker = new CircuitBreaker(limits.circuitBreaker);
    const clock: SessionClock = (sessionClock = liveParts
      ? new LiveClock({ market: liveParts.market, feed: o.live!.open, journal, sessionStart: liveParts.start.sessionStart, journaled: liveParts.journaled, onArrival: (s, t) => integrity.onBar(s, t), groupWaitMs: o.live!.groupWaitMs })
      : new ReplayClock(data.bars, o.speed));
    let ended = false;
    const points = new Columns(2);
    const trades = engine.ledger.closedTrades;
    let tradesSeen = 0;
    let lastPoll = 0;
    let repairs: Repair[] = [];
    let live = false;
    /** Between bars, once the re-run is over: people's commands and the broker's reports. */
    const listen = () => {
      inputs.poll();
      lastPoll = Date.now();
      route?.drain();
    };
    let e = 0;
    for (; !o.stop.aborted; e++) {
      journal.tick = e;
      if (!live && !journal.catchingUp) {
        // The re-run is over: find out from the broker what happened while the session was down, then listen to it.
        live = true;
        if (route) {
          repairs = await route.settle();
          route.listen();
        }
      }
      let ev = clock.next(journal.catchingUp);
      while (ev === 'wait' && !o.stop.aborted) {
        await clock.wait(50, o.stop);
        engine.flow.point = engine.point + 1;
        listen();
        ev = clock.next(false);
      }
      if (ev === 'wait' || ev === 'end') {
        ended = ev === 'end';
        break;
      }
      const { s, i, point, time } = ev;
      const arrived = o.onTick ? process.hrtime.bigint() : 0n;
      const ordersBefore = engine.flow.counters.orders;
      view.advance(time);
      integrity.onBar(s, time);
      if (o.broker?.onBar) o.broker.onBar(feedBarOf(data.symbols[s], data.bars[s], i));
      // Fills reported before this bar's step are stamped with its point, as the kernel stamps its own.
      engine.flow.point = point;
      if (!live) inputs.replay(e);
      else if (Date.now() - lastPoll >= 20) listen();
      else route?.drain();
      engine.step(s, i, point);
      if (o.onTick) o.onTick(e, Number(process.hrtime.bigint() - arrived), engine.flow.counters.orders - ordersBefore);
      points.ensure(point);
      engine.record(point, points.data[0], points.data[1]);
      view.markEquity();
      if (trades.length > tradesSeen) {
        for (; tradesSeen < trades.length; tradesSeen++) breaker.recordTrade(cfg.strategy, trades.pnlAt(tradesSeen), time);
        view.pausedUntil = breaker.pausedUntil();
      }
      trading.heartbeat(o.session, e + 1, time);
      o.onProgress?.(e + 1, clock.total);
      // What arrives from now until the next bar is applied before that bar: a re-run applies it at the start of tick e + 1.
      journal.tick = e + 1;
      if (journal.catchingUp) continue;
      if (inputs.waiting()) {
        while (inputs.waiting() && !o.stop.aborted) {
          await sleep(50);
          listen();
        }
        clock.resetPace();
      }
      if ((e & 255) === 255) {
        trading.checkpoint();
        await yieldToEvents();
      } else if (route && (e & 15) === 15) {
        // A fast replay routed to a broker lets its answers in often, so they are applied a few at a time rather than hundreds on one bar.
        await yieldToEvents();
      }
    }
    const finished = ended && !o.stop.aborted;
    if (route && live) {
      // The broker's answers to what was sent last belong to this run; at the end of a replay it gets a grace period to fill them.
      await route.idle();
      const until = Date.now() + (finished ? (o.brokerGraceMs ?? 5_000) : 0);
      while (route.drain() >= 0 && route.openOrders() > 0 && Date.now() < until) await sleep(20);
      repairs.push(...(await route.positionDifferences()));
    } else repairs = reconcile(journal, engine);
    if (journal.differences.length > 0 || repairs.length > 0) {
      journal.write([{ kind: 'reconcile', orderId: null, actor: 'runner', data: { differences: journal.differences, repairs } }]);
    }
    journal.write([{ kind: finished ? 'finish' : 'stop', orderId: null, actor: 'runner', data: { ticks: e } }]);
    let run: BacktestRun | null = null;
    // A replay that ends is a run like a backtest; a live feed that ends is just the end of the session.
    if (finished && !liveParts) {
      const times = clock.pointTimes();
      const result = engine.result(times, points.data[0].slice(0, times.length), points.data[1].slice(0, times.length));
      run = summariseRun('paper', cfg, data, features, deps, result, noProgress, startedAt, { session: o.session });
      await store.saveRun(run.record);
      status = 'finished';
    }
    return { session: o.session, finished, resumed: !created, ticks: e, totalTicks: clock.total, book: journal.book, engine, differences: journal.differences, repairs, problems: route?.problems ?? [], run };
  } finally {
    route?.close();
    await sessionClock?.close?.();
    trading.releaseSession(o.session, status);
    trading.deferCheckpoints(false);
    trading.checkpoint();
  }
}

function feedBarOf(symbol: string, b: BarColumns, i: number): FeedBar {
  return { symbol, time: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] };
}

function checkIdentity(session: string, stored: SessionIdentity, given: SessionIdentity): void {
  const a = JSON.stringify(stored);
  const b = JSON.stringify(given);
  if (a === b) return;
  const fields = (['config', 'approval', 'feed', 'broker'] as const).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(given[k]));
  const configFields = Object.keys(given.config).filter((k) => JSON.stringify((stored.config as Record<string, unknown>)[k]) !== JSON.stringify((given.config as Record<string, unknown>)[k]));
  throw new SextantError('SESSION_CONFIG_MISMATCH', `session '${session}' was started with other settings (${[...fields.filter((f) => f !== 'config'), ...configFields].join(', ')}); resume it with the same ones or use a new --session name`, { session, fields: configFields });
}
