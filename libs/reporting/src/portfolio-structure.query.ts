import { TenantTx } from '@app/platform';
import { DeliveryConfidence, LifecycleStatus, Phase } from '@app/portfolio';

export interface StructureRow {
  programme_id: string;
  programme_code: string;
  programme_name: string;
  programme_status: LifecycleStatus;
  objective_id: string | null;
  sro: string | null;
  programme_reported: DeliveryConfidence | null;
  programme_previous: DeliveryConfidence | null;
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  phase: Phase | null;
  project_status: LifecycleStatus | null;
  has_user_need: boolean | null;
  reported: DeliveryConfidence | null;
  previous: DeliveryConfidence | null;
  reported_by: string | null;
  submitted_at: Date | null;
  revision: number | null;
}

/**
 * Programmes and their projects with the current revision of each subject's report for the period
 * and for the period before: one statement for the whole organisation, however many projects.
 */
export const PORTFOLIO_STRUCTURE_SQL = `
WITH current_reports AS (
  SELECT DISTINCT ON (subject_type, coalesce(project_id, programme_id), period)
         subject_type, coalesce(project_id, programme_id) AS subject_id, period, overall, reported_by, submitted_at, revision
    FROM status_reports
   WHERE organisation_id = $1 AND period IN ($2, $3)
   ORDER BY subject_type, coalesce(project_id, programme_id), period, revision DESC
)
SELECT g.id AS programme_id, g.code AS programme_code, g.name AS programme_name, g.status AS programme_status,
       g.objective_id, g.sro,
       gc.overall AS programme_reported, gp.overall AS programme_previous,
       p.id AS project_id, p.code AS project_code, p.name AS project_name, p.phase, p.status AS project_status,
       (p.user_need IS NOT NULL AND btrim(p.user_need) <> '') AS has_user_need,
       pc.overall AS reported, pp.overall AS previous, pc.reported_by, pc.submitted_at, pc.revision
  FROM programmes g
  LEFT JOIN projects p ON p.organisation_id = g.organisation_id AND p.programme_id = g.id AND p.status <> 'archived'
  LEFT JOIN current_reports gc ON gc.subject_type = 'programme' AND gc.subject_id = g.id AND gc.period = $2
  LEFT JOIN current_reports gp ON gp.subject_type = 'programme' AND gp.subject_id = g.id AND gp.period = $3
  LEFT JOIN current_reports pc ON pc.subject_type = 'project' AND pc.subject_id = p.id AND pc.period = $2
  LEFT JOIN current_reports pp ON pp.subject_type = 'project' AND pp.subject_id = p.id AND pp.period = $3
 WHERE g.organisation_id = $1 AND g.status <> 'archived' AND ($4::uuid IS NULL OR g.id = $4)
 ORDER BY g.code, p.code`;

export function loadPortfolioStructure(tx: TenantTx, period: string, previousPeriod: string, programmeId: string | null): Promise<StructureRow[]> {
  return tx.query<StructureRow>(PORTFOLIO_STRUCTURE_SQL, [tx.organisationId, period, previousPeriod, programmeId]);
}

/** The latest period anyone in the organisation reported on, the board's default view. */
export async function latestReportedPeriod(tx: TenantTx): Promise<string | null> {
  const [row] = await tx.query<{ period: string | null }>(`SELECT max(period) AS period FROM status_reports WHERE organisation_id = $1`, [tx.organisationId]);
  return row.period;
}
