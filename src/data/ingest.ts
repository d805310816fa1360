import { basename } from 'node:path';
import type { BarSeries } from '../core/bar-series.js';
import { type ErrorCode, SextantError } from '../core/errors.js';
import type { AssetClass } from '../core/instrument.js';
import type { ProgressFn } from '../core/progress.js';
import type { Interval } from '../core/interval.js';
import { barLabel } from '../core/time.js';
import type { TimeZone } from '../core/timezone.js';
import type { Store } from '../store/store.js';
import { mapColumns } from './columns.js';
import type { BarConflict } from './merge.js';
import { type Problem, ProblemLog } from './problems.js';
import { type TableFormat, readRows, readTable } from './read-table.js';
import { type Gap, checkSpacing, findGaps } from './spacing.js';
import { type WriteOutcome, writeBars } from './write-bars.js';
import type { TimestampFormat } from './timestamp.js';
import { RowValidator, type StampConvention } from './validate-rows.js';

export interface IngestOptions {
  file: string;
  symbol: string;
  interval: Interval;
  /** Asked for explicitly; a new symbol without one is an equity, a stored one keeps its class. */
  assetClass?: AssetClass;
  timezone: TimeZone;
  stamp: StampConvention;
  delimiter?: string;
  format?: TableFormat;
  /** Drop offending rows (never invent values) instead of rejecting the file. */
  repair?: boolean;
  /** The source has no volume column (FX quotes, indices): volumes are unknown (NaN). */
  noVolume?: boolean;
  /** Replace stored bars that the file contradicts (audit-logged). */
  overwrite?: boolean;
  /** Who asked, for the audit log. */
  actor?: string;
  progress?: ProgressFn;
}

/** A file that passed validation, ready to be merged into the store. */
export interface PreparedIngest {
  options: IngestOptions;
  bars: BarSeries;
  timestampFormat: TimestampFormat;
  rowsRead: number;
  /** Rows dropped by --repair, each with why. */
  dropped: Problem[];
  droppedRows: number;
  ignoredColumns: string[];
  sha256: string;
}

export interface IngestReport {
  file: string;
  symbol: string;
  interval: Interval;
  assetClass: AssetClass;
  outcome: WriteOutcome;
  timestampFormat: TimestampFormat;
  rowsRead: number;
  rowsAdded: number;
  rowsUnchanged: number;
  rowsChanged: number;
  /** Stored bars whose unknown adjusted close the file filled in. */
  rowsFilled: number;
  rowsDropped: number;
  dropped: Problem[];
  ignoredColumns: string[];
  first: string | null;
  last: string | null;
  /** Rows stored for this symbol and interval after the ingest. */
  rowsStored: number;
  warnings: { gaps: number; firstGaps: Gap[] };
  conflicts: BarConflict[];
}

function rejection(file: string, problems: ProblemLog, repairable: boolean): SextantError {
  const first = problems.first[0];
  const kinds = Object.entries(problems.counts)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  const lines = problems.first.slice(0, ProblemLog.SHOWN).map((p) => `  ${ProblemLog.describe(p)}`);
  const more = problems.total > lines.length ? [`  ... and ${problems.total - lines.length} more`] : [];
  const hint = repairable ? 'Nothing was written. Fix the file, or pass --repair to drop the offending rows.' : 'Nothing was written.';
  return new SextantError(first.code as ErrorCode, [`${file}: rejected: ${problems.total} problem${problems.total === 1 ? '' : 's'} (${kinds})`, ...lines, ...more, hint].join('\n'), {
    file,
    row: first.row,
    column: first.column,
    value: first.value,
    expected: first.expected,
    problems: problems.first.slice(0, ProblemLog.SHOWN),
    counts: problems.counts,
    total: problems.total,
  });
}

const JUDGED_LATE = new Set<ErrorCode>(['DATA_DUPLICATE_TIMESTAMP', 'DATA_OUT_OF_ORDER', 'DATA_TOO_CLOSE', 'DATA_INTERVAL_MISMATCH']);

/**
 * Problems about order and spacing are judged after the whole file is read, when the row's
 * text is gone: read those rows again so the report quotes the file.
 */
function quoteTimestamps(problems: ProblemLog, opts: IngestOptions, timeCols: number[]): void {
  const unquoted = problems.first.filter((p) => p.value === '' && JUDGED_LATE.has(p.code));
  if (unquoted.length === 0) return;
  const rows = readRows(opts.file, { delimiter: opts.delimiter, format: opts.format }, new Set(unquoted.map((p) => p.row)));
  for (const p of unquoted) {
    const fields = rows.get(p.row);
    if (fields) p.value = timeCols.map((i) => (fields[i] ?? '').trim()).join(' ');
  }
}

