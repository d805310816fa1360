import { BarSeries, copyBar, lowerBound } from '../core/bar-series.js';
import { type Interval, addIntervals, isCalendarInterval, periodEnd } from '../core/interval.js';
import type { ProgressFn } from '../core/progress.js';
import { TimeZone } from '../core/timezone.js';
import type { ColumnMap } from './columns.js';
import { parsePlainDecimal } from './decimal.js';
import { longestIncreasing, tooClose } from './order.js';
import { type Problem, ProblemLog } from './problems.js';
import { minSpacing } from './spacing.js';
import type { RowHandler } from './read-table.js';
import { TIMESTAMP_FORMATS, type TimestampFormat, detectTimestampFormat, isDateOnly, isZoned, parseTimestamp } from './timestamp.js';

/** Whether a source timestamp marks the bar's open (most vendors) or its close. */
export type StampConvention = 'open' | 'close';

export interface RowValidationOptions {
  file: string;
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
  /** File row number of each kept bar. */
  rows: Int32Array;
  format: TimestampFormat;
  problems: ProblemLog;
  /** File rows with at least one problem (what `--repair` drops). */
  badRows: number;
}

const UTC = new TimeZone('UTC');
const NAN_TEXT = /^\s*[+-]?(nan|inf|infinity)\s*$/i;
/** Decimal text, optionally with an exponent: what `Number` reads that a price may be. */
const DECIMAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const FIELD_NAMES = ['open', 'high', 'low', 'close', 'volume', 'adjClose'] as const;
/** At most this share of rows may be off-grid before the file counts as another interval. */
const MAX_OFF_GRID_SHARE = 0.01;

/**
 * Parses and checks rows one at a time as the reader streams them: numbers, timestamps, OHLC
 * consistency, order and duplicates. Rows with problems are logged and left out of the bars;
 * the caller decides whether that is a rejection or a repair.
 */
export class RowValidator implements RowHandler {
  private readonly problems: ProblemLog;
  /** Kept bars so far, in the first `kept` places; the rest is room to grow into. */
  private bars: BarSeries;
  /** File row number of each kept bar. */
  private keptRows: Int32Array;
  private readonly numeric: number[];
  private readonly values = new Float64Array(6);
  private readonly timeName: string;
  private format: TimestampFormat | null = null;
  private tz: TimeZone;
  private kept = 0;
  private seen = 0;
  private badRows = 0;
  private lastKept = -Infinity;
  /** Whether every kept timestamp so far is later than the one before (the usual case). */
  private inOrder = true;

  constructor(
    private readonly header: string[],
    private readonly cols: ColumnMap,
    private readonly opts: RowValidationOptions,
    private readonly maxRows: number,
  ) {
    this.problems = new ProblemLog(opts.keepAllProblems ? Infinity : ProblemLog.SHOWN);
    this.bars = BarSeries.empty(opts.symbol, opts.interval, maxRows, cols.adjClose >= 0);
    this.keptRows = new Int32Array(maxRows);
    this.numeric = [cols.open, cols.high, cols.low, cols.close, cols.volume, cols.adjClose];
    this.timeName = cols.time.map((i) => header[i]).join('+');
    this.tz = opts.timezone;
  }

  unreadable(problem: Problem): void {
    this.problems.add(problem);
    this.badRows++;
  }

