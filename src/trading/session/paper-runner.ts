import { setImmediate as yieldToEvents, setTimeout as sleep } from 'node:timers/promises';
import { SextantError } from '../../core/errors.js';
import { type BacktestRun, loadRunInputs, parseBacktestConfig, summariseRun } from '../../backtest/run-backtest.js';
import type { BacktestConfig, BacktestConfigInput } from '../../backtest/config.js';
import { createEngine } from '../../backtest/simulate.js';
import { noProgress } from '../../core/progress.js';
import type { Engine } from '../../engine/engine.js';
import type { EngineEvent } from '../../engine/events.js';
import { mergeTimeline } from '../../engine/timeline.js';
import type { Store } from '../../store/store.js';
import type { JournalBook } from '../oms/journal-book.js';
import { CircuitBreaker } from '../risk/circuit-breaker.js';
import { parseRiskConfig } from '../risk/config.js';
import { isAlive } from './commands.js';
import { IntegrityWatch } from './data-integrity.js';
import { reconcile, type Repair } from './reconcile.js';
import { RiskView } from './risk-view.js';
import { SessionGate } from './session-gate.js';
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
  onProgress?: (done: number, total: number) => void;
  /** Tick-to-trade timing: nanoseconds from a bar's arrival to the end of its step (features, strategy, risk, OMS and journal), and the orders it placed. */
  onTick?: (tick: number, nanos: number, orders: number) => void;
}

/** What defines a session: resuming it with anything else is refused. */
interface SessionIdentity {
  config: BacktestConfig;
  approval: boolean;
  feed: 'replay';
  broker: 'paper';
}

