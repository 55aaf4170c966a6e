export const SCOPES = [
  'portfolio:read',
  'portfolio:write',
  'kpis:write',
  'finance:write',
  'engagement:write',
  'governance:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** admin grants every scope; every other scope grants only itself. */
export function hasScope(granted: readonly Scope[], required: Scope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
