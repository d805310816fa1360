import { Command, Option } from 'commander';
import { defaultInstrument, parseAssetClass } from '../../core/instrument.js';
import { parseInterval } from '../../core/interval.js';
import { TimeZone } from '../../core/timezone.js';
import { type IngestReport, applyIngest, prepareIngest } from '../../data/ingest.js';
import { ProblemLog } from '../../data/problems.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { printJson, printLine } from '../output.js';

interface IngestCliOptions extends CommonOptions {
  symbol: string;
  interval: string;
  assetClass?: string;
  timezone: string;
  stamp: 'open' | 'close';
  delimiter: string;
  format?: 'csv' | 'jsonl';
  volume: boolean;
  repair?: boolean;
  overwrite?: boolean;
}

function describe(r: IngestReport): string[] {
  const out = [`${r.file} → ${r.symbol} ${r.interval} (${r.assetClass}): ${r.outcome}`];
  if (r.outcome === 'unchanged') out.push(`  all ${r.rowsUnchanged} bars are already stored with the same values; nothing was written`);
  else out.push(`  ${r.rowsAdded} bars added, ${r.rowsChanged} overwritten, ${r.rowsUnchanged} unchanged${r.rowsFilled > 0 ? `, ${r.rowsFilled} given their adjusted close` : ''}; ${r.rowsStored} stored in all`);
  out.push(`  ${r.rowsRead} rows read, first ${r.first}, last ${r.last}, timestamps ${r.timestampFormat}`);
  if (r.ignoredColumns.length > 0) out.push(`  ignored columns: ${r.ignoredColumns.join(', ')}`);
  if (r.rowsDropped > 0) {
    out.push(`  --repair dropped ${r.rowsDropped} rows:`);
    for (const p of r.dropped) out.push(`    ${ProblemLog.describe(p)}`);
  }
  if (r.warnings.gaps > 0) {
    out.push(`  warning: ${r.warnings.gaps} gaps (missing sessions), first ones:`);
    for (const g of r.warnings.firstGaps.slice(0, 5)) out.push(`    ${g.missing} missing between ${g.after} and ${g.before}`);
  }
  return out;
}

export function ingestCommand(): Command {
  const cmd = new Command('ingest')
    .description('validate a CSV or JSON-lines file of OHLCV bars and store it (all or nothing)')
    .argument('<file>', 'CSV (.csv) or JSON lines (.jsonl); columns are found by name')
    .requiredOption('--symbol <sym>', 'instrument symbol, e.g. GOOG')
    .requiredOption('--interval <iv>', 'bar interval: 1m 5m 15m 30m 1h 4h 1d 1w 1mo ...')
    .option('--asset-class <class>', 'equity, crypto, forex or future (a new symbol defaults to equity)')
    .option('--timezone <tz>', 'IANA zone of timestamps that carry no offset', 'UTC')
    .addOption(new Option('--stamp <which>', 'intraday timestamps mark the bar open or its close').choices(['open', 'close']).default('open'))
    .option('--delimiter <char>', 'CSV field separator', ',')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']))
    .option('--no-volume', 'the source has no volume column (FX quotes, indices): store volume as unknown')
    .option('--repair', 'drop offending rows (never invent values) and report each')
    .option('--overwrite', 'replace stored bars that the file contradicts (audit-logged)');
  return withCommonOptions(cmd).action(async (file: string, o: IngestCliOptions) => {
    await runWith(o, async (ctx) => {
      // Check the command line, then the whole file, before opening the store: a rejected
      // ingest writes nothing, not even an empty store file.
      const assetClass = o.assetClass === undefined ? undefined : parseAssetClass(o.assetClass);
      defaultInstrument(o.symbol, assetClass ?? 'equity');
      const prepared = prepareIngest({
        file,
        symbol: o.symbol,
        interval: parseInterval(o.interval),
        assetClass,
        timezone: new TimeZone(o.timezone),
        stamp: o.stamp,
        delimiter: o.delimiter === '\\t' ? '\t' : o.delimiter,
        format: o.format,
        noVolume: !o.volume,
        repair: o.repair,
        overwrite: o.overwrite,
        progress: ctx.progress.report,
      });
      const report = await applyIngest(ctx.openStore(), prepared);
      ctx.progress.stop();
      if (ctx.json) printJson(report);
      else for (const line of describe(report)) printLine(line);
    });
  });
}
