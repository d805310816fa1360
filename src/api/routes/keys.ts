import { z } from 'zod';
import { type ApiKeyInfo, ROLES } from '../../store/key-store.js';
import { actorOf } from '../auth.js';
import type { ApiApp, ApiContext } from '../context.js';
import { idParams } from './schemas.js';

const tags = ['keys'];
const keyJson = (k: ApiKeyInfo) => ({ id: k.id, role: k.role, label: k.label, created_at: new Date(k.createdAt).toISOString(), created_by: k.createdBy, revoked_at: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString() });

/** API keys, for admins: the secret is returned once, at creation; creating and revoking are audited by the key store. */
export function keyRoutes(app: ApiApp, { store }: ApiContext): void {
  const keys = store.keys();
  app.get('/keys', { config: { access: 'admin' }, schema: { tags, summary: 'API keys (never their secrets), revoked ones included' } }, async () => keys.list().map(keyJson));
  app.post('/keys', { config: { access: 'admin' }, schema: { tags, summary: 'Create a key; the response is the only time its secret is shown', body: z.object({ role: z.enum(ROLES), label: z.string().max(200).default('') }) } }, async (req, reply) => {
    const { info, key } = keys.create(req.body.role, req.body.label, actorOf(req));
    return reply.code(201).send({ id: info.id, role: info.role, key });
  });
  app.delete('/keys/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Revoke a key: requests with it are refused from now on', params: idParams } }, async (req) => keyJson(keys.revoke(req.params.id, actorOf(req))));
}