  row(fields: string[], row: number): void {
    const { header, cols, problems, values, numeric } = this;
    if ((this.seen++ & 0xffff) === 0 && this.opts.progress) this.opts.progress('validate', this.seen, this.maxRows);
    const before = problems.total;
    if (fields.length !== header.length) {
      problems.add({ code: 'CSV_FIELD_COUNT', row, column: '*', value: fields.join(',').slice(0, 60), expected: `${header.length} fields like the header, found ${fields.length}` });
      this.badRows++;
      return;
    }

    for (let k = 0; k < 6; k++) {
      const c = numeric[k];
      if (c < 0) {
        values[k] = NaN; // no such column: unknown (volume only with --no-volume)
        continue;
      }
      const text = fields[c];
      const fast = parsePlainDecimal(text);
      if (fast === fast) {
        values[k] = fast;
        continue;
      }
      const v = Number(text);
      values[k] = v;
      if (v === 0 && text.trim() === '') {
        if (k === 5) values[k] = NaN; // an empty adjusted close is unknown, not wrong
        else problems.add({ code: 'DATA_EMPTY_VALUE', row, column: header[c], value: text, expected: 'a number' });
      } else if (v !== v || v === Infinity || v === -Infinity) {
        // "NaN", "inf" and decimals too large for a double (1e999) are not finite numbers
        problems.add({ code: NAN_TEXT.test(text) || DECIMAL_TEXT.test(text) ? 'DATA_NAN' : 'DATA_NOT_NUMERIC', row, column: header[c], value: text, expected: 'a finite number' });
      } else if (!DECIMAL_TEXT.test(text)) {
        // Number() also reads hex, octal and binary ("0x1F"); prices are decimal.
        problems.add({ code: 'DATA_NOT_NUMERIC', row, column: header[c], value: text, expected: 'a decimal number' });
      }
    }
    if (problems.total === before) this.checkPrices(fields, row);

    const raw = cols.time.length === 1 ? fields[cols.time[0]] : cols.time.map((i) => fields[i].trim()).join(' ');
    // Only look for spaces when the text could have them: most files have none.
    const stamp = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 ? raw.trim() : raw;
    // The first timestamp decides the format of the whole file.
    if (this.format === null && !this.detectFormat(stamp, row)) {
      this.badRows++;
      return;
    }
    const format = this.format!;
    let t = parseTimestamp(stamp, format, this.tz);
    if (t !== t) {
      const blank = stamp.trim() === '';
      const other = blank ? null : detectTimestampFormat(stamp);
      if (blank) problems.add({ code: 'DATA_EMPTY_VALUE', row, column: this.timeName, value: stamp, expected: `a timestamp (${TIMESTAMP_FORMATS[format]})` });
      else if (other !== null && other !== format) {
        problems.add({ code: 'DATA_MIXED_TIMESTAMP_FORMATS', row, column: this.timeName, value: stamp, expected: `the file's format ${TIMESTAMP_FORMATS[format]} (found ${TIMESTAMP_FORMATS[other]})` });
      } else problems.add({ code: 'DATA_BAD_TIMESTAMP', row, column: this.timeName, value: stamp, expected: `a real instant in the format ${TIMESTAMP_FORMATS[format]}` });
    } else {
      const stampTime = t;
      t = this.closeTime(stampTime, format);
      if (t === this.lastKept && !isZoned(format)) {
        // The hour repeated when clocks go back: the second row is its second occurrence.
        const later = this.tz.secondOccurrence(stampTime);
        if (later !== null) t = this.closeTime(later, format);
      }
      if (t <= this.lastKept) this.inOrder = false;
    }

    if (problems.total !== before) {
      this.badRows++;
      return;
    }
    if (this.kept === this.bars.length) this.grow();
    const k = this.kept++;
    const bars = this.bars;
    this.lastKept = t;
    this.keptRows[k] = row;
    bars.time[k] = t;
    bars.open[k] = values[0];
    bars.high[k] = values[1];
    bars.low[k] = values[2];
    bars.close[k] = values[3];
    bars.volume[k] = values[4];
    if (bars.adjClose) bars.adjClose[k] = values[5];
  }

  /** The reader's row estimate is an upper bound for usual files; grow if one beats it. */
  private grow(): void {
    const capacity = this.bars.length * 2 + 16;
    this.bars = this.bars.resized(capacity);
    const rows = new Int32Array(capacity);
    rows.set(this.keptRows);
    this.keptRows = rows;
  }

  private detectFormat(stamp: string, row: number): boolean {
    const text = stamp.trim();
    this.format = detectTimestampFormat(text);
    if (this.format === null) {
      const blank = text === '';
      this.problems.add({ code: blank ? 'DATA_EMPTY_VALUE' : 'DATA_BAD_TIMESTAMP', row, column: this.timeName, value: stamp, expected: `a timestamp in one of the formats: ${Object.values(TIMESTAMP_FORMATS).join('; ')}` });
      return false;
    }
    // A date names a calendar day, whatever the zone: the bar closes at 00:00 UTC after it.
    if (isDateOnly(this.format)) this.tz = UTC;
    return true;
  }

