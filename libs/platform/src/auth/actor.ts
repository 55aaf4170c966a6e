import { Scope } from './scopes';

/** Who is calling: decided by the bearer token, carried into every service call and audit row. */
export interface Actor {
  organisationId: string;
  tokenId: string | null;
  name: string;
  scopes: readonly Scope[];
  requestId: string | null;
}

/** An actor for work the system does itself (scans, imports, the CLI). */
export function systemActor(organisationId: string, name = 'system', requestId: string | null = null): Actor {
  return { organisationId, tokenId: null, name, scopes: ['admin'], requestId };
}
