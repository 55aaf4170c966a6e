import { hasScope } from '@app/platform';
import { PageContext } from './board-renderer';
import { BoardRequest } from './board-session';

/** Who is signed in, and the form token their pages carry. */
export function pageContext(request: BoardRequest): PageContext {
  const session = request.boardSession;
  if (!session) return { user: null, csrf: null, brand: null };
  // A person may act where their memberships allow (the guard worked that out for this page's subject).
  const canAcknowledge = session.actor.personId ? Boolean(request.subjectAccess?.write) : hasScope(session.actor.scopes, 'governance:write');
  // Spend uploads act on the whole organisation: only organisation roles with the finance scope.
  const canUploadSpend = hasScope(session.actor.scopes, 'finance:write');
  return { user: { name: session.actor.name, person: Boolean(session.actor.personId), canAcknowledge, canUploadSpend }, csrf: session.csrf, brand: request.boardBrand ?? null };
}
