import { inspect } from 'node:util';
import { SextantError } from '../../core/errors.js';

/**
 * The API key pair. The secret lives in private fields, and `toJSON` / `inspect` redact both
 * keys, so logging or serialising a config (or an error that holds one) cannot leak them.
 */
export class AlpacaCredentials {
  readonly #keyId: string;
  readonly #secretKey: string;

  constructor(keyId: string, secretKey: string) {
    this.#keyId = keyId;
    this.#secretKey = secretKey;
  }

  get keyId(): string {
    return this.#keyId;
  }

  get secretKey(): string {
    return this.#secretKey;
  }

  /** The REST authentication headers. */
  headers(): Record<string, string> {
    return { 'APCA-API-KEY-ID': this.#keyId, 'APCA-API-SECRET-KEY': this.#secretKey };
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'AlpacaCredentials [redacted]';
  }
}

export interface AlpacaConfig {
  credentials: AlpacaCredentials;
  /** Trading REST API, e.g. https://paper-api.alpaca.markets (no trailing slash). */
  baseUrl: string;
  /** Market-data REST API, e.g. https://data.alpaca.markets. */
  dataUrl: string;
  /** The trade_updates WebSocket, e.g. wss://paper-api.alpaca.markets/stream. */
  streamUrl: string;
  /** Market-data WebSocket root; the feed appends /v2/iex, /v2/sip or /v1beta3/crypto/us. */
  dataStreamUrl: string;
}

const DEFAULT_BASE_URL = 'https://paper-api.alpaca.markets';
const DEFAULT_DATA_URL = 'https://data.alpaca.markets';
const DEFAULT_DATA_STREAM_URL = 'wss://stream.data.alpaca.markets';

const trimSlash = (u: string): string => u.replace(/\/+$/, '');
const toWs = (u: string): string => u.replace(/^http/, 'ws');

/**
 * The Alpaca settings from the environment: APCA_API_KEY_ID and APCA_API_SECRET_KEY (required),
 * APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_API_STREAM_URL and APCA_API_DATA_STREAM_URL
 * (optional; the stream URLs default to the REST URLs with a ws scheme, except that the public
 * data host streams from stream.data.alpaca.markets). `overrides` win over the environment.
 */
export function alpacaConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Omit<AlpacaConfig, 'credentials'>> = {},
): AlpacaConfig {
  const keyId = env.APCA_API_KEY_ID?.trim();
  const secretKey = env.APCA_API_SECRET_KEY?.trim();
  const missing = [!keyId && 'APCA_API_KEY_ID', !secretKey && 'APCA_API_SECRET_KEY'].filter((x): x is string => !!x);
  if (missing.length > 0) {
    throw new SextantError(
      'BROKER_CREDENTIALS_MISSING',
      `Alpaca API keys are not set: define ${missing.join(' and ')} in the environment`,
      { missing },
    );
  }
  const baseUrl = trimSlash(overrides.baseUrl ?? env.APCA_API_BASE_URL ?? DEFAULT_BASE_URL);
  const dataUrl = trimSlash(overrides.dataUrl ?? env.APCA_API_DATA_URL ?? DEFAULT_DATA_URL);
  const streamUrl = trimSlash(overrides.streamUrl ?? env.APCA_API_STREAM_URL ?? `${toWs(baseUrl)}/stream`);
  const dataStreamUrl = trimSlash(
    overrides.dataStreamUrl ?? env.APCA_API_DATA_STREAM_URL ?? (dataUrl === DEFAULT_DATA_URL ? DEFAULT_DATA_STREAM_URL : toWs(dataUrl)),
  );
  return { credentials: new AlpacaCredentials(keyId!, secretKey!), baseUrl, dataUrl, streamUrl, dataStreamUrl };
}
