import { DAY_MS, type Interval, intervalMs } from '../../core/interval.js';
import type { AssetClass } from '../../core/instrument.js';

export interface DataHold {
  code: 'DATA_GAP';
  message: string;
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
 * (A replay is never stale; the staleness hold belongs with live feeds.)
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
  ) {
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
    return this.hold[s];
  }
}
