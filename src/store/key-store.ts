/** What a key may do in the HTTP API: a viewer reads; a trader also places orders and decides approvals; an admin also changes limits, the kill switch and keys. */
export const ROLES = ['viewer', 'trader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a key of role `has` may do what needs `needs`. */
export function roleAllows(has: Role, needs: Role): boolean {
  return ROLES.indexOf(has) >= ROLES.indexOf(needs);
}

export interface ApiKeyInfo {
  id: string;
  role: Role;
  label: string;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

/** API keys, stored hashed. Creating and revoking write an audit entry in the same transaction. */
export interface KeyStore {
  /** A new key: the only time the secret is returned. */
  create(role: Role, label: string, actor: string): { info: ApiKeyInfo; key: string };
  list(): ApiKeyInfo[];
  /** Revokes a key (KEY_NOT_FOUND if there is none with that id); revoking twice changes nothing. */
  revoke(id: string, actor: string): ApiKeyInfo;
  /** The key a secret belongs to, if it exists and is not revoked. */
  verify(key: string): ApiKeyInfo | null;
}
