/** Numbers and times for tables; the API sends undefined metrics as null. */
export const MISSING = '—';

const grouped = (x: number, decimals: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Integers whole, |x| ≥ 1 with 2 decimals, smaller values with 3 significant digits. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (Number.isInteger(x)) return grouped(x, 0);
  if (Math.abs(x) >= 1) return grouped(x, 2);
  return String(Number(x.toPrecision(3)));
}

export function money(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  return grouped(x, 2);
}

export function pct(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  return `${grouped(x, decimals)} %`;
}

/** A value in its glossary unit. */
export function inUnit(x: unknown, unit: string): string {
  if (typeof x === 'string') return /^\d{4}-\d\d-\d\dT/.test(x) ? when(x) : x;
  if (typeof x === 'boolean') return x ? 'on' : 'off';
  if (typeof x !== 'number') return x === null ? MISSING : String(x ?? MISSING);
  switch (unit) {
    case '%':
      return pct(x);
    case 'currency':
      return money(x);
    case 'days':
      return Number.isFinite(x) ? `${num(x)} d` : MISSING;
    default:
      return num(x);
  }
}

/** Epoch ms or ISO → `2024-01-31 14:00` UTC (dates alone when the time is midnight). */
export function when(t: number | string | null | undefined): string {
  if (t === null || t === undefined || t === '') return MISSING;
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Seconds left as `4:05`, or `expired`. */
export function countdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Signed colour class for P&L and returns. */
export function signClass(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x) || x === 0) return '';
  return x > 0 ? 'pos' : 'neg';
}
