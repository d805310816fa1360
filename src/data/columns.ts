import { SextantError } from '../core/errors.js';

/** The fields a bar file provides; `time` and `adjClose` are special, the rest are numbers. */
export type BarFileField = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'adjClose';

/** Accepted header names, compared after `normalizeHeader`. Order matters only for messages. */
const ALIASES: Record<BarFileField, readonly string[]> = {
  time: ['timestamp', 'datetime', 'date', 'time', 'gmttime', 'localtime', 'ts', 't', 'opentime'],
  open: ['open', 'o', 'openprice'],
  high: ['high', 'h', 'highprice'],
  low: ['low', 'l', 'lowprice'],
  close: ['close', 'c', 'closeprice', 'last'],
  volume: ['volume', 'vol', 'v'],
  adjClose: ['adjclose', 'adjustedclose'],
};

/** Names used only when no column has a name above (MetaTrader has both <VOL> and <TICKVOL>). */
const FALLBACKS: Partial<Record<BarFileField, readonly string[]>> = {
  volume: ['tickvolume', 'tickvol'],
};

export const REQUIRED_FIELDS: readonly BarFileField[] = ['time', 'open', 'high', 'low', 'close', 'volume'];

/** Case, spaces, `_ . - *` and MetaTrader's `<>` do not matter: "Adj Close" = "adj_close", "<VOL>" = "vol". */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_.\-*<>]+/g, '');
}

export interface ColumnMap {
  /** Column index per field; `time` may be two columns (a date and a time of day). */
  time: number[];
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  adjClose: number;
  /** Header names the file has that Sextant does not use. */
  ignored: string[];
}

/**
 * Finds every field's column by name, never by position. Volume may be absent only when the
 * caller says the source has none (`volumeOptional`): then every volume is unknown (NaN).
 */
export function mapColumns(header: string[], file: string, opts: { volumeOptional?: boolean } = {}): ColumnMap {
  const found = new Map<BarFileField, number[]>();
  const fallback = new Map<BarFileField, number[]>();
  const ignored: string[] = [];
  const fields = Object.keys(ALIASES) as BarFileField[];
  header.forEach((name, i) => {
    const key = normalizeHeader(name);
    const field = fields.find((f) => ALIASES[f].includes(key));
    const second = field ? undefined : fields.find((f) => FALLBACKS[f]?.includes(key));
    if (field) found.set(field, [...(found.get(field) ?? []), i]);
    else if (second) fallback.set(second, [...(fallback.get(second) ?? []), i]);
    else ignored.push(name);
  });
  for (const [field, cols] of fallback) {
    if (!found.has(field)) found.set(field, cols);
    else ignored.push(...cols.map((i) => header[i]));
  }
  ignored.sort((a, b) => header.indexOf(a) - header.indexOf(b));

  const required = opts.volumeOptional ? REQUIRED_FIELDS.filter((f) => f !== 'volume') : REQUIRED_FIELDS;
  const missing = required.filter((f) => !found.has(f));
  if (missing.length > 0) {
    const names = missing.map((f) => `${f} (one of: ${[...ALIASES[f], ...(FALLBACKS[f] ?? [])].join(', ')})`);
    const hint = missing.includes('volume') ? '; if the source has no volume (FX quotes, indices), pass --no-volume' : '';
    throw new SextantError('CSV_MISSING_COLUMN', `${file}: missing required column${missing.length > 1 ? 's' : ''} ${names.join('; ')}; the header has: ${header.join(', ')}${hint}`, {
      file,
      row: 1,
      missing,
      header,
    });
  }

  const time = found.get('time')!;
  const timeNames = time.map((i) => normalizeHeader(header[i]));
  const dateAndTime = time.length === 2 && timeNames.includes('date') && timeNames.includes('time');
  for (const [field, cols] of found) {
    if (cols.length > 1 && !(field === 'time' && dateAndTime)) {
      throw new SextantError('CSV_AMBIGUOUS_COLUMN', `${file}: columns ${cols.map((i) => `'${header[i]}'`).join(' and ')} both look like the ${field} column; rename or remove one`, {
        file,
        row: 1,
        field,
        columns: cols.map((i) => header[i]),
      });
    }
  }
  const one = (f: BarFileField): number => found.get(f)?.[0] ?? -1;
  return {
    time: dateAndTime ? [time[timeNames.indexOf('date')], time[timeNames.indexOf('time')]] : time,
    open: one('open'),
    high: one('high'),
    low: one('low'),
    close: one('close'),
    volume: one('volume'),
    adjClose: one('adjClose'),
    ignored,
  };
}