/** 1 where a kept bar came from the row right after the previous kept bar's row. */
function adjacentRows(rows: Int32Array): Uint8Array {
  const adjacent = new Uint8Array(rows.length);
  for (let i = 1; i < rows.length; i++) adjacent[i] = rows[i] - rows[i - 1] === 1 ? 1 : 0;
  return adjacent;
}

/**
 * Reads and validates a file without touching the store. Throws a SextantError naming the
 * first problem (and counting all of them) when the file cannot be stored as it is.
 */
export function prepareIngest(opts: IngestOptions): PreparedIngest {
  let validator: RowValidator | null = null;
  let timeColumn = '';
  let timeCols: number[] = [];
  let ignoredColumns: string[] = [];
  const table = readTable(opts.file, { delimiter: opts.delimiter, format: opts.format }, (header, maxRows) => {
    const cols = mapColumns(header, opts.file, { volumeOptional: opts.noVolume });
    ignoredColumns = cols.ignored;
    timeCols = cols.time;
    timeColumn = cols.time.map((i) => header[i]).join('+');
    validator = new RowValidator(header, cols, { ...opts, keepAllProblems: opts.repair }, maxRows);
    return validator;
  });
  const result = (validator as RowValidator | null)!.finish();
  const { bars, problems } = result;

  // Spacing is a property of the whole file: no repair can make it right.
  const mismatch = checkSpacing(bars.time, opts.interval, problems.total > 0 ? adjacentRows(result.rows) : undefined);
  if (mismatch) {
    // Spacing is the verdict (no repair helps), so it heads the report.
    problems.addFirst({ code: 'DATA_INTERVAL_MISMATCH', row: result.rows[mismatch.index], column: timeColumn, value: '', expected: `bars one ${opts.interval} apart: ${mismatch.message}` });
  }
  quoteTimestamps(problems, opts, timeCols);
  if (mismatch) throw rejection(opts.file, problems, false);
  if (problems.total > 0 && !opts.repair) throw rejection(opts.file, problems, true);
  if (bars.length === 0) {
    throw new SextantError('FILE_NO_ROWS', `${opts.file}: --repair dropped every row; nothing is left to store`, { file: opts.file, dropped: result.badRows });
  }
  return {
    options: opts,
    bars,
    timestampFormat: result.format,
    rowsRead: table.rows,
    dropped: problems.first,
    droppedRows: result.badRows,
    ignoredColumns,
    sha256: table.sha256,
  };
}

function labelOrNull(bars: BarSeries, i: number): string | null {
  return bars.length === 0 ? null : barLabel(bars.time[i], bars.interval);
}

/** Stores a prepared file: see `writeBars` for how it merges with what is stored. */
export async function applyIngest(store: Store, prep: PreparedIngest): Promise<IngestReport> {
  const opts = prep.options;
  const file = basename(opts.file);
  const written = await writeBars(store, prep.bars, {
    assetClass: opts.assetClass,
    timezone: opts.timezone,
    overwrite: opts.overwrite,
    actor: opts.actor,
    source: opts.file,
    details: { file, sha256: prep.sha256, dropped: prep.droppedRows },
    ingestion: { source: file, sha256: prep.sha256, rowsRead: prep.rowsRead, rowsDropped: prep.droppedRows },
  });
  const fileGaps = findGaps(prep.bars.time, opts.interval, written.instrument.assetClass, opts.timezone);
  return {
    file: opts.file,
    symbol: opts.symbol,
    interval: opts.interval,
    assetClass: written.instrument.assetClass,
    outcome: written.outcome,
    timestampFormat: prep.timestampFormat,
    rowsRead: prep.rowsRead,
    rowsAdded: written.added,
    rowsUnchanged: written.unchanged,
    rowsChanged: written.changed,
    rowsFilled: written.filled,
    rowsDropped: prep.droppedRows,
    dropped: prep.dropped,
    ignoredColumns: prep.ignoredColumns,
    first: labelOrNull(prep.bars, 0),
    last: labelOrNull(prep.bars, prep.bars.length - 1),
    rowsStored: written.rowsStored,
    warnings: { gaps: fileGaps.count, firstGaps: fileGaps.first },
    conflicts: written.conflicts,
  };
}
