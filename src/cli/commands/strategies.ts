import { Command } from 'commander';
import { paramNames, listStrategies } from '../../strategy/registry.js';
import { defaultParams } from '../../trading/ops/strategy-ops.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';


export function strategiesCommand(): Command {
  const cmd = new Command('strategies').description('the built-in strategies and their parameters (with defaults)');
  return withCommonOptions(cmd, { store: false }).action(async (o: CommonOptions) => {
    await runWith(o, async (ctx) => {
      const list = listStrategies().map((d) => ({ name: d.name, description: d.description, params: paramNames(d) ?? [], defaults: defaultParams(d), allow_short: typeof d.allowShort === 'function' ? 'by parameter' : d.allowShort }));
      if (ctx.json) return printJson(list);
      printLine(formatTable(['strategy', 'parameters (defaults)', 'shorts', 'description'], list.map((s) => [s.name, Object.entries(s.defaults).map(([k, v]) => `${k}=${v}`).join(' ') || '-', s.allow_short ? 'yes' : 'no', s.description])));
    });
  });
}
