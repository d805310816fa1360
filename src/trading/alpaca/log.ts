/**
 * Where the Alpaca client reports what it does (retries, reconnects, skipped messages). The
 * shape of pino's methods, so the CLI logger can be passed as is. Nothing logged ever holds
 * an API key: the client logs methods, paths, statuses and Alpaca's messages only.
 */
export interface AlpacaLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const nothing = (): void => {};

export const silentLog: AlpacaLog = { debug: nothing, info: nothing, warn: nothing, error: nothing };
