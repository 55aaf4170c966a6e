import type { TenantTx } from '../database/tenant-tx';

/** Membership roles that manage a project: its project managers, and its programme's SROs and programme managers. */
export const MANAGER_ROLES = ['project_manager', 'sro', 'programme_manager'] as const;

/**
 * Whether a person manages a programme (SRO or programme manager) or, when a project is given, that
 * project (its project manager) or its programme. One statement.
 */
export async function isManagerOf(tx: TenantTx, personId: string, programmeId: string, projectId: string | null): Promise<boolean> {
  const [row] = await tx.query<{ manages: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = $1 AND m.person_id = $2
              AND ((m.role IN ('sro', 'programme_manager') AND m.programme_id = $3) OR (m.role = 'project_manager' AND $4::uuid IS NOT NULL AND m.project_id = $4::uuid))) AS manages`,
    [tx.organisationId, personId, programmeId, projectId],
  );
  return row.manages;
}
