import type { WebSocket } from 'ws';
import { SextantError } from '../../core/errors.js';
import type { ApiKeyInfo } from '../../store/key-store.js';
import { bearerKey, verifyKey } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';

/** How long a client has to authenticate after connecting. */
const AUTH_TIMEOUT_MS = 5000;
/** A client this far behind (bytes not yet sent) is dropped rather than buffered without end. */
const MAX_BUFFERED = 8 * 1024 * 1024;

/**
 * Live events. A browser cannot set headers on a WebSocket, so the first message carries the key
 * (`{"type": "auth", "key": "…"}`); a client that can sends `Authorization: Bearer` instead.
 */
export function websocketRoute(app: ApiApp, { store, events }: ApiContext): void {
  app.get('/ws', { websocket: true, config: { access: 'public' }, schema: { hide: true } }, (socket: WebSocket, req) => {
    let unsubscribe: (() => void) | null = null;
    const ready = (key: ApiKeyInfo) => {
      clearTimeout(timer);
      socket.send(JSON.stringify({ type: 'ready', role: key.role }));
      unsubscribe = events.subscribe((e) => {
        if (socket.bufferedAmount > MAX_BUFFERED) return socket.close(4429, 'too slow');
        socket.send(JSON.stringify(e));
      });
    };
    const refuse = (code: number, message: string) => {
      clearTimeout(timer);
      socket.send(JSON.stringify(new SextantError('AUTH_INVALID', message, {}).toJSON()));
      socket.close(code, message.slice(0, 100));
    };
    const timer = setTimeout(() => refuse(4408, 'no auth message within 5 s'), AUTH_TIMEOUT_MS);
    socket.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
    });

    const header = bearerKey(req.headers.authorization);
    if (header !== null) {
      const key = store.keys().verify(header);
      return key ? ready(key) : refuse(4401, 'the API key is unknown or has been revoked');
    }
    socket.once('message', (raw) => {
      let secret: unknown;
      try {
        secret = (JSON.parse(String(raw)) as { type?: string; key?: unknown }).key;
      } catch {
        secret = undefined;
      }
      if (typeof secret !== 'string') return refuse(4401, 'the first message must be {"type": "auth", "key": "KEY"}');
      try {
        ready(verifyKey(store.keys(), secret));
      } catch (e) {
        refuse(4401, (e as Error).message);
      }
    });
  });
}
