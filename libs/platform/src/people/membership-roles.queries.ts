import type { TenantTx } from '../database/tenant-tx';
import type { MembershipRole } from './membership.entity';

/** Where a role is held: a programme (sro, programme_manager) or a project (project_manager, contributor). */
export interface RoleScope {
  programmeId?: string | null;
  projectId?: string | null;
}

/**
 * SQL fragment for other areas: the active people holding one of `roles` on the programme
 * `programmeExpr` or project `projectExpr` (SQL expressions of the caller's row), one row per
 * person: (person_id, email, name). Used where a statement fans out to the people concerned.
 */
export const peopleInRolesSql = (organisationExpr: string, programmeExpr: string, projectExpr: string, roles: readonly MembershipRole[]): string => `
  SELECT DISTINCT role_person.id AS person_id, role_person.email, role_person.name
    FROM memberships role_m JOIN people role_person ON role_person.organisation_id = role_m.organisation_id AND role_person.id = role_m.person_id
   WHERE role_m.organisation_id = ${organisationExpr} AND role_person.status <> 'deactivated'
     AND role_m.role IN (${roles.map((r) => `'${r}'`).join(', ')})
     AND (role_m.programme_id = ${programmeExpr} OR role_m.project_id = ${projectExpr})`;

/** Whether the person holds one of `roles` on the programme or project: how sign-off steps are authorised. */
export async function holdsRole(tx: TenantTx, personId: string, scope: RoleScope, roles: readonly MembershipRole[]): Promise<boolean> {
  const rows = await tx.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = $1 AND m.person_id = $2 AND m.role = ANY($3::text[])
        AND (m.programme_id = $4 OR m.project_id = $5)) AS ok`,
    [tx.organisationId, personId, roles, scope.programmeId ?? null, scope.projectId ?? null],
  );
  return rows[0].ok;
}

/** SQL fragment for other areas: one person's email, name and status (for a LATERAL join). */
export const personContactSql = (organisationExpr: string, personExpr: string): string =>
  `SELECT contact.email, contact.name, contact.status FROM people contact WHERE contact.organisation_id = ${organisationExpr} AND contact.id = ${personExpr}`;
