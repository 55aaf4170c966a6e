import { hasScope } from '@app/platform';
import { PageContext } from './board-renderer';
import { BoardRequest } from './board-session';

/** Who is signed in, and the form token their pages carry. */
export function pageContext(request: BoardRequest): PageContext {
  const session = request.boardSession;
  if (!session) return { user: null, csrf: null };
  return { user: { name: session.actor.name, person: Boolean(session.actor.personId), canAcknowledge: hasScope(session.actor.scopes, 'governance:write') }, csrf: session.csrf };
}
