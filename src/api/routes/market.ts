import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';
import { TimeZone } from '../../core/timezone.js';
import { computeFeatureTable } from '../../data/feature-table.js';
import { exampleNames } from '../../features/docs.js';
import { featureSetFromList } from '../../features/feature-set.js';
import { registry } from '../../features/registry.js';
import type { ApiApp, ApiContext } from '../context.js';
import { jsonNumbers, limitQuery, timeQuery } from './schemas.js';

const MAX_BARS = 5000;
const tags = ['market data'];

/** Stored series, pages of bars, the feature catalogue and feature computation. */
export function marketRoutes(app: ApiApp, { store }: ApiContext): void {
  app.get('/assets', { schema: { tags, summary: 'Stored series: symbol, interval, rows, range, gaps' } }, async () =>
    (await store.listSeries()).map((s) => ({ symbol: s.symbol, interval: s.interval, asset_class: s.assetClass, rows: s.rows, first_time: s.firstTime, last_time: s.lastTime, gaps: s.gaps, version: s.version })),
  );

  app.get(
    '/assets/:symbol/bars',
    {
      schema: {
        tags,
        summary: 'A page of bars in a time range (close times); pass next_after back as after for the next page',
        params: z.object({ symbol: z.string().min(1).max(64) }),
        querystring: z.object({ interval: z.string().min(1).max(8), from: timeQuery.optional(), to: timeQuery.optional(), after: z.coerce.number().optional().describe('the next_after of the previous page'), limit: limitQuery(MAX_BARS, 1000) }),
      },
    },
    async (req) => {
      const { symbol } = req.params;
      const q = req.query;
      const interval = parseInterval(q.interval);
      const from = q.after === undefined ? q.from : Math.max(q.after + 1, q.from ?? -Infinity);
      // One bar more than the page says whether another page follows.
      const bars = await store.loadBars(symbol, interval, { from, to: q.to, limit: q.limit + 1 });
      if (!bars) throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${symbol} ${q.interval} (see GET /api/v1/assets)`, { symbol, interval: q.interval });
      const n = Math.min(bars.length, q.limit);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = { time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i] };
      return { symbol, interval, bars: out, next_after: bars.length > n ? bars.time[n - 1] : null };
    },
  );

  app.get('/features', { schema: { tags, summary: 'The feature catalogue: families, outputs, parameters with ranges, warm-up, version' } }, async () => registry().families.map((f) => ({ ...f.spec, examples: exampleNames(f) })));

  app.post(
    '/features/compute',
    {
      schema: {
        tags,
        summary: 'Compute features of a stored series (warmed up on the whole history); NaN is null',
        body: z.object({
          symbol: z.string().min(1).max(64),
          interval: z.string().min(1).max(8),
          features: z.array(z.string().min(1).max(100)).min(1).max(50).describe('feature names, e.g. sma_20, rsi_14'),
          from: z.number().optional().describe('first row, epoch ms'),
          to: z.number().optional().describe('last row, epoch ms'),
          timezone: z.string().default('UTC'),
          limit: z.number().int().min(1).max(MAX_BARS).default(1000).describe('at most this many rows, the latest ones'),
        }),
      },
    },
    async (req) => {
      const b = req.body;
      const table = await computeFeatureTable(store, { symbol: b.symbol, interval: parseInterval(b.interval), set: featureSetFromList(b.features.join(',')), from: b.from, to: b.to, timezone: new TimeZone(b.timezone).name });
      const start = Math.max(0, table.bars.length - b.limit);
      const columns = Object.fromEntries(table.set.features.map((f, k) => [f.name, jsonNumbers(table.columns[k].subarray(start))]));
      return { symbol: b.symbol, interval: b.interval, time: Array.from(table.bars.time.subarray(start)), columns };
    },
  );
}
