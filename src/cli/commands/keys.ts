import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { type ApiKeyInfo, ROLES, type Role } from '../../store/key-store.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { formatTable, printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';

interface KeyOptions extends CommonOptions {
  actor?: string;
}

const row = (k: ApiKeyInfo) => ({ id: k.id, role: k.role, label: k.label, created_at: new Date(k.createdAt).toISOString(), created_by: k.createdBy, revoked_at: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString() });

/** `sextant keys`: API keys for the HTTP API, stored hashed; the secret is shown once, at creation. */
export function keysCommand(): Command {
  const cmd = new Command('keys').description('API keys for the HTTP API (viewer reads; trader also orders and approves; admin also changes limits, the kill switch and keys)');
  const actor = (c: Command) => withCommonOptions(c.option('--actor <name>', 'who does it, for the audit log (default: $SEXTANT_ACTOR or the OS user)'));

  cmd.addCommand(
    actor(new Command('create').description('create a key; it is printed once and only its hash is kept').requiredOption('--role <role>', ROLES.join(' | ')).option('--label <text>', 'what the key is for', '')).action(async (o: KeyOptions & { role: string; label: string }) => {
      await runWith(o, async (ctx) => {
        if (!(ROLES as readonly string[]).includes(o.role)) throw new SextantError('OPTION_INVALID', `--role '${o.role}': expected one of ${ROLES.join(', ')}`, { field: '--role', value: o.role });
        const { info, key } = ctx.openStore().keys().create(o.role as Role, o.label, o.actor ?? defaultActor());
        if (ctx.json) return printJson({ id: info.id, role: info.role, key });
        printLine(`created ${info.role} key ${info.id}; send it as "Authorization: Bearer KEY". It is shown only now:`);
        printLine(key);
      });
    }),
  );
  cmd.addCommand(
    withCommonOptions(new Command('list').description('the keys (never their secrets), revoked ones included')).action(async (o: CommonOptions) => {
      await runWith(o, async (ctx) => {
        const keys = ctx.openStore().keys().list().map(row);
        if (ctx.json) return printJson(keys);
        printLine(keys.length === 0 ? 'no API keys; create one with: sextant keys create --role viewer' : formatTable(['id', 'role', 'label', 'created', 'by', 'revoked'], keys.map((k) => [k.id, k.role, k.label, k.created_at, k.created_by, k.revoked_at ?? ''])));
      });
    }),
  );
  cmd.addCommand(
    actor(new Command('revoke').description('revoke a key: requests with it are refused from now on').argument('<id>', 'key id (see keys list)')).action(async (id: string, o: KeyOptions) => {
      await runWith(o, async (ctx) => {
        const k = row(ctx.openStore().keys().revoke(id, o.actor ?? defaultActor()));
        if (ctx.json) return printJson(k);
        printLine(`revoked ${k.id} (${k.role}) at ${k.revoked_at}`);
      });
    }),
  );
  return cmd;
}
