import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { TimeZone } from '../../core/timezone.js';
import { ingestSeries, parseLag } from '../../data/ingest-series.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';

interface IngestSeriesCliOptions extends CommonOptions {
  name: string;
  description?: string;
  timezone: string;
  timeColumn?: string;
  publishedColumn?: string;
  valueColumn?: string;
  publicationLag?: string;
  overwrite?: boolean;
}

export function ingestSeriesCommand(): Command {
  const cmd = new Command('ingest-series')
    .description('store an alternative-data series (CPI, sentiment, ...) with the time each value was published; features join it as-of (alt@NAME)')
    .argument('<file>', 'CSV with an observation time, a value and (ideally) a publication time column')
    .requiredOption('--name <name>', 'series name, e.g. cpi_us')
    .option('--description <text>', 'what the series is')
    .option('--timezone <tz>', 'IANA zone of times without an offset', 'UTC')
    .option('--time-column <name>', 'observation-time column (default: date, time, timestamp, observed_at, period, ...)')
    .option('--published-column <name>', 'publication-time column (default: published_at, published, release_date, realtime_start, ...); a date means known by the end of that day')
    .option('--value-column <name>', 'value column (default: value, or the only other column)')
    .option('--publication-lag <duration>', 'when the file has no publication column: published = observation + this (0, 30m, 2h, 14d)')
    .option('--overwrite', 'replace stored values that differ (audit-logged)');
  return withCommonOptions(cmd).action(async (file: string, o: IngestSeriesCliOptions) => {
    await runWith(o, async (ctx) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._\-]*$/.test(o.name)) {
        throw new SextantError('OPTION_INVALID', `--name '${o.name}': expected letters, digits, '.', '_' or '-'`, { field: '--name', value: o.name });
      }
      const r = await ingestSeries(ctx.openStore(), {
        file,
        name: o.name,
        description: o.description,
        timezone: new TimeZone(o.timezone),
        timeColumn: o.timeColumn,
        publishedColumn: o.publishedColumn,
        valueColumn: o.valueColumn,
        publicationLagMs: o.publicationLag === undefined ? undefined : parseLag(o.publicationLag),
        overwrite: o.overwrite,
      });
      if (ctx.json) return printJson(r);
      printLine(`${file} → alternative series '${r.name}': ${r.rows} values (${r.firstObserved} … ${r.lastObserved}), published per ${r.publication}`);
      printLine(formatTable(['added', 'unchanged', 'changed'], [[r.added, r.unchanged, r.changed]]));
      printLine(`use it in features as alt@${r.name}`);
    });
  });
}
