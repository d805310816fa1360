import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { SextantError } from '../core/errors.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/interval.js';
import type { TimeZone } from '../core/timezone.js';
import type { AltPoints, Store } from '../store/store.js';
import { decodeText } from './read-table.js';
import { type TimestampFormat, detectTimestampFormat, isDateOnly, parseTimestamp } from './timestamp.js';

/**
 * Alternative data: any timestamped series (CPI, sentiment, funding rates) with the time each
 * value became known. Features join it as-of its publication time, so a value can never be
 * seen before it was published.
 */
export interface IngestSeriesOptions {
  file: string;
  name: string;
  description?: string;
  timezone: TimeZone;
  timeColumn?: string;
  publishedColumn?: string;
  valueColumn?: string;
  /** When the file has no publication column: publication = observation time + this lag (ms). */
  publicationLagMs?: number;
  overwrite?: boolean;
}

export interface IngestSeriesReport {
  name: string;
  file: string;
  rows: number;
  added: number;
  unchanged: number;
  changed: number;
  firstObserved: string;
  lastObserved: string;
  publication: string;
}

const TIME_NAMES = ['observed_at', 'observed', 'date', 'time', 'timestamp', 'period', 'observation_date'];
const PUBLISHED_NAMES = ['published_at', 'published', 'release_date', 'released', 'realtime_start', 'vintage'];

function norm(s: string): string {
  return s.trim().toLowerCase().replace(/[\s.\-]/g, '_');
}

/** `0`, `30m`, `2h`, `14d` → milliseconds. */
export function parseLag(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|h|d)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && Number(m[1]) !== 0)) {
    throw new SextantError('OPTION_INVALID', `--publication-lag '${text}': expected 0 or a duration such as 30m, 2h or 14d`, { field: '--publication-lag', value: text });
  }
  const unit = m[2] === 'm' ? MINUTE_MS : m[2] === 'h' ? HOUR_MS : DAY_MS;
  return Number(m[1]) * unit;
}

function findColumn(header: string[], wanted: string | undefined, candidates: string[], file: string, what: string): number {
  if (wanted !== undefined) {
    const i = header.findIndex((h) => norm(h) === norm(wanted));
    if (i < 0) throw new SextantError('CSV_MISSING_COLUMN', `${file}: no column '${wanted}' (${what}); the header has ${header.join(', ')}`, { file, column: wanted });
    return i;
  }
  return header.findIndex((h) => candidates.includes(norm(h)));
}

/** A date-only publication is known by the end of that local day (conservative: no intraday look-ahead). */
function publishedAt(text: string, fmt: TimestampFormat, tz: TimeZone): number {
  const t = parseTimestamp(text, fmt, tz);
  if (!isDateOnly(fmt) || t !== t) return t;
  const d = new Date(Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10) + 1));
  return parseTimestamp(d.toISOString().slice(0, 10), 'date', tz);
}

interface ParsedPoint {
  observedAt: number;
  publishedAt: number;
  value: number;
}

export function readSeriesFile(opts: IngestSeriesOptions): { points: ParsedPoint[]; sha256: string; publication: string } {
  const file = opts.file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new SextantError('FILE_NOT_FOUND', `${file}: cannot read the file`, { file });
  }
  const parsed = Papa.parse<string[]>(decodeText(bytes, file), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) throw new SextantError('FILE_NO_ROWS', `${file}: no data rows`, { file });
  const timeCol = findColumn(header, opts.timeColumn, TIME_NAMES, file, 'observation time');
  if (timeCol < 0) {
    throw new SextantError('CSV_MISSING_COLUMN', `${file}: no observation-time column (one of ${TIME_NAMES.join(', ')}; or name it with --time-column)`, { file, header });
  }
  const pubCol = findColumn(header, opts.publishedColumn, PUBLISHED_NAMES, file, 'publication time');
  if (pubCol < 0 && opts.publicationLagMs === undefined) {
    throw new SextantError('CSV_MISSING_COLUMN', `${file}: no publication-time column (${PUBLISHED_NAMES.join(', ')}). Say when values became known with --published-column or --publication-lag (0 if they were known at the observation time): joining without it would leak the future`, { file, header });
  }
  let valueCol = opts.valueColumn !== undefined ? findColumn(header, opts.valueColumn, [], file, 'value') : header.findIndex((h) => norm(h) === 'value');
  if (valueCol < 0) {
    const others = header.map((_, i) => i).filter((i) => i !== timeCol && i !== pubCol);
    if (others.length !== 1) {
      throw new SextantError('CSV_MISSING_COLUMN', `${file}: cannot tell which column holds the values (${others.map((i) => header[i]).join(', ')}); name it with --value-column`, { file, header });
    }
    valueCol = others[0];
  }
  const timeFmt = detectTimestampFormat(rows[0][timeCol]?.trim() ?? '');
  const pubFmt = pubCol < 0 ? null : detectTimestampFormat(rows[0][pubCol]?.trim() ?? '');
  const points: ParsedPoint[] = [];
  const seen = new Set<string>();
  rows.forEach((fields, k) => {
    const row = k + 2;
    const bad = (code: 'DATA_BAD_TIMESTAMP' | 'DATA_NOT_NUMERIC' | 'CSV_FIELD_COUNT' | 'DATA_DUPLICATE_TIMESTAMP', column: string, value: string, expected: string) => {
      throw new SextantError(code, `${file}: row ${row}, column '${column}': '${value}' — expected ${expected}`, { file, row, column, value });
    };
    if (fields.length !== header.length) bad('CSV_FIELD_COUNT', header[0], fields.join(','), `${header.length} fields`);
    const tText = fields[timeCol].trim();
    const observedAt = timeFmt ? parseTimestamp(tText, timeFmt, opts.timezone) : NaN;
    if (observedAt !== observedAt) bad('DATA_BAD_TIMESTAMP', header[timeCol], tText, `a date or time like the first row's (${rows[0][timeCol]})`);
    let published = observedAt + (opts.publicationLagMs ?? 0);
    if (pubCol >= 0) {
      const pText = fields[pubCol].trim();
      published = pubFmt ? publishedAt(pText, pubFmt, opts.timezone) : NaN;
      if (published !== published) bad('DATA_BAD_TIMESTAMP', header[pubCol], pText, `a date or time like the first row's (${rows[0][pubCol]})`);
    }
    const vText = fields[valueCol].trim();
    const value = vText === '' ? NaN : Number(vText);
    if (!Number.isFinite(value)) bad('DATA_NOT_NUMERIC', header[valueCol], vText, 'a finite number');
    const key = `${observedAt}|${published}`;
    if (seen.has(key)) bad('DATA_DUPLICATE_TIMESTAMP', header[timeCol], tText, 'one value per observation time and publication time');
    seen.add(key);
    points.push({ observedAt, publishedAt: published, value });
  });
  const publication = pubCol >= 0 ? `column '${header[pubCol]}'` : `observation time + ${opts.publicationLagMs! / HOUR_MS} h`;
  return { points, sha256: createHash('sha256').update(bytes).digest('hex'), publication };
}