  private checkPrices(fields: string[], row: number): void {
    const { header, cols, problems, values } = this;
    const o = values[0];
    const h = values[1];
    const l = values[2];
    const c = values[3];
    for (let k = 0; k < 4; k++) {
      if (!(values[k] > 0)) problems.add({ code: 'DATA_NON_POSITIVE_PRICE', row, column: header[this.numeric[k]], value: fields[this.numeric[k]], expected: `${FIELD_NAMES[k]} > 0` });
    }
    // high < low says it all: it necessarily breaks an open/close bound too
    if (h < l) problems.add({ code: 'DATA_HIGH_BELOW_LOW', row, column: header[cols.high], value: fields[cols.high], expected: `high ≥ low = ${fields[cols.low]}` });
    else {
      if (h < (o > c ? o : c)) problems.add({ code: 'DATA_HIGH_BELOW_OPEN_CLOSE', row, column: header[cols.high], value: fields[cols.high], expected: `high ≥ max(open, close) = ${o > c ? fields[cols.open] : fields[cols.close]}` });
      if (l > (o < c ? o : c)) problems.add({ code: 'DATA_LOW_ABOVE_OPEN_CLOSE', row, column: header[cols.low], value: fields[cols.low], expected: `low ≤ min(open, close) = ${o < c ? fields[cols.open] : fields[cols.close]}` });
    }
    if (values[4] < 0) problems.add({ code: 'DATA_NEGATIVE_VOLUME', row, column: header[cols.volume], value: fields[cols.volume], expected: 'volume ≥ 0' });
  }

  /**
   * The instant the bar closes, from its stamp in the file. A daily, weekly or monthly bar is
   * the calendar period that holds its stamp's local date (in --timezone): vendors stamp such
   * bars at local midnight, at the session open or at the close, and all of those name the
   * same day. A close stamp at exactly midnight belongs to the day before.
   */
  private closeTime(stamp: number, format: TimestampFormat): number {
    const iv = this.opts.interval;
    if (isCalendarInterval(iv)) {
      if (isDateOnly(format)) return periodEnd(stamp, iv);
      const local = stamp + this.tz.offsetAt(stamp);
      return periodEnd(this.opts.stamp === 'close' ? local - 1 : local, iv);
    }
    return this.opts.stamp === 'open' ? addIntervals(stamp, iv, 1) : stamp;
  }

  /** Keeps only the rows whose mask is 1, in order. */
  private compact(keep: Uint8Array): void {
    let k = 0;
    for (let i = 0; i < this.kept; i++) {
      if (!keep[i]) continue;
      copyBar(this.bars, i, this.bars, k);
      this.keptRows[k] = this.keptRows[i];
      k++;
    }
    this.kept = k;
  }

  /** Rows out of order or repeating a time: all but the longest run in order (see order.ts). */
  private dropDisordered(): void {
    const time = this.bars.time;
    const keep = longestIncreasing(time, this.kept);
    const keptTimes = time.filter((_, i) => i < this.kept && keep[i] === 1);
    for (let i = 0; i < this.kept; i++) {
      if (keep[i]) continue;
      const duplicate = keptTimes[lowerBound(keptTimes, time[i])] === time[i];
      this.problems.add({
        code: duplicate ? 'DATA_DUPLICATE_TIMESTAMP' : 'DATA_OUT_OF_ORDER',
        row: this.keptRows[i],
        column: this.timeName,
        value: '',
        expected: duplicate ? 'a timestamp no other row has' : 'a timestamp in order with the rows around it',
      });
      this.badRows++;
    }
    this.compact(keep);
  }

  /**
   * A few bars closer than one interval to the bar before them are off-grid rows, problems of
   * their own. Many are not: that is data of another interval, which the spacing check
   * refuses whole (a repair must not thin 1m bars into something that looks like 5m bars).
   */
  private dropTooClose(): void {
    const marked = tooClose(this.bars.time, this.kept, minSpacing(this.opts.interval));
    if (marked.length === 0 || marked.length > Math.max(1, Math.floor(this.kept * MAX_OFF_GRID_SHARE))) return;
    const keep = new Uint8Array(this.kept).fill(1);
    for (const i of marked) {
      keep[i] = 0;
      this.problems.add({ code: 'DATA_TOO_CLOSE', row: this.keptRows[i], column: this.timeName, value: '', expected: `a bar at least one ${this.opts.interval} after the bar before it` });
      this.badRows++;
    }
    this.compact(keep);
  }

  finish(): RowValidationResult {
    if (!this.inOrder) this.dropDisordered();
    this.dropTooClose();
    const n = this.kept;
    return { bars: this.bars.resized(n), rows: this.keptRows.slice(0, n), format: this.format ?? 'date', problems: this.problems, badRows: this.badRows };
  }
}
