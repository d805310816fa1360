import type { Command } from 'commander';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createLogger } from './logger.js';
import { terminalProgress } from './progress.js';

/** Options every command takes. */
export interface CommonOptions {
  db?: string;
  json?: boolean;
  logLevel?: string;
}

export function withCommonOptions(cmd: Command, opts: { store?: boolean } = { store: true }): Command {
  if (opts.store !== false) cmd.option('--db <path>', 'store file (default: $SEXTANT_DB or ./sextant.db)');
  return cmd.option('--json', 'print the result as JSON on stdout').option('--log-level <level>', 'log level on stderr: fatal, error, warn, info, debug', process.env.SEXTANT_LOG_LEVEL ?? 'warn');
}

/** What a command's action works with; the store is opened on first use and always closed. */
export class CommandContext {
  readonly json: boolean;
  readonly log;
  readonly progress;
  private store: Store | null = null;

  constructor(private readonly opts: CommonOptions) {
    this.json = opts.json === true;
    this.log = createLogger(opts.logLevel);
    this.progress = terminalProgress(!this.json);
  }

  openStore(): Store {
    this.store ??= openStore(this.opts.db);
    this.log.debug({ db: this.store.location }, 'store open');
    return this.store;
  }

  async close(): Promise<void> {
    this.progress.stop();
    await this.store?.close();
  }
}

/** Runs a command action with a context it cannot forget to close. */
export async function runWith(opts: CommonOptions, action: (ctx: CommandContext) => Promise<void>): Promise<void> {
  const ctx = new CommandContext(opts);
  try {
    await action(ctx);
  } finally {
    await ctx.close();
  }
}
