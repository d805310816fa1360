import type { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { type AssetClass, type Instrument, defaultInstrument } from '../core/instrument.js';
import { barLabel } from '../core/time.js';
import type { TimeZone } from '../core/timezone.js';
import type { IngestionRecord, Store } from '../store/store.js';
import { type BarConflict, mergeBars } from './merge.js';
import { checkSpacing, findGaps } from './spacing.js';

export type WriteOutcome = 'created' | 'appended' | 'overwritten' | 'unchanged';

export interface WriteBarsOptions {
  assetClass: AssetClass;
  /** Zone of the market's local day, for counting intraday gaps. */
  timezone: TimeZone;
  overwrite?: boolean;
  actor?: string;
  /** What produced the bars, for the audit log (a file name, "resample 1m", "synth seed 7"). */
  source: string;
  /** Extra audit details (file hash, rows dropped ...). */
  details?: Record<string, unknown>;
  ingestion?: Omit<IngestionRecord, 'rowsAdded' | 'rowsChanged'>;
}

export interface WriteBarsResult {
  instrument: Instrument;
  outcome: WriteOutcome;
  added: number;
  unchanged: number;
  changed: number;
  conflicts: BarConflict[];
  rowsStored: number;
  gaps: number;
}

function describeConflict(c: BarConflict, bars: BarSeries): string {
  const s = c.stored;
  const f = c.incoming;
  return `  ${barLabel(c.time, bars.interval)}: stored O=${s.open} H=${s.high} L=${s.low} C=${s.close} V=${s.volume}, new O=${f.open} H=${f.high} L=${f.low} C=${f.close} V=${f.volume}`;
}

/**
 * Merges bars into the stored series of their symbol and interval, in one transaction.
 * Identical bars change nothing and write nothing; bars that contradict stored ones are refused
 * unless `overwrite`, and an overwrite is audit-logged with the old and new values.
 */
export async function writeBars(store: Store, bars: BarSeries, opts: WriteBarsOptions): Promise<WriteBarsResult> {
  const { symbol, interval } = bars;
  const instrument = (await store.getAsset(symbol)) ?? defaultInstrument(symbol, opts.assetClass);
  const stored = await store.loadBars(symbol, interval);
  const merge = stored ? mergeBars(stored, bars) : { merged: bars, added: bars.length, unchanged: 0, changed: 0, conflicts: [] };

  if (merge.changed > 0 && !opts.overwrite) {
    throw new SextantError(
      'STORE_CONFLICT',
      [
        `${opts.source}: ${merge.changed} bar${merge.changed === 1 ? '' : 's'} of ${symbol} ${interval} already stored with different values`,
        ...merge.conflicts.map((c) => describeConflict(c, bars)),
        'Nothing was written. Pass --overwrite to replace the stored bars (the change is audit-logged).',
      ].join('\n'),
      { source: opts.source, symbol, interval, changed: merge.changed, first: barLabel(merge.conflicts[0].time, interval), conflicts: merge.conflicts },
    );
  }
  const mismatch = stored ? checkSpacing(merge.merged.time, interval) : null;
  if (mismatch) {
    const at = barLabel(merge.merged.time[mismatch.index], interval);
    throw new SextantError('DATA_INTERVAL_MISMATCH', `${opts.source}: merged with the stored ${symbol} ${interval} bars, ${mismatch.message} (at ${at}). Nothing was written.`, {
      source: opts.source,
      at,
    });
  }

  const outcome: WriteOutcome = !stored ? 'created' : merge.changed > 0 ? 'overwritten' : merge.added > 0 ? 'appended' : 'unchanged';
  const gaps = findGaps(merge.merged.time, interval, instrument.assetClass, opts.timezone).count;
  if (outcome !== 'unchanged') {
    await store.saveSeries({
      instrument,
      bars: merge.merged,
      gaps,
      ingestion: opts.ingestion && { ...opts.ingestion, rowsAdded: merge.added, rowsChanged: merge.changed },
      audit: {
        actor: opts.actor ?? 'cli',
        action: outcome === 'overwritten' ? 'bars.overwrite' : 'bars.write',
        subject: `${symbol}/${interval}`,
        details: {
          source: opts.source,
          ...opts.details,
          added: merge.added,
          changed: merge.changed,
          conflicts: merge.conflicts.map((c) => ({ at: barLabel(c.time, interval), stored: c.stored, incoming: c.incoming })),
        },
      },
    });
  }
  return {
    instrument,
    outcome,
    added: merge.added,
    unchanged: merge.unchanged,
    changed: merge.changed,
    conflicts: merge.conflicts,
    rowsStored: merge.merged.length,
    gaps,
  };
}
