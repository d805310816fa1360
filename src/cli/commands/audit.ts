import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';

interface AuditCliOptions extends CommonOptions {
  limit: string;
  action?: string;
}

export function auditCommand(): Command {
  const cmd = new Command('audit')
    .description('show the append-only audit log, newest first (who changed what, when)')
    .option('--limit <n>', 'how many entries', '20')
    .option('--action <action>', 'only entries of this action, e.g. bars.overwrite');
  return withCommonOptions(cmd).action(async (o: AuditCliOptions) => {
    await runWith(o, async (ctx) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new SextantError('OPTION_INVALID', `--limit '${o.limit}': expected a whole number ≥ 1`, { field: '--limit', value: o.limit });
      const entries = await ctx.openStore().listAudit({ limit, action: o.action });
      if (ctx.json) return printJson(entries.map((e) => ({ ...e, at: isoTime(e.at) })));
      if (entries.length === 0) return printLine('the audit log is empty');
      printLine(formatTable(['id', 'at', 'actor', 'action', 'subject', 'details'], entries.map((e) => [e.id, isoTime(e.at), e.actor, e.action, e.subject, JSON.stringify(e.details).slice(0, 80)])));
    });
  });
}
