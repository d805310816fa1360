import { Command } from 'commander';
import { paramNames, listStrategies } from '../../strategy/registry.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';

/** Default parameter values, read from the schema by validating an empty object. */
function defaults(def: ReturnType<typeof listStrategies>[number]): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  return parsed.success ? (parsed.data as Record<string, unknown>) : {};
}

export function strategiesCommand(): Command {
  const cmd = new Command('strategies').description('the built-in strategies and their parameters (with defaults)');
  return withCommonOptions(cmd, { store: false }).action(async (o: CommonOptions) => {
    await runWith(o, async (ctx) => {
      const list = listStrategies().map((d) => ({ name: d.name, description: d.description, params: paramNames(d) ?? [], defaults: defaults(d), allow_short: typeof d.allowShort === 'function' ? 'by parameter' : d.allowShort }));
      if (ctx.json) return printJson(list);
      printLine(formatTable(['strategy', 'parameters (defaults)', 'shorts', 'description'], list.map((s) => [s.name, Object.entries(s.defaults).map(([k, v]) => `${k}=${v}`).join(' ') || '-', s.allow_short ? 'yes' : 'no', s.description])));
    });
  });
}
