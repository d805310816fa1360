import { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { type Interval, addIntervals, isCalendarInterval, periodEnd } from '../core/interval.js';
import type { ProgressFn } from '../core/progress.js';
import { TimeZone } from '../core/timezone.js';
import type { ColumnMap } from './columns.js';
import { ProblemLog } from './problems.js';
import type { Table } from './read-table.js';
import { TIMESTAMP_FORMATS, type TimestampFormat, detectTimestampFormat, parseTimestamp } from './timestamp.js';

/** Whether a source timestamp marks the bar's open (most vendors) or its close. */
export type StampConvention = 'open' | 'close';

export interface RowValidationOptions {
  symbol: string;
  interval: Interval;
  timezone: TimeZone;
  stamp: StampConvention;
  /** Keep every problem, not only the first 20 (a repair reports each dropped row). */
  keepAllProblems?: boolean;
  progress?: ProgressFn;
}

export interface RowValidationResult {
  /** The rows that passed every check, as bars stamped at their close. */
  bars: BarSeries;
  /** File line number of each kept bar. */
  lines: Int32Array;
  format: TimestampFormat;
  problems: ProblemLog;
  /** File rows with at least one problem (what `--repair` drops). */
  badRows: number;
}

const UTC = new TimeZone('UTC');
const NAN_TEXT = /^\s*[+-]?(nan|inf|infinity)\s*$/i;

/**
 * Parses and checks every row: numbers, timestamps, OHLC consistency, order and duplicates.
 * Rows with problems are logged and left out of `bars`; the caller decides whether that is a
 * rejection or a repair.
 */
export function validateRows(table: Table, cols: ColumnMap, opts: RowValidationOptions): RowValidationResult {
  const { rows, header, lines } = table;
  const n = rows.length;
  const problems = new ProblemLog(opts.keepAllProblems ? Infinity : ProblemLog.SHOWN);
  const keptLines = new Int32Array(n);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  const adj = cols.adjClose >= 0 ? new Float64Array(n) : null;
  const fieldCount = header.length;
  const timeName = cols.time.map((i) => header[i]).join('+');
  const numeric = [cols.open, cols.high, cols.low, cols.close, cols.volume, cols.adjClose];
  const values = new Float64Array(6);

  const firstStamp = timeText(rows[0], cols);
  const format = detectTimestampFormat(firstStamp);
  if (format === null) {
    throw new SextantError('DATA_BAD_TIMESTAMP', `${table.file}: row ${lines[0]}, column ${timeName}, value '${firstStamp}': not a timestamp; expected one of: ${Object.values(TIMESTAMP_FORMATS).join('; ')}`, {
      file: table.file,
      row: lines[0],
      column: timeName,
      value: firstStamp,
    });
  }
  // A date names a calendar day, whatever the zone: the bar closes at 00:00 UTC after it.
  const tz = format === 'date' ? UTC : opts.timezone;

  let kept = 0;
  let badRows = 0;
  let lastKept = -Infinity;
  for (let r = 0; r < n; r++) {
    if ((r & 0xffff) === 0 && opts.progress) opts.progress('validate', r, n);
    const row = rows[r];
    const line = lines[r];
    const before = problems.total;
    if (row.length !== fieldCount) {
      problems.add({ code: 'CSV_FIELD_COUNT', row: line, column: '*', value: row.join(table.format === 'csv' ? ',' : ' ').slice(0, 60), expected: `${fieldCount} fields like the header, found ${row.length}` });
      badRows++;
      continue;
    }

    for (let k = 0; k < 6; k++) {
      const c = numeric[k];
      if (c < 0) continue;
      const text = row[c];
      const v = Number(text);
      values[k] = v;
      if (v === 0 && text.trim() === '') {
        if (k === 5) values[k] = NaN; // an empty adjusted close is unknown, not wrong
        else problems.add({ code: 'DATA_EMPTY_VALUE', row: line, column: header[c], value: text, expected: 'a number' });
      } else if (v !== v || v === Infinity || v === -Infinity) {
        const nanLike = NAN_TEXT.test(text);
        problems.add({ code: nanLike ? 'DATA_NAN' : 'DATA_NOT_NUMERIC', row: line, column: header[c], value: text, expected: 'a finite number' });
      } else if (v !== parseFloat(text)) {
        problems.add({ code: 'DATA_NOT_NUMERIC', row: line, column: header[c], value: text, expected: 'a decimal number' });
      }
    }
    const numbersOk = problems.total === before;
    if (numbersOk) {
      const o = values[0], h = values[1], l = values[2], c = values[3], vol = values[4];
      for (let k = 0; k < 4; k++) {
        if (!(values[k] > 0)) problems.add({ code: 'DATA_NON_POSITIVE_PRICE', row: line, column: header[numeric[k]], value: row[numeric[k]], expected: 'a price > 0' });
      }
      if (h < l) problems.add({ code: 'DATA_HIGH_BELOW_LOW', row: line, column: header[cols.high], value: row[cols.high], expected: `high ≥ low = ${row[cols.low]}` });
      if (h < (o > c ? o : c)) problems.add({ code: 'DATA_HIGH_BELOW_OPEN_CLOSE', row: line, column: header[cols.high], value: row[cols.high], expected: `high ≥ max(open, close) = ${o > c ? row[cols.open] : row[cols.close]}` });
      if (l > (o < c ? o : c)) problems.add({ code: 'DATA_LOW_ABOVE_OPEN_CLOSE', row: line, column: header[cols.low], value: row[cols.low], expected: `low ≤ min(open, close) = ${o < c ? row[cols.open] : row[cols.close]}` });
      if (vol < 0) problems.add({ code: 'DATA_NEGATIVE_VOLUME', row: line, column: header[cols.volume], value: row[cols.volume], expected: 'volume ≥ 0' });
    }

    const stampText = cols.time.length === 1 ? row[cols.time[0]] : timeText(row, cols);
    let t = parseTimestamp(stampText, format, tz);
    if (t !== t) {
      const other = stampText.trim() === '' ? null : detectTimestampFormat(stampText);
      if (stampText.trim() === '') {
        problems.add({ code: 'DATA_EMPTY_VALUE', row: line, column: timeName, value: stampText, expected: `a timestamp (${TIMESTAMP_FORMATS[format]})` });
      } else if (other !== null && other !== format) {
        problems.add({ code: 'DATA_MIXED_TIMESTAMP_FORMATS', row: line, column: timeName, value: stampText, expected: `the file's format ${TIMESTAMP_FORMATS[format]} (found ${TIMESTAMP_FORMATS[other]})` });
      } else {
        problems.add({ code: 'DATA_BAD_TIMESTAMP', row: line, column: timeName, value: stampText, expected: `a real instant in the format ${TIMESTAMP_FORMATS[format]}` });
      }
    } else {
      t = closeTime(t, format, opts);
      if (t === lastKept) {
        problems.add({ code: 'DATA_DUPLICATE_TIMESTAMP', row: line, column: timeName, value: stampText, expected: 'a timestamp no earlier row has' });
      } else if (t < lastKept) {
        problems.add({ code: 'DATA_OUT_OF_ORDER', row: line, column: timeName, value: stampText, expected: 'a timestamp later than the row before' });
      }
    }

    if (problems.total !== before) {
      badRows++;
      continue;
    }
    lastKept = t;
    keptLines[kept] = line;
    time[kept] = t;
    open[kept] = values[0];
    high[kept] = values[1];
    low[kept] = values[2];
    close[kept] = values[3];
    volume[kept] = values[4];
    if (adj) adj[kept] = values[5];
    kept++;
  }

  const bars = new BarSeries(opts.symbol, opts.interval, {
    time: time.slice(0, kept),
    open: open.slice(0, kept),
    high: high.slice(0, kept),
    low: low.slice(0, kept),
    close: close.slice(0, kept),
    volume: volume.slice(0, kept),
    adjClose: adj ? adj.slice(0, kept) : null,
  });
  return { bars, lines: keptLines.slice(0, kept), format, problems, badRows };
}

function timeText(row: string[], cols: ColumnMap): string {
  return cols.time.map((i) => (row[i] ?? '').trim()).join(' ');
}

/** The instant the bar closes, from its stamp in the file. */
function closeTime(stamp: number, format: TimestampFormat, opts: RowValidationOptions): number {
  if (format === 'date' && isCalendarInterval(opts.interval)) return periodEnd(stamp, opts.interval);
  return opts.stamp === 'open' ? addIntervals(stamp, opts.interval, 1) : stamp;
}
