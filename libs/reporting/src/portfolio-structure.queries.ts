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
 * Each report is one probe of the (organisation, subject, period, revision) unique index; joining a
 * CTE of the period's reports instead let the planner expect one row and compare every project
 * with every report (22 s for 5,000 projects; milliseconds this way).
 */
const report = (subject: 'project' | 'programme', id: string, period: string, columns: string) => `
  LEFT JOIN LATERAL (SELECT ${columns} FROM status_reports s
                      WHERE s.organisation_id = $1 AND s.${subject}_id = ${id} AND s.period = ${period}
                      ORDER BY s.revision DESC LIMIT 1)`;

export const PORTFOLIO_STRUCTURE_SQL = `
SELECT g.id AS programme_id, g.code AS programme_code, g.name AS programme_name, g.status AS programme_status,
       g.objective_id, g.sro,
       gc.overall AS programme_reported, gp.overall AS programme_previous,
       p.id AS project_id, p.code AS project_code, p.name AS project_name, p.phase, p.status AS project_status,
       (p.user_need IS NOT NULL AND btrim(p.user_need) <> '') AS has_user_need,
       pc.overall AS reported, pp.overall AS previous, pc.reported_by, pc.submitted_at, pc.revision
  FROM programmes g
  ${report('programme', 'g.id', '$2', 's.overall')} gc ON true
  ${report('programme', 'g.id', '$3', 's.overall')} gp ON true
  LEFT JOIN projects p ON p.organisation_id = g.organisation_id AND p.programme_id = g.id AND p.status <> 'archived'
  ${report('project', 'p.id', '$2', 's.overall, s.reported_by, s.submitted_at, s.revision')} pc ON true
  ${report('project', 'p.id', '$3', 's.overall')} pp ON true
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
