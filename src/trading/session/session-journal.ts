import type { JournalEntry, JournalEvent, TradingStore } from '../../store/trading-store.js';
import { JournalBook } from '../oms/journal-book.js';

/** A way the re-run of a session disagreed with its journal (reported and recorded, never silent). */
export interface Difference {
  orderId: string | null;
  tick: number;
  journal: string;
  rerun: string;
}

const describe = (kind: string, data: Record<string, unknown>): string => `${kind} ${JSON.stringify(data)}`;

/**
 * A session's journal as the runner writes it. Every event goes to the store before the runner
 * acts on it, and into the book of record. After a restart the kernel re-runs the session from
 * its first bar: the events it produces again are matched, order by order, against those
 * already journaled (and not written twice), things that came from outside (commands, control
 * changes) are applied again at the tick they were first applied at, and anything that does not
 * match is a difference to report.
 */
export class SessionJournal {
  readonly book: JournalBook;
  tick = 0;
  readonly differences: Difference[] = [];
  /** Journaled events of each order after its creation, not yet met again by the re-run. */
  private readonly prior = new Map<string, JournalEvent[]>();
  private readonly created = new Set<string>();
  /** Journaled events that applied outside input, by tick. */
  private readonly inputs = new Map<number, JournalEvent[]>();
  /** The last tick the journal knew before this run. */
  readonly priorTick: number;

  constructor(
    private readonly store: TradingStore,
    readonly session: string,
  ) {
    const events = store.journal(session);
    this.book = new JournalBook(events);
    // The cursor counts the bars done, so the last tick run is one less; a journal with nothing but its start has run no tick.
    let lastTick = -1;
    for (const e of events) if (e.kind !== 'session' && e.tick > lastTick) lastTick = e.tick;
    this.priorTick = Math.max(lastTick, (store.getSession(session)?.cursorTick ?? 0) - 1);
    for (const e of events) {
      if (e.orderId !== null && e.kind === 'order') this.created.add(e.orderId);
      else if (e.orderId !== null && (e.kind === 'state' || e.kind === 'fill' || e.kind === 'carry')) {
        const list = this.prior.get(e.orderId);
        if (list) list.push(e);
        else this.prior.set(e.orderId, [e]);
      }
      if ((e.data as { input?: string }).input !== undefined || e.kind === 'control') {
        const list = this.inputs.get(e.tick);
        if (list) list.push(e);
        else this.inputs.set(e.tick, [e]);
      }
    }
  }

  /** Whether the re-run is still inside what the journal already holds. */
  get catchingUp(): boolean {
    return this.tick <= this.priorTick;
  }

  wasCreated(orderId: string): boolean {
    return this.created.has(orderId);
  }

  /** Outside inputs journaled at a tick, in journal order (for the re-run to apply again). */
  inputsAt(tick: number): readonly JournalEvent[] {
    return this.inputs.get(tick) ?? [];
  }

  /** The next journaled event of an order, if the re-run has not met it yet. */
  peek(orderId: string): JournalEvent | undefined {
    return this.prior.get(orderId)?.[0];
  }

  /**
   * Records events, or, when the journal already holds the same ones for the order (a re-run),
   * consumes them instead of writing them again. Events without an order are always written.
   */
  write(entries: readonly Omit<JournalEntry, 'tick'>[]): void {
    const fresh: JournalEntry[] = [];
    for (const entry of entries) {
      const e = { ...entry, tick: this.tick };
      if (e.orderId !== null && this.matchPrior(e)) continue;
      fresh.push(e);
    }
    if (fresh.length === 0) return;
    const first = this.store.append(this.session, fresh);
    const at = Date.now();
    fresh.forEach((e, k) => this.book.apply({ ...e, session: this.session, seq: first + k, at }));
  }

  private matchPrior(e: JournalEntry): boolean {
    const id = e.orderId!;
    if (e.kind === 'order') return this.created.has(id);
    const list = this.prior.get(id);
    if (!list || list.length === 0) return false;
    const j = list[0];
    if (j.kind !== e.kind || !sameEvent(j.data, e.data)) {
      this.differences.push({ orderId: id, tick: this.tick, journal: describe(j.kind, j.data), rerun: describe(e.kind, e.data) });
    }
    list.shift();
    return true;
  }
}

/** Same outcome: the same state reached, or the same fill (quantities and prices to 1e-9). */
function sameEvent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if ('to' in a || 'to' in b) return a.to === b.to;
  for (const k of ['qty', 'price', 'fee', 'remaining']) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) return false;
  }
  return true;
}
