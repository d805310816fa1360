import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { summarizeSeries } from '../../data/series-summary.js';
import { parseBound } from '../bounds.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';

function listCommand(): Command {
  const cmd = new Command('list').description('list stored series: symbol, interval, rows, first, last, gaps');
  return withCommonOptions(cmd).action(async (o: CommonOptions) => {
    await runWith(o, async (ctx) => {
      const rows = (await ctx.openStore().listSeries()).map(summarizeSeries);
      if (ctx.json) return printJson(rows);
      if (rows.length === 0) return printLine("the store has no bars yet: try 'sextant ingest FILE --symbol SYM --interval 1d' or 'sextant demo'");
      printLine(formatTable(['symbol', 'interval', 'class', 'rows', 'first', 'last', 'gaps'], rows.map((r) => [r.symbol, r.interval, r.assetClass, r.rows, r.first, r.last, r.gaps])));
    });
  });
}

interface ShowOptions extends CommonOptions {
  symbol: string;
  interval: string;
  from?: string;
  to?: string;
  limit?: string;
}

function showCommand(): Command {
  const cmd = new Command('show')
    .description('show stored bars of one series (intraday times are bar close times; daily and longer bars show their period)')
    .requiredOption('--symbol <sym>', 'instrument symbol')
    .requiredOption('--interval <iv>', 'bar interval')
    .option('--from <time>', 'first bar: a date or an ISO time')
    .option('--to <time>', 'last bar: a date or an ISO time')
    .option('--limit <n>', 'show at most the first N bars of the range');
  return withCommonOptions(cmd).action(async (o: ShowOptions) => {
    await runWith(o, async (ctx) => {
      const iv = parseInterval(o.interval);
      const limit = o.limit === undefined ? Infinity : Number(o.limit);
      if (!(limit >= 0) || !Number.isInteger(limit === Infinity ? 0 : limit)) {
        throw new SextantError('OPTION_INVALID', `--limit '${o.limit}': expected a whole number ≥ 0`, { field: '--limit', value: o.limit });
      }
      const range = { from: o.from === undefined ? undefined : parseBound(o.from, iv, '--from'), to: o.to === undefined ? undefined : parseBound(o.to, iv, '--to') };
      const bars = await ctx.openStore().loadBars(o.symbol, iv, range);
      if (!bars) throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${o.symbol} ${iv}; see 'sextant data list'`, { symbol: o.symbol, interval: iv });
      const n = Math.min(bars.length, limit);
      const rows = [];
      for (let i = 0; i < n; i++) {
        const row: Record<string, string | number | null> = {
          time: barLabel(bars.time[i], iv),
          open: bars.open[i],
          high: bars.high[i],
          low: bars.low[i],
          close: bars.close[i],
          volume: bars.volume[i],
        };
        if (bars.adjClose) row.adjClose = Number.isNaN(bars.adjClose[i]) ? null : bars.adjClose[i];
        rows.push(row);
      }
      if (ctx.json) return printJson(rows);
      const headers = Object.keys(rows[0] ?? { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 });
      printLine(formatTable(headers, rows.map((r) => headers.map((h) => r[h]))));
      if (n < bars.length) printLine(`(${n} of ${bars.length} bars; raise --limit to see more)`);
    });
  });
}

export function dataCommand(): Command {
  return new Command('data').description('inspect stored market data').addCommand(listCommand()).addCommand(showCommand());
}
