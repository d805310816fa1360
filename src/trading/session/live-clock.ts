import { Columns } from '../../engine/growable.js';
import type { JournalEvent } from '../../store/trading-store.js';
import type { Feed, FeedBar } from '../feeds/feed.js';
import type { LiveMarket } from './live-market.js';
import type { BarEvent, SessionClock } from './session-clock.js';
import type { SessionJournal } from './session-journal.js';

/** A bar as the journal keeps it (kind `bar`): what arrived, and whether it only warmed features up. */
export interface JournaledBar extends FeedBar {
  warm: boolean;
}

export interface LiveClockOptions {
  market: LiveMarket;
  /** Opens the feed with the bars closing after an instant (a restart asks for what it does not hold yet). */
  feed: (after: number) => Feed;
  journal: SessionJournal;
  /** Bars closing before this instant arrived as history: they warm features up and are not traded. */
  sessionStart: number;
  /** Bars the journal holds from earlier runs, in arrival order. */
  journaled: readonly JournaledBar[];
  /** A bar arrived (warm ones included), for the data-integrity watch. */
  onArrival: (s: number, time: number) => void;
  /** How long bars of one close time wait for the other symbols' bars of that time. Default 2 s. */
  groupWaitMs?: number;
}

/** The journaled bars of a session, in order. */
export function journaledBars(events: readonly JournalEvent[]): JournaledBar[] {
  return events.filter((e) => e.kind === 'bar').map((e) => e.data as unknown as JournaledBar);
}

/**
 * The bars of a live session: what the feed delivers, appended to the live market a close time
 * at a time (so cross-asset features see every symbol's bar of that close) and given to the
 * kernel in symbol order. Every bar is journaled before the kernel sees it, so a restart first
 * re-runs the journaled bars, then goes on with the feed, dropping what it already has.
 */
export class LiveClock implements SessionClock {
  readonly total = null;
  private readonly market: LiveMarket;
  private readonly journal: SessionJournal;
  /** Bars appended and waiting for their step: the journaled ones first (a re-run), then fresh ones. */
  private readonly due: { s: number; i: number; time: number; fresh: boolean }[] = [];
  private readonly arrived: FeedBar[] = [];
  private firstArrival = 0;
  private readonly points = new Columns(1);
  private pointCount = 0;
  private lastPointTime = -Infinity;
  private readonly event: BarEvent = { s: 0, i: 0, point: 0, time: 0 };
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private readonly feed: Feed;

  constructor(private readonly o: LiveClockOptions) {
    this.market = o.market;
    this.journal = o.journal;
    const bars = o.journaled;
    for (let k = 0; k < bars.length; ) {
      let j = k;
      while (j < bars.length && bars[j].time === bars[k].time) j++;
      this.take(bars.slice(k, j), false);
      k = j;
    }
    this.feed = o.feed(Math.min(...this.lastTimes()));
    void this.pump();
  }

  close(): Promise<void> {
    return this.feed.close();
  }

  next(_catchingUp: boolean): BarEvent | 'wait' | 'end' {
    if (this.failure) throw this.failure;
    if (this.due.length === 0) this.group();
    const d = this.due.shift();
    if (!d) return this.ended && this.arrived.length === 0 ? 'end' : 'wait';
    if (d.fresh) {
      const b = this.market.data.bars[d.s];
      const bar: JournaledBar = { symbol: this.market.data.symbols[d.s], time: d.time, open: b.open[d.i], high: b.high[d.i], low: b.low[d.i], close: b.close[d.i], volume: b.volume[d.i], warm: false };
      this.journal.write([{ kind: 'bar', orderId: null, actor: 'feed', data: bar as unknown as Record<string, unknown> }]);
    }
    if (d.time > this.lastPointTime) {
      this.points.ensure(this.pointCount);
      this.points.data[0][this.pointCount++] = d.time;
      this.lastPointTime = d.time;
    }
    const ev = this.event;
    ev.s = d.s;
    ev.i = d.i;
    ev.time = d.time;
    ev.point = this.pointCount - 1;
    return ev;
  }

  wait(ms: number, stop: AbortSignal): Promise<void> {
    if (this.arrived.length > 0 || this.ended || stop.aborted) return new Promise((r) => setTimeout(r, Math.min(ms, 5)));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      stop.addEventListener('abort', done);
      this.wake = done;
    });
  }

  resetPace(): void {}

  pointTimes(): Float64Array {
    return this.points.data[0].subarray(0, this.pointCount);
  }

  /** The latest close time held for each symbol, so a feed restarted from the earliest of them delivers nothing twice. */
  lastTimes(): number[] {
    return this.market.data.symbols.map((_, s) => this.market.lastTime(s));
  }

  private async pump(): Promise<void> {
    try {
      for await (const bar of this.feed.bars()) {
        if (this.arrived.length === 0) this.firstArrival = Date.now();
        this.arrived.push(bar);
        this.wake?.();
      }
    } catch (e) {
      this.failure = e as Error;
    }
    this.ended = true;
    this.wake?.();
  }

  /** Appends the bars of the earliest close time that has arrived, once it is complete (every symbol, a later bar, the wait over, or the feed ended). */
  private group(): void {
    while (this.due.length === 0 && this.arrived.length > 0) {
      let first = Infinity;
      for (const b of this.arrived) if (b.time < first) first = b.time;
      const group = this.arrived.filter((b) => b.time === first);
      const complete = new Set(group.map((b) => b.symbol)).size === this.market.data.symbols.length || this.arrived.some((b) => b.time > first) || this.ended || Date.now() - this.firstArrival >= (this.o.groupWaitMs ?? 2_000);
      if (!complete) return;
      this.arrived.splice(0, this.arrived.length, ...this.arrived.filter((b) => b.time !== first));
      this.firstArrival = Date.now();
      const known = this.lastTimes();
      const seen = new Set<string>();
      const fresh = group.filter((b) => {
        const s = this.market.data.symbols.indexOf(b.symbol);
        if (s < 0 || b.time <= known[s] || seen.has(b.symbol)) return false;
        seen.add(b.symbol);
        return true;
      });
      fresh.sort((a, b) => this.market.data.symbols.indexOf(a.symbol) - this.market.data.symbols.indexOf(b.symbol));
      if (fresh.length > 0) this.take(fresh, true);
    }
  }

  /** Appends one close time's bars: warm-up ones are journaled at once and never stepped; the others wait for their step. */
  private take(bars: readonly FeedBar[], fresh: boolean): void {
    const places = this.market.appendAll(bars);
    const warm = bars[0].time < this.o.sessionStart;
    places.forEach(({ s, i }, k) => {
      if (!warm) this.due.push({ s, i, time: bars[k].time, fresh });
      else this.o.onArrival(s, bars[k].time);
    });
    if (warm && fresh) this.journal.write(bars.map((b) => ({ kind: 'bar', orderId: null, actor: 'feed', data: { ...b, warm: true } as unknown as Record<string, unknown> })));
  }
}
