import { Scope } from '../auth/scopes';

/** Organisation-wide roles a person holds. */
export const ORGANISATION_ROLES = ['admin', 'pmo', 'finance', 'viewer'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

export const PERSON_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

const WRITE_SCOPES: Scope[] = ['portfolio:write', 'kpis:write', 'finance:write', 'engagement:write', 'governance:write'];

/**
 * What a person's organisation roles allow, in the scopes every route already declares:
 * admin everything; pmo every portfolio write (governance included); finance the money; viewer reads.
 */
export function scopesForRoles(roles: readonly string[]): Scope[] {
  if (roles.includes('admin')) return ['admin'];
  const scopes = new Set<Scope>(['portfolio:read']);
  if (roles.includes('pmo')) for (const s of WRITE_SCOPES) scopes.add(s);
  if (roles.includes('finance')) scopes.add('finance:write');
  return [...scopes];
}

/** A token never exceeds its owner: its scopes narrowed to what the owner's roles allow. */
export function narrowScopes(tokenScopes: readonly Scope[], ownerRoles: readonly string[]): Scope[] {
  const allowed = scopesForRoles(ownerRoles);
  if (allowed.includes('admin')) return [...tokenScopes];
  if (tokenScopes.includes('admin')) return allowed;
  return tokenScopes.filter((s) => allowed.includes(s));
}

/** Organisation roles beyond viewer see every programme, restricted ones included. */
export const seesEveryProgramme = (roles: readonly string[] | undefined): boolean => (roles ?? []).some((r) => r === 'admin' || r === 'pmo' || r === 'finance');

/** Scopes a membership grants within its programme or project (never finance, never admin). */
export const MEMBER_WRITE_SCOPES: readonly Scope[] = ['portfolio:write', 'kpis:write', 'engagement:write', 'governance:write'];
