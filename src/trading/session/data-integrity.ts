import { SextantError } from '../../core/errors.js';
import { DAY_MS, type Interval, intervalMs } from '../../core/interval.js';
import type { AssetClass } from '../../core/instrument.js';

export interface DataHold {
  code: 'DATA_GAP' | 'DATA_STALE';
  message: string;
}

/** Live feeds only (a replay is never stale): how old the latest bar may get, and the wall clock. */
export interface Staleness {
  staleAfterMs: number;
  now: () => number;
}

/** Two intervals and a minute: one bar may be late or missing, and a feed takes a few seconds to deliver. */
export function defaultStaleAfterMs(interval: Interval): number {
  return 2 * intervalMs(interval) + 60_000;
}

/** An age as a person reads it: seconds, minutes, hours or days. */
function ageText(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

/**
 * The longest spacing between two consecutive bars that is still normal: one step for markets
 * that never close; for the others, daily bars may skip a long weekend (4 days), weekly and
 * monthly bars a holiday, and intraday bars the night and weekend (only a spacing inside one
 * trading day counts as a gap there).
 */
function allowedSpacing(iv: Interval, assetClass: AssetClass): { ms: number; sameDayOnly: boolean } {
  const step = intervalMs(iv);
  const closes = assetClass !== 'crypto';
  if (iv === '1mo') return { ms: 35 * DAY_MS, sameDayOnly: false };
  if (iv === '1w') return { ms: (closes ? 10 : 7.5) * DAY_MS, sameDayOnly: false };
  if (iv === '1d') return { ms: closes ? 4.5 * DAY_MS : 1.5 * DAY_MS, sameDayOnly: false };
  return { ms: 1.5 * step, sameDayOnly: closes };
}

/**
 * The data-integrity hold: no new orders on a symbol whose latest bar follows a gap in the
 * sequence. A gap holds the bar that ends it (the first decision made after missing data).
 * With `stale` (live feeds), a symbol whose latest bar closed more than `staleAfterMs` ago by
 * the wall clock, or that has no bar yet, is held too, until a fresh bar arrives; a gap is
 * reported first.
 */
export class IntegrityWatch {
  private readonly last: Float64Array;
  private readonly hold: (DataHold | null)[];
  private readonly allowed: { ms: number; sameDayOnly: boolean }[];

  constructor(
    private readonly symbols: readonly string[],
    private readonly interval: Interval,
    assetClasses: readonly AssetClass[],
    private readonly tradingDay: ((time: number) => number)[],
    private readonly stale: Staleness | null = null,
  ) {
    if (stale && !(stale.staleAfterMs > 0 && stale.staleAfterMs < Infinity)) {
      throw new SextantError('OPTION_INVALID', `staleAfterMs is ${stale.staleAfterMs}, expected a finite number of milliseconds > 0`, { staleAfterMs: stale.staleAfterMs });
    }
    this.last = new Float64Array(symbols.length).fill(NaN);
    this.hold = symbols.map(() => null);
    this.allowed = assetClasses.map((a) => allowedSpacing(interval, a));
  }

  /** A new bar of symbol `s` closed at `time`. */
  onBar(s: number, time: number): void {
    const prev = this.last[s];
    this.last[s] = time;
    const a = this.allowed[s];
    const spacing = time - prev;
    const gap = !Number.isNaN(prev) && spacing > a.ms && (!a.sameDayOnly || this.tradingDay[s](prev) === this.tradingDay[s](time));
    this.hold[s] = gap ? { code: 'DATA_GAP', message: `${this.symbols[s]}: bars missing between ${new Date(prev).toISOString()} and ${new Date(time).toISOString()} (${(spacing / intervalMs(this.interval)).toFixed(1)} × ${this.interval}); no new orders on the bar after a gap` } : null;
  }

  holdOf(s: number): DataHold | null {
    const gap = this.hold[s];
    if (gap || !this.stale) return gap;
    const last = this.last[s];
    const limit = this.stale.staleAfterMs;
    const age = this.stale.now() - last;
    if (age <= limit) return null;
    const symbol = this.symbols[s];
    const message = Number.isNaN(last)
      ? `${symbol}: no bar has arrived from the live feed yet; no new orders until one does`
      : `${symbol}: the latest bar closed at ${new Date(last).toISOString()}, ${ageText(age)} ago (more than ${ageText(limit)}); no new orders until a fresh bar arrives`;
    return { code: 'DATA_STALE', message };
  }
}