export interface PaperOutcome {
  session: string;
  /** The replay reached the end of the data (otherwise it was stopped). */
  finished: boolean;
  resumed: boolean;
  ticks: number;
  totalTicks: number;
  book: JournalBook;
  engine: Engine;
  /** Where the re-run after a restart disagreed with the journal. */
  differences: Difference[];
  /** What reconciling the journal's positions and cash with the broker's repaired. */
  repairs: Repair[];
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
  const identity: SessionIdentity = { config: cfg, approval: o.approval, feed: 'replay', broker: 'paper' };
  const { created } = trading.claimSession(o.session, 'paper', identity as unknown as Record<string, unknown>, process.pid, isAlive);
  let status: 'stopped' | 'finished' = 'stopped';
  trading.deferCheckpoints(true);
  try {
    if (created) trading.append(o.session, [{ kind: 'session', tick: 0, orderId: null, actor: 'runner', data: { cash: cfg.cash, identity } }]);
    else checkIdentity(o.session, trading.getSession(o.session)!.config as unknown as SessionIdentity, identity);

    const { def, interval, data, ppy, features, deps } = await loadRunInputs(store, cfg);
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
    const integrity = new IntegrityWatch(data.symbols, interval, assetClasses, days);
    let gate: SessionGate | null = null;
    const view = new RiskView(engine, assetClasses, (ord) => gate!.riskOrderOf(ord), days[0]);
    gate = new SessionGate(engine, journal, view, limits, { session: o.session, strategy: cfg.strategy, approvalRequired: o.approval, approvalTtlSec: o.approvalTtlSec, dataHold: (s) => integrity.holdOf(s) });
    engine.flow.gate = gate;
    const inputs = new SessionInputs(trading, engine, gate, journal, cfg.strategy);
    const breaker = new CircuitBreaker(limits.circuitBreaker);

    const tl = mergeTimeline(data.bars);
    const equity = new Float64Array(tl.times.length);
    const exposure = new Float64Array(tl.times.length);
    const trades = engine.ledger.closedTrades;
    let tradesSeen = 0;
    let lastPoll = 0;
    let paced: { wall: number; time: number } | null = null;
    let e = 0;
    for (; e < tl.events && !o.stop.aborted; e++) {
      const s = tl.symbol === null ? 0 : tl.symbol[e];
      const i = tl.bar === null ? e : tl.bar[e];
      const p = tl.point === null ? e : tl.point[e];
      const time = data.bars[s].time[i];
      const arrived = o.onTick ? process.hrtime.bigint() : 0n;
      const ordersBefore = engine.flow.counters.orders;
      journal.tick = e;
      view.advance(time);
      integrity.onBar(s, time);
      const live = !journal.catchingUp;
      if (!live) inputs.replay(e);
      else if (Date.now() - lastPoll >= 20) {
        inputs.poll();
        lastPoll = Date.now();
      }
      engine.step(s, i, p);
      if (o.onTick) o.onTick(e, Number(process.hrtime.bigint() - arrived), engine.flow.counters.orders - ordersBefore);
      if (tl.point === null || e + 1 === tl.events || tl.point[e + 1] !== p) engine.record(p, equity, exposure);
      view.markEquity();
      if (trades.length > tradesSeen) {
        for (; tradesSeen < trades.length; tradesSeen++) breaker.recordTrade(cfg.strategy, trades.pnlAt(tradesSeen), time);
        view.pausedUntil = breaker.pausedUntil();
      }
      trading.heartbeat(o.session, e + 1, time);
      o.onProgress?.(e + 1, tl.events);
      // What arrives from now until the next bar is applied before that bar: a re-run applies it at the start of tick e + 1.
      journal.tick = e + 1;
      if (journal.catchingUp) continue;
      if (inputs.waiting()) {
        while (inputs.waiting() && !o.stop.aborted) {
          await sleep(50);
          inputs.poll();
        }
        // The replay clock starts again from here: it does not race to make up for the wait.
        paced = null;
      }
      if ((e & 255) === 255) trading.checkpoint();
      if (o.speed !== 'max' && e + 1 < tl.events) {
        paced ??= { wall: Date.now(), time };
        const next = tl.times[tl.point === null ? e + 1 : tl.point[e + 1]];
        const wait = paced.wall + (next - paced.time) / o.speed - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal: o.stop }).catch(() => undefined);
      } else if ((e & 255) === 255) await yieldToEvents();
    }
    const finished = e === tl.events;
    const repairs = reconcile(journal, engine);
    if (journal.differences.length > 0 || repairs.length > 0) {
      journal.write([{ kind: 'reconcile', orderId: null, actor: 'runner', data: { differences: journal.differences, repairs } }]);
    }
    journal.write([{ kind: finished ? 'finish' : 'stop', orderId: null, actor: 'runner', data: { ticks: e } }]);
    let run: BacktestRun | null = null;
    if (finished) {
      const result = engine.result(tl.times, equity, exposure);
      run = summariseRun('paper', cfg, data, features, deps, result, noProgress, startedAt, { session: o.session });
      await store.saveRun(run.record);
      status = 'finished';
    }
    return { session: o.session, finished, resumed: !created, ticks: e, totalTicks: tl.events, book: journal.book, engine, differences: journal.differences, repairs, run };
  } finally {
    trading.releaseSession(o.session, status);
    trading.deferCheckpoints(false);
    trading.checkpoint();
  }
}

function checkIdentity(session: string, stored: SessionIdentity, given: SessionIdentity): void {
  const a = JSON.stringify(stored);
  const b = JSON.stringify(given);
  if (a === b) return;
  const fields = (['config', 'approval', 'feed', 'broker'] as const).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(given[k]));
  const configFields = Object.keys(given.config).filter((k) => JSON.stringify((stored.config as Record<string, unknown>)[k]) !== JSON.stringify((given.config as Record<string, unknown>)[k]));
  throw new SextantError('SESSION_CONFIG_MISMATCH', `session '${session}' was started with other settings (${[...fields.filter((f) => f !== 'config'), ...configFields].join(', ')}); resume it with the same ones or use a new --session name`, { session, fields: configFields });
}
