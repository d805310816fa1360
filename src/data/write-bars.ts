import type { BarSeries } from '../core/bar-series.js';
import { SextantError, isSextantError } from '../core/errors.js';
import { type AssetClass, type Instrument, defaultInstrument } from '../core/instrument.js';
import { barLabel } from '../core/time.js';
import type { TimeZone } from '../core/timezone.js';
import type { IngestionRecord, Store } from '../store/store.js';
import { type BarConflict, type MergeResult, mergeBars } from './merge.js';
import { checkSpacing, findGaps } from './spacing.js';

export type WriteOutcome = 'created' | 'appended' | 'overwritten' | 'unchanged';

export interface WriteBarsOptions {
  /** The asset class the caller asked for; a new symbol without one is an equity. */
  assetClass?: AssetClass;
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
  /** Stored bars whose unknown adjusted close the new data filled in. */
  filled: number;
  conflicts: BarConflict[];
  rowsStored: number;
  gaps: number;
}

/** How often a write is retried when another writer changed the series meanwhile. */
const ATTEMPTS = 5;

function describeConflict(c: BarConflict, bars: BarSeries): string {
  const s = c.stored;
  const f = c.incoming;
  const adj = s.adjClose !== undefined || f.adjClose !== undefined ? [` A=${s.adjClose ?? '-'}`, ` A=${f.adjClose ?? '-'}`] : ['', ''];
  return `  ${barLabel(c.time, bars.interval)}: stored O=${s.open} H=${s.high} L=${s.low} C=${s.close} V=${s.volume}${adj[0]}, new O=${f.open} H=${f.high} L=${f.low} C=${f.close} V=${f.volume}${adj[1]}`;
}

async function instrumentFor(store: Store, symbol: string, asked: AssetClass | undefined): Promise<Instrument> {
  const stored = await store.getAsset(symbol);
  if (!stored) return defaultInstrument(symbol, asked ?? 'equity');
  if (asked && asked !== stored.assetClass) {
    throw new SextantError('ASSET_CLASS_CONFLICT', `${symbol} is stored as ${stored.assetClass}, not ${asked}; leave out --asset-class, or use another symbol`, {
      symbol,
      stored: stored.assetClass,
      asked,
    });
  }
  return stored;
}

/**
 * Merges bars into the stored series of their symbol and interval, atomically. Identical bars
 * change nothing and write nothing; bars that contradict stored ones are refused unless
 * `overwrite`, and an overwrite is audit-logged and keeps every replaced bar's old values in
 * the revision log. If another writer changes the series between the read and the write, the
 * merge is redone on what it wrote.
 */
export async function writeBars(store: Store, bars: BarSeries, opts: WriteBarsOptions): Promise<WriteBarsResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeOnce(store, bars, opts);
    } catch (e) {
      if (!isSextantError(e) || e.code !== 'STORE_CONCURRENT_WRITE' || attempt === ATTEMPTS) throw e;
    }
  }
}

async function writeOnce(store: Store, bars: BarSeries, opts: WriteBarsOptions): Promise<WriteBarsResult> {
  const { symbol, interval } = bars;
  const instrument = await instrumentFor(store, symbol, opts.assetClass);
  const info = await store.getSeries(symbol, interval);
  const stored = info ? await store.loadBars(symbol, interval) : null;
  const merge: MergeResult = stored
    ? mergeBars(stored, bars)
    : { merged: bars, added: bars.length, unchanged: 0, changed: 0, filled: 0, conflicts: [], replaced: bars.slice(0, 0) };

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

  const outcome: WriteOutcome = !stored ? 'created' : merge.changed > 0 ? 'overwritten' : merge.added + merge.filled > 0 ? 'appended' : 'unchanged';
  const gaps = findGaps(merge.merged.time, interval, instrument.assetClass, opts.timezone).count;
  if (outcome !== 'unchanged') {
    await store.saveSeries({
      instrument,
      bars: merge.merged,
      gaps,
      expectedVersion: info ? info.version : null,
      ingestion: opts.ingestion && { ...opts.ingestion, rowsAdded: merge.added, rowsChanged: merge.changed },
      replaced: merge.replaced,
      audit: {
        actor: opts.actor ?? 'cli',
        action: outcome === 'overwritten' ? 'bars.overwrite' : 'bars.write',
        subject: `${symbol}/${interval}`,
        details: {
          source: opts.source,
          ...opts.details,
          added: merge.added,
          changed: merge.changed,
          filled: merge.filled,
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
    filled: merge.filled,
    conflicts: merge.conflicts,
    rowsStored: merge.merged.length,
    gaps,
  };
}
