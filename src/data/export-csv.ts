import { Buffer } from 'node:buffer';
import type { BarSeries } from '../core/bar-series.js';
import { DAY_MS, WEEK_MS, intervalMs, isCalendarInterval } from '../core/interval.js';

export interface CsvExportOptions {
  /**
   * Which instant labels an intraday bar: its open (close time − interval, the default) or
   * its close. Daily, weekly and monthly bars are always labelled by their period's date.
   */
  stamp?: 'open' | 'close';
  /** Digits after the decimal point for prices (default 2), exactly as Number#toFixed writes them. */
  decimals?: number;
}

const HEADER = 'timestamp,open,high,low,close,volume';
const C0 = 48; // '0'
const COMMA = 44;
const NEWLINE = 10;
const DOT = 46;
const MINUS = 45;
/** |n| below 2^52 keeps a double's error under half a unit of the last printed digit. */
const EXACT_LIMIT = 4503599627370496;

/**
 * An ASCII byte buffer that grows by doubling. Building the CSV as bytes and decoding once
 * avoids creating millions of intermediate strings (string concatenation plus `join` over a
 * million rows spends most of its time in the garbage collector).
 */
class AsciiWriter {
  buf: Uint8Array;
  pos = 0;
  private readonly digits = new Uint8Array(24);

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 1024));
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** An ASCII string. */
  str(s: string): void {
    this.ensure(s.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  two(n: number): void {
    const tens = (n / 10) | 0;
    this.buf[this.pos++] = C0 + tens;
    this.buf[this.pos++] = C0 + n - tens * 10;
  }

  /**
   * Non-negative integer `a` (< 2^53) with `decimals` digits after a decimal point
   * (`decimals` 0: a plain integer), zero-padded so there is a digit before the point.
   */
  scaled(a: number, decimals: number): void {
    const digits = this.digits;
    let k = 0;
    do {
      const q = Math.floor(a / 10);
      digits[k++] = a - q * 10;
      a = q;
    } while (a > 0);
    const total = k > decimals ? k : decimals + 1;
    this.ensure(total + 1);
    const buf = this.buf;
    let p = this.pos;
    for (let j = total - 1; j >= 0; j--) {
      if (j === decimals - 1) buf[p++] = DOT;
      buf[p++] = C0 + (j < k ? digits[j] : 0);
    }
    this.pos = p;
  }

  /**
   * `value.toFixed(decimals)`. Fast path: when `value` is the double nearest a
   * `decimals`-digit decimal n/10^decimals (every price on a tick grid), toFixed prints
   * exactly that decimal, so it is written from the integer n. Otherwise toFixed itself.
   * NaN and infinities are written as an empty field.
   */
  fixed(value: number, decimals: number, scale: number): void {
    const n = Math.round(value * scale);
    if (n / scale === value && n < EXACT_LIMIT && n > -EXACT_LIMIT) {
      if (n < 0) {
        this.ensure(1);
        this.byte(MINUS);
        this.scaled(-n, decimals);
      } else {
        this.scaled(n, decimals); // -0 prints as 0, as toFixed does
      }
      return;
    }
    if (value !== value || value === Infinity || value === -Infinity) return;
    this.str(value.toFixed(decimals));
  }

  toString(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos).toString('latin1');
  }
}

/**
 * `YYYY-MM-DD` of UTC day number `day` (days since 1970-01-01), by Howard Hinnant's
 * civil-from-days algorithm; identical to `toISOString().slice(0, 10)` for years 0–9999.
 */
function civilDate(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return new Date(day * DAY_MS).toISOString().slice(0, -14);
  return String(y + 10000).slice(1) + '-' + String(m + 100).slice(1) + '-' + String(d + 100).slice(1);
}

/**
 * The series as CSV: header `timestamp,open,high,low,close,volume`, `\n` line ends and a
 * trailing `\n`.
 *
 * Timestamps: daily bars write their date (`YYYY-MM-DD`, the `barLabel`), weekly bars the
 * Monday that starts the week, monthly bars the first day of the month (`YYYY-MM-01`);
 * intraday bars write `YYYY-MM-DDTHH:MM:SSZ` of the bar's open (`stamp: 'open'`, the
 * default) or close (`stamp: 'close'`), with `.mmm` before the Z only if a time has
 * milliseconds. Prices are written with `decimals` digits (default 2), character for
 * character what `toFixed` gives; volume is rounded to an integer. NaN or infinite values
 * are written as empty fields.
 */
export function seriesToCsv(series: BarSeries, opts: CsvExportOptions = {}): string {
  const decimals = opts.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`decimals must be an integer from 0 to 20, got ${decimals}`);
  }
  const stamp = opts.stamp ?? 'open';
  if (stamp !== 'open' && stamp !== 'close') throw new RangeError(`stamp must be 'open' or 'close', got ${String(stamp)}`);
  const iv = series.interval;
  const { time, volume } = series;
  const prices = [series.open, series.high, series.low, series.close];
  const n = time.length;
  const scale = 10 ** decimals;

  // The instant whose date (and time) is written: calendar bars use their period's first
  // instant (as barLabel does), intraday bars their open or close.
  const calendar = isCalendarInterval(iv);
  const shift = calendar ? (iv === '1w' ? WEEK_MS : 1) : stamp === 'open' ? intervalMs(iv) : 0;
  const monthly = iv === '1mo';

  const w = new AsciiWriter(64 + n * (48 + 4 * decimals));
  w.str(HEADER);
  w.byte(NEWLINE);
  let cachedDay = NaN;
  let cachedDate = '';
  for (let i = 0; i < n; i++) {
    const t = time[i] - shift;
    const day = Math.floor(t / DAY_MS);
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDate = civilDate(day);
      if (monthly) cachedDate = cachedDate.slice(0, -2) + '01';
    }
    w.str(cachedDate);
    w.ensure(64);
    if (!calendar) {
      const ms = t - day * DAY_MS;
      const secs = Math.floor(ms / 1000);
      const h = Math.floor(secs / 3600);
      const rem = secs - h * 3600;
      const mi = Math.floor(rem / 60);
      w.byte(84); // 'T'
      w.two(h);
      w.byte(58); // ':'
      w.two(mi);
      w.byte(58);
      w.two(rem - mi * 60);
      const sub = ms - secs * 1000;
      if (sub !== 0) w.str('.' + String(Math.round(sub) + 1000).slice(1));
      w.byte(90); // 'Z'
    }
    for (let c = 0; c < 4; c++) {
      w.ensure(1);
      w.byte(COMMA);
      w.fixed(prices[c][i], decimals, scale);
    }
    w.ensure(1);
    w.byte(COMMA);
    const v = volume[i];
    if (Number.isFinite(v)) {
      const r = Math.round(v);
      if (r < 0) {
        w.ensure(1);
        w.byte(MINUS);
        if (-r < EXACT_LIMIT * 2) w.scaled(-r, 0);
        else w.str(String(-r));
      } else if (r < EXACT_LIMIT * 2) {
        w.scaled(r, 0);
      } else {
        w.str(String(r));
      }
    }
    w.ensure(1);
    w.byte(NEWLINE);
  }
  return w.toString();
}
