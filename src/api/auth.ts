import type { FastifyRequest } from 'fastify';
import { SextantError } from '../core/errors.js';
import { type ApiKeyInfo, type KeyStore, type Role, roleAllows } from '../store/key-store.js';

/** Who may call a route: a role (and every role above it), or anyone. */
export type Access = Role | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The key the request was made with (set by the auth hook on every non-public route). */
    apiKey?: ApiKeyInfo;
  }
}

/** The secret of an `Authorization: Bearer KEY` header, or null. */
export function bearerKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** The key of a secret, or AUTH_INVALID; used by the HTTP hook and the WebSocket handshake. */
export function verifyKey(keys: KeyStore, secret: string): ApiKeyInfo {
  const key = keys.verify(secret);
  if (!key) throw new SextantError('AUTH_INVALID', 'the API key is unknown or has been revoked', {});
  return key;
}

/** Checks the request's key against the route's access: 401 without a valid key, 403 when its role is too low. */
export function authorise(keys: KeyStore, req: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  const secret = bearerKey(req.headers.authorization);
  if (secret === null) throw new SextantError('AUTH_REQUIRED', 'this route needs an API key: send "Authorization: Bearer KEY" (create one with sextant keys create --role viewer)', {});
  const key = verifyKey(keys, secret);
  if (!roleAllows(key.role, access)) throw new SextantError('AUTH_FORBIDDEN', `a ${key.role} key may not do this: it needs the ${access} role`, { role: key.role, needs: access });
  req.apiKey = key;
}

/** The audit actor of a request: the key that made it. */
export function actorOf(req: FastifyRequest): string {
  if (!req.apiKey) throw new SextantError('INTERNAL', 'a state change reached its handler without an authenticated key', {});
  return `api:${req.apiKey.id}`;
}
