import { Actor, hasScope, isManagerOf, PersonEntity, Problem, TenantTx } from '@app/platform';

export interface Placement {
  programmeId: string;
  projectId: string | null;
}

/**
 * Where a new record sits: a project (and so its programme) or a programme. Programmes and projects
 * are shared reads; one that row-level security hides is not found, as another organisation's is.
 */
export async function placeRecord(tx: TenantTx, input: { projectId?: string | null; programmeId?: string | null }): Promise<Placement> {
  if (input.projectId) {
    const [project] = await tx.query<{ programme_id: string }>(`SELECT programme_id FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, input.projectId]);
    if (!project) throw Problem.notFound('project');
    if (input.programmeId && input.programmeId !== project.programme_id) throw Problem.validation([{ field: 'programmeId', message: 'programmeId must be the project’s own programme, or left out' }]);
    return { programmeId: project.programme_id, projectId: input.projectId };
  }
  if (!input.programmeId) throw Problem.validation([{ field: 'projectId', message: 'give a projectId, or a programmeId for a programme-level record' }]);
  const [programme] = await tx.query<{ id: string }>(`SELECT id FROM programmes WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, input.programmeId]);
  if (!programme) throw Problem.notFound('programme');
  return { programmeId: input.programmeId, projectId: null };
}

/** A person named as owner must be someone of this organisation (400, saying which field). */
export async function requirePerson(tx: TenantTx, personId: string, field: string): Promise<void> {
  const person = await tx.findOne(PersonEntity, { id: personId });
  if (!person || person.status === 'deactivated') throw Problem.validation([{ field, message: `${field} must be an active person of this organisation` }]);
}

/**
 * Who may change an owned record: organisation roles (and organisation tokens) with the scope, its
 * owner, and the managers of its project or programme. Other members may create records and read
 * them, not change them (403).
 */
export async function assertMayChange(tx: TenantTx, actor: Actor, record: Placement & { ownerPersonId: string }, what: string): Promise<void> {
  if (!actor.personId || hasScope(actor.scopes, 'governance:write')) return;
  if (record.ownerPersonId === actor.personId) return;
  if (await isManagerOf(tx, actor.personId, record.programmeId, record.projectId)) return;
  throw new Problem(403, 'not_owner_or_manager', `only the ${what}'s owner, the managers of its project or programme, and organisation roles may change it`);
}