function toColumns(points: ParsedPoint[]): AltPoints {
  points.sort((a, b) => a.publishedAt - b.publishedAt || a.observedAt - b.observedAt);
  return {
    observedAt: Float64Array.from(points, (p) => p.observedAt),
    publishedAt: Float64Array.from(points, (p) => p.publishedAt),
    value: Float64Array.from(points, (p) => p.value),
  };
}

/** Reads the file and merges it into the stored series; a changed value needs `overwrite` and is audit-logged. */
export async function ingestSeries(store: Store, opts: IngestSeriesOptions): Promise<IngestSeriesReport> {
  const { points, sha256, publication } = readSeriesFile(opts);
  const info = await store.getAltSeries(opts.name);
  const stored = info ? await store.loadAltSeries(opts.name) : null;
  const merged = new Map<string, ParsedPoint>();
  if (stored) {
    for (let i = 0; i < stored.value.length; i++) {
      merged.set(`${stored.observedAt[i]}|${stored.publishedAt[i]}`, { observedAt: stored.observedAt[i], publishedAt: stored.publishedAt[i], value: stored.value[i] });
    }
  }
  let added = 0;
  let unchanged = 0;
  const changed: { observedAt: string; publishedAt: string; old: number; new: number }[] = [];
  for (const p of points) {
    const key = `${p.observedAt}|${p.publishedAt}`;
    const old = merged.get(key);
    if (!old) added++;
    else if (Object.is(old.value, p.value)) unchanged++;
    else changed.push({ observedAt: new Date(p.observedAt).toISOString(), publishedAt: new Date(p.publishedAt).toISOString(), old: old.value, new: p.value });
    merged.set(key, p);
  }
  if (changed.length > 0 && !opts.overwrite) {
    const c = changed[0];
    throw new SextantError('STORE_CONFLICT', `${opts.file}: ${changed.length} value(s) of '${opts.name}' differ from the stored ones (first: observed ${c.observedAt}, published ${c.publishedAt}: stored ${c.old}, file ${c.new}); pass --overwrite to replace them`, {
      name: opts.name,
      changed: changed.length,
      first: c,
    });
  }
  const sorted = points.slice().sort((a, b) => a.observedAt - b.observedAt);
  const report: IngestSeriesReport = {
    name: opts.name,
    file: opts.file,
    rows: points.length,
    added,
    unchanged,
    changed: changed.length,
    firstObserved: new Date(sorted[0].observedAt).toISOString(),
    lastObserved: new Date(sorted[sorted.length - 1].observedAt).toISOString(),
    publication,
  };
  if (added === 0 && changed.length === 0) return report;
  await store.saveAltSeries({
    name: opts.name,
    description: opts.description ?? info?.description ?? '',
    points: toColumns([...merged.values()]),
    expectedVersion: info?.version ?? null,
    audit: { actor: 'cli', action: 'ingest-series', subject: opts.name, details: { file: opts.file, sha256, added, changed: changed.slice(0, 100), publication } },
  });
  return report;
}
