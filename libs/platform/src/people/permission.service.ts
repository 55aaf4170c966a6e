import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { hasScope, Scope } from '../auth/scopes';
import { Db } from '../database/db.service';
import { Problem } from '../errors/problem';
import { RouteSubject, subjectIds } from './route-subjects';
import { subjectResolver } from './subject-resolvers';

/** Why one item of a batch may not be written: hidden from the person, or visible but not theirs to change. */
export type ItemRefusal = 'not_found' | 'forbidden';

/** How far the caller may go on the subject of one request (set on the request for the board's forms). */
export interface SubjectAccess {
  write: boolean;
  /** Batch routes: the items' ids the caller may not write, each with why (the route answers them one by one). */
  refused?: ReadonlyMap<string, ItemRefusal>;
}

/**
 * A person's permission on what a request acts on, decided in one query for all its ids: the subject
 * must be visible (a restricted programme they are not part of answers 404, as another
 * organisation's data does); then their organisation roles, or a membership of the programme or
 * project, must allow the route's scope (403 otherwise).
 */
@Injectable()
export class PermissionService {
  constructor(private readonly db: Db) {}

  async check(actor: Actor, scope: Scope, subject: RouteSubject | undefined, request: { params?: unknown; body?: unknown }): Promise<SubjectAccess> {
    const byRole = hasScope(actor.scopes, scope);
    const ids = subject ? subjectIds(subject, request) : [];
    if (!subject || ids.length === 0) {
      if (!byRole) throw insufficient(scope);
      return { write: hasScope(actor.scopes, 'governance:write') };
    }
    const rows = await this.db.tenant(actor, (tx) =>
      tx.query<{ ref: string; writable: boolean }>(
        `WITH subject AS (${subjectResolver(subject.kind)})
         SELECT s.ref, EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = $1 AND m.person_id = $3
                                 AND (m.programme_id = s.programme_id OR (s.project_id IS NOT NULL AND m.project_id = s.project_id)))
                       -- A record with a named owner (an action, a risk) is theirs to change even outside their memberships.
                       OR (to_jsonb(s) ->> 'owner_person_id')::uuid = $3 AS writable
           FROM subject s`,
        [tx.organisationId, ids, actor.personId],
      ),
    );
    const memberMay = (actor.memberScopes ?? []).includes(scope);
    if (subject.from === 'items') return itemsAccess(ids, rows, byRole, memberMay, scope, subject.kind.replace(/_/g, ' '));
    if (rows.length < ids.length) throw Problem.notFound(subject.kind.replace(/_/g, ' '));
    const write = rows.every((r) => r.writable) && (actor.memberScopes ?? []).length > 0;
    if (byRole) return { write: write || hasScope(actor.scopes, 'governance:write') };
    if (memberMay && write) return { write };
    throw insufficient(scope, true);
  }
}

/**
 * A batch is judged item by item: ids the person cannot see are refused as not found, and (without
 * an organisation role for the scope) those outside their memberships as forbidden; the rest go
 * through. Only a scope no membership grants refuses the whole batch.
 */
function itemsAccess(ids: string[], rows: { ref: string; writable: boolean }[], byRole: boolean, memberMay: boolean, scope: Scope, what: string): SubjectAccess {
  if (!byRole && !memberMay) {
    if (rows.length < ids.length) throw Problem.notFound(what);
    throw insufficient(scope, true);
  }
  const writable = new Map(rows.map((r) => [r.ref, r.writable]));
  const refused = new Map<string, ItemRefusal>();
  for (const id of ids) {
    if (!writable.has(id)) refused.set(id, 'not_found');
    else if (!byRole && !writable.get(id)) refused.set(id, 'forbidden');
  }
  return { write: refused.size === 0, refused };
}

function insufficient(scope: Scope, member = false): Problem {
  const detail = member ? `you may do this only within a programme or project you are a member of (it needs the ${scope} scope)` : `this needs the ${scope} scope`;
  return new Problem(403, 'insufficient_scope', detail, { requiredScope: scope });
}
