/** The API's roles, in order: each can do everything the one before it can. */
export type Role = 'viewer' | 'trader' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** What a person sees on an action above their key's role. */
export function forbiddenText(role: Role, needed?: Role): string {
  return needed ? `your key's role (${role}) cannot do this: it needs ${needed}` : `your key's role (${role}) cannot do this`;
}
