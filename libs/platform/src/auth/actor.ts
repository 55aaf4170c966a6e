import { Scope } from './scopes';

/** Who is calling: decided by the bearer token or the board session, carried into every service call and audit row. */
export interface Actor {
  organisationId: string;
  tokenId: string | null;
  name: string;
  scopes: readonly Scope[];
  requestId: string | null;
  /** The person behind the call (a session, or a token that belongs to someone); absent for system work and organisation tokens. */
  personId?: string | null;
  /** The person's organisation roles. */
  roles?: readonly string[];
  /** Scopes a membership lets the person use within their programmes and projects (bounded by a token's own scopes). */
  memberScopes?: readonly Scope[];
  /** An integration token limited to these programmes: it sees and changes nothing outside them. */
  programmeIds?: readonly string[] | null;
  /** The board session the call came through, when it did. */
  sessionId?: string | null;
}

/** An actor for work the system does itself (scans, imports, the CLI). */
export function systemActor(organisationId: string, name = 'system', requestId: string | null = null): Actor {
  return { organisationId, tokenId: null, name, scopes: ['admin'], requestId };
}
