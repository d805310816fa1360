import pino from 'pino';

/** Logs go to stderr so stdout carries only results. */
export function createLogger(level: string = process.env.SEXTANT_LOG_LEVEL ?? 'warn'): pino.Logger {
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}
