import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { TimeZone } from '../../core/timezone.js';
import { resample } from '../../data/resample.js';
import { writeBars } from '../../data/write-bars.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { printJson, printLine } from '../output.js';

interface ResampleCliOptions extends CommonOptions {
  symbol: string;
  from: string;
  to: string;
  keepPartial?: boolean;
  overwrite?: boolean;
}

export function resampleCommand(): Command {
  const cmd = new Command('resample')
    .description('aggregate stored bars into a coarser interval and store them as a new series')
    .requiredOption('--symbol <sym>', 'instrument symbol')
    .requiredOption('--from <iv>', 'source interval, e.g. 1m')
    .requiredOption('--to <iv>', 'target interval, a whole multiple of the source, e.g. 5m')
    .option('--keep-partial', 'keep the last bar even when its period is not complete')
    .option('--overwrite', 'replace stored target bars that differ (audit-logged)');
  return withCommonOptions(cmd).action(async (o: ResampleCliOptions) => {
    await runWith(o, async (ctx) => {
      const from = parseInterval(o.from);
      const to = parseInterval(o.to);
      const store = ctx.openStore();
      const src = await store.loadBars(o.symbol, from);
      if (!src) throw new SextantError('SERIES_NOT_FOUND', `no stored bars for ${o.symbol} ${from}; see 'sextant data list'`, { symbol: o.symbol, interval: from });
      const asset = (await store.getAsset(o.symbol))!;
      const { bars, partialLast } = resample(src, to, { keepPartial: o.keepPartial, weekendsClosed: asset.assetClass !== 'crypto' });
      if (bars.length === 0) {
        throw new SextantError('RESAMPLE_EMPTY', `resampling ${o.symbol} ${from} to ${to} gives no complete bar (pass --keep-partial to keep the partial one)`, { symbol: o.symbol, from, to });
      }
      const written = await writeBars(store, bars, {
        assetClass: asset.assetClass,
        timezone: new TimeZone('UTC'),
        overwrite: o.overwrite,
        source: `resample ${o.symbol} ${from}→${to}`,
        details: { from, to, sourceRows: src.length, partialLast, keptPartial: partialLast && o.keepPartial === true },
      });
      const result = {
        symbol: o.symbol,
        from,
        to,
        sourceRows: src.length,
        rows: bars.length,
        first: barLabel(bars.time[0], to),
        last: barLabel(bars.time[bars.length - 1], to),
        partialLast: partialLast ? (o.keepPartial ? 'kept' : 'dropped') : 'none',
        outcome: written.outcome,
        added: written.added,
        changed: written.changed,
      };
      if (ctx.json) printJson(result);
      else {
        printLine(`${o.symbol} ${from} → ${to}: ${result.sourceRows} bars → ${result.rows} bars (${result.first} … ${result.last}): ${written.outcome}`);
        if (partialLast) printLine(`  the last ${to} bar is partial and was ${o.keepPartial ? 'kept (--keep-partial)' : 'dropped (pass --keep-partial to keep it)'}`);
      }
    });
  });
}
