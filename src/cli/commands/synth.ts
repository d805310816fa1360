import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { parseAssetClass } from '../../core/instrument.js';
import { parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { TimeZone } from '../../core/timezone.js';
import { seriesToCsv } from '../../data/export-csv.js';
import { synthesize } from '../../data/synth.js';
import { writeBars } from '../../data/write-bars.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { printJson, printLine } from '../output.js';

interface SynthCliOptions extends CommonOptions {
  symbol: string;
  bars: string;
  seed: string;
  interval: string;
  assetClass?: string;
  out?: string;
  overwrite?: boolean;
}

function wholeNumber(text: string, option: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new SextantError('OPTION_INVALID', `${option} '${text}': expected a whole number ≥ ${min}`, { field: option, value: text });
  return n;
}

export function synthCommand(): Command {
  const cmd = new Command('synth')
    .description('generate a realistic synthetic market (regimes, volatility clustering, fat tails); the same seed gives the same bytes')
    .requiredOption('--symbol <sym>', 'symbol to store it under, e.g. SYN')
    .requiredOption('--bars <n>', 'number of bars')
    .requiredOption('--seed <s>', 'random seed (an integer)')
    .option('--interval <iv>', 'bar interval', '1d')
    .option('--asset-class <class>', 'equity, crypto, forex or future (a new symbol defaults to equity)')
    .option('--out <file>', 'write a CSV file instead of storing the bars')
    .option('--overwrite', 'replace stored bars that differ (audit-logged)');
  return withCommonOptions(cmd).action(async (o: SynthCliOptions) => {
    await runWith(o, async (ctx) => {
      const bars = synthesize({
        symbol: o.symbol,
        interval: parseInterval(o.interval),
        bars: wholeNumber(o.bars, '--bars', 1),
        seed: wholeNumber(o.seed, '--seed', 0),
      });
      const summary = { symbol: o.symbol, interval: bars.interval, seed: Number(o.seed), rows: bars.length, first: barLabel(bars.time[0], bars.interval), last: barLabel(bars.time[bars.length - 1], bars.interval) };
      if (o.out) {
        writeFileSync(o.out, seriesToCsv(bars));
        if (ctx.json) printJson({ ...summary, file: o.out });
        else printLine(`wrote ${bars.length} ${bars.interval} bars of ${o.symbol} (seed ${o.seed}) to ${o.out}`);
        return;
      }
      const written = await writeBars(ctx.openStore(), bars, {
        assetClass: o.assetClass === undefined ? undefined : parseAssetClass(o.assetClass),
        timezone: new TimeZone('UTC'),
        overwrite: o.overwrite,
        source: `synth seed ${o.seed}`,
        details: { seed: Number(o.seed), bars: bars.length },
      });
      if (ctx.json) printJson({ ...summary, outcome: written.outcome, added: written.added, changed: written.changed });
      else printLine(`${o.symbol} ${bars.interval}: ${bars.length} synthetic bars (seed ${o.seed}), ${summary.first} … ${summary.last}: ${written.outcome}`);
    });
  });
}
