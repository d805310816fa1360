import { apiError, type Reply } from './fake-book.js';

/** A bar of the fake's market data, stamped at its OPEN like Alpaca's. */
export interface FakeBar {
  /** Open time, UTC ms. */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

const TIMEFRAME = /^(\d+)(Min|T|Hour|H|Day|D|Week|W|Month|M)$/;
const UNIT: Record<string, string> = { Min: 'Min', T: 'Min', Hour: 'Hour', H: 'Hour', Day: 'Day', D: 'Day', Week: 'Week', W: 'Week', Month: 'Month', M: 'Month' };

/** 5T → 5Min, 1D → 1Day: Alpaca accepts both spellings. */
export function normaliseTimeframe(tf: string): string | null {
  const m = TIMEFRAME.exec(tf);
  return m ? `${Number(m[1])}${UNIT[m[2]]}` : null;
}

export const wireBar = (b: FakeBar): Record<string, unknown> => ({
  t: new Date(b.t).toISOString().replace('.000Z', 'Z'),
  o: b.o,
  h: b.h,
  l: b.l,
  c: b.c,
  v: b.v,
  n: 10,
  vw: Number(((b.h + b.l + b.c) / 3).toFixed(4)),
});

/** Historical bars by symbol and timeframe, served with Alpaca's paging. */
export class FakeBars {
  private readonly series = new Map<string, FakeBar[]>();

  add(symbol: string, timeframe: string, bars: readonly FakeBar[]): void {
    const tf = normaliseTimeframe(timeframe);
    if (!tf) throw new Error(`fake: bad timeframe ${timeframe}`);
    const key = `${symbol}|${tf}`;
    const all = [...(this.series.get(key) ?? []), ...bars].sort((a, b) => a.t - b.t);
    this.series.set(key, all.filter((b, i) => i === 0 || b.t !== all[i - 1].t));
  }

  /** GET .../bars with symbols, timeframe, start, end, limit, page_token. */
  query(q: URLSearchParams): Reply {
    const symbols = (q.get('symbols') ?? '').split(',').filter(Boolean);
    if (symbols.length === 0) return apiError(400, 40010001, 'symbols is required');
    const tf = normaliseTimeframe(q.get('timeframe') ?? '');
    if (!tf) return apiError(400, 40010001, `invalid timeframe: ${q.get('timeframe')}`);
    const limit = Number(q.get('limit') ?? 1000);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return apiError(400, 40010001, 'invalid limit: must be between 1 and 10000');
    const start = q.has('start') ? Date.parse(q.get('start')!) : -Infinity;
    const end = q.has('end') ? Date.parse(q.get('end')!) : Infinity;
    const token = q.get('page_token');
    const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0) return apiError(400, 40010001, 'invalid page_token');
    const rows: Array<[string, FakeBar]> = [];
    for (const s of [...symbols].sort()) {
      for (const b of this.series.get(`${s}|${tf}`) ?? []) if (b.t >= start && b.t <= end) rows.push([s, b]);
    }
    const page = rows.slice(offset, offset + limit);
    const bars: Record<string, unknown[]> = {};
    for (const [s, b] of page) (bars[s] ??= []).push(wireBar(b));
    const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
    return { status: 200, body: { bars, next_page_token: next } };
  }
}
