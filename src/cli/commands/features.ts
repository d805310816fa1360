import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { parseInterval } from '../../core/interval.js';
import { barLabel } from '../../core/time.js';
import { TimeZone } from '../../core/timezone.js';
import { type FeatureTable, computeFeatureTable } from '../../data/feature-table.js';
import { exampleNames, featuresMarkdown } from '../../features/docs.js';
import { type FeatureSet, featureSetFromList, featureSetFromYaml, lineage } from '../../features/feature-set.js';
import { registry } from '../../features/registry.js';
import { parseBound } from '../bounds.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';
import { writeAtomically } from '../write-atomically.js';

function listCommand(): Command {
  const cmd = new Command('list').description('every feature: outputs, parameters with ranges, warm-up, version').option('--category <name>', 'only this category');
  return withCommonOptions(cmd, { store: false }).action(async (o: CommonOptions & { category?: string }) => {
    await runWith(o, async (ctx) => {
      const families = registry().families.filter((f) => !o.category || f.spec.category === o.category);
      if (ctx.json) return printJson(families.map((f) => ({ ...f.spec, examples: exampleNames(f) })));
      const rows = families.map((f) => [
        f.spec.family,
        f.spec.category,
        exampleNames(f).join(' '),
        f.spec.params.map((p) => `${p.name}=${p.default} [${p.min}…${p.max}]`).join(' ') || '-',
        f.spec.warmup,
        f.spec.version,
      ]);
      printLine(formatTable(['family', 'category', 'outputs (default params)', 'params', 'warm-up', 'version'], rows));
      printLine();
      printLine(`${families.length} families, ${families.reduce((a, f) => a + f.spec.outputs.length, 0)} outputs. Details: 'sextant features docs'.`);
    });
  });
}

function docsCommand(): Command {
  const cmd = new Command('docs').description('the feature reference as Markdown, generated from the specs (docs/features.md)').option('--out <file>', 'write to this file instead of stdout');
  return withCommonOptions(cmd, { store: false }).action(async (o: CommonOptions & { out?: string }) => {
    await runWith(o, async (ctx) => {
      const md = featuresMarkdown(registry());
      if (o.out) writeFileSync(o.out, md);
      if (ctx.json) printJson({ out: o.out ?? null, families: registry().families.length, markdown: o.out ? undefined : md });
      else if (!o.out) process.stdout.write(md);
      else printLine(`wrote ${o.out}`);
    });
  });
}

interface ComputeOptions extends CommonOptions {
  symbol: string;
  interval: string;
  features?: string;
  set?: string;
  out?: string;
  from?: string;
  to?: string;
  timezone: string;
  store?: boolean;
}

function loadSet(o: ComputeOptions): FeatureSet {
  if ((o.features === undefined) === (o.set === undefined)) {
    throw new SextantError('OPTION_INVALID', 'give the features either as --features sma_20,rsi_14,... or as --set FILE.yaml (one of the two)', { field: '--features' });
  }
  if (o.features !== undefined) return featureSetFromList(o.features);
  let text: string;
  try {
    text = readFileSync(o.set!, 'utf8');
  } catch {
    throw new SextantError('FILE_NOT_FOUND', `${o.set}: cannot read the feature-set file`, { file: o.set });
  }
  return featureSetFromYaml(text, o.set!);
}

/** CSV text: `timestamp`, then one column per feature; NaN is an empty cell. Written in blocks, so a million rows never sit in one string. */
function writeCsv(fd: number, table: FeatureTable): void {
  const { bars, columns, set } = table;
  writeSync(fd, `timestamp,${set.features.map((f) => f.name).join(',')}\n`);
  const BLOCK = 4096;
  for (let start = 0; start < bars.length; start += BLOCK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(bars.length, start + BLOCK); i++) {
      let line = barLabel(bars.time[i], bars.interval);
      for (const c of columns) line += Number.isNaN(c[i]) ? ',' : `,${c[i]}`;
      lines.push(line);
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
}

function computeCommand(): Command {
  const cmd = new Command('compute')
    .description('compute features of a stored series and write them as CSV (timestamp, then one column per feature; empty = NaN)')
    .requiredOption('--symbol <sym>', 'instrument symbol')
    .requiredOption('--interval <iv>', 'bar interval')
    .option('--features <list>', 'comma-separated feature names, e.g. sma_20,rsi_14,macd_12_26_9')
    .option('--set <file>', 'a feature-set YAML file (features: [sma_20, rsi_14, ...])')
    .option('--out <file>', 'write the CSV here (default: stdout)')
    .option('--from <time>', 'first row: a date or ISO time (earlier bars still warm the features up)')
    .option('--to <time>', 'last row: a date or ISO time')
    .option('--timezone <tz>', 'IANA zone of the calendar features', 'UTC')
    .option('--store', 'cache the computed columns in the store and reuse cached ones');
  return withCommonOptions(cmd).action(async (o: ComputeOptions) => {
    await runWith(o, async (ctx) => {
      const interval = parseInterval(o.interval);
      const timezone = new TimeZone(o.timezone).name;
      const set = loadSet(o);
      const table = await computeFeatureTable(ctx.openStore(), {
        symbol: o.symbol,
        interval,
        set,
        from: o.from === undefined ? undefined : parseBound(o.from, interval, '--from'),
        to: o.to === undefined ? undefined : parseBound(o.to, interval, '--to'),
        timezone,
        cache: o.store === true,
        progress: ctx.progress.report,
      });
      ctx.progress.stop();
      const n = table.bars.length;
      const summary = {
        symbol: o.symbol,
        interval,
        rows: n,
        first: n > 0 ? barLabel(table.bars.time[0], interval) : null,
        last: n > 0 ? barLabel(table.bars.time[n - 1], interval) : null,
        out: o.out ?? null,
        cachedColumns: table.cached,
        ...lineage(set),
      };
      if (o.out) {
        writeAtomically(o.out, (fd) => writeCsv(fd, table));
        if (ctx.json) printJson(summary);
        else printLine(`${o.symbol} ${interval}: ${set.features.length} features × ${n} bars (${summary.first} … ${summary.last}) → ${o.out}; feature set ${set.hash.slice(0, 12)}${table.cached ? `, ${table.cached} columns from the cache` : ''}`);
      } else if (ctx.json) {
        const rows = Array.from({ length: n }, (_, i) => [barLabel(table.bars.time[i], interval), ...table.columns.map((c) => (Number.isNaN(c[i]) ? null : c[i]))]);
        printJson({ ...summary, columns: ['timestamp', ...set.features.map((f) => f.name)], rows });
      } else {
        writeCsv(1, table);
      }
    });
  });
}

export function featuresCommand(): Command {
  return new Command('features')
    .description('the feature library: list, document and compute causal indicators and statistics')
    .addCommand(listCommand())
    .addCommand(docsCommand())
    .addCommand(computeCommand());
}
