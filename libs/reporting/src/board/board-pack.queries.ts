import { TenantTx } from '@app/platform';
import { DeliveryConfidence, Rag } from '@app/portfolio';

export interface PackReport {
  revision: number;
  overall: DeliveryConfidence;
  dimensions: Record<'schedule' | 'cost' | 'scope' | 'benefits' | 'risk' | 'resourcing', Rag>;
  narrative: string | null;
  keyRisks: string | null;
  decisionsNeeded: string | null;
  reportedBy: string;
  submittedAt: string;
  /** A later revision exists that was submitted after the cut-off (so not in this pack). */
  supersededLater: boolean;
}

export interface PackRow {
  programme_id: string;
  programme_code: string;
  programme_name: string;
  sro: string | null;
  subject_type: 'programme' | 'project';
  project_id: string | null;
  project_code: string | null;
  project_name: string | null;
  phase: string | null;
  report: PackReport | null;
  previous_overall: DeliveryConfidence | null;
}

/**
 * What was reported for a period as it stood at a cut-off: for every programme and project, the
 * highest revision submitted by then (and the previous period's, for the trend). Status reports
 * are append-only, so the same period and cut-off give the same pack for ever.
 */
export const BOARD_PACK_SQL = `
WITH reports AS (
  SELECT DISTINCT ON (r.subject_type, coalesce(r.project_id, r.programme_id), r.period)
         r.subject_type, coalesce(r.project_id, r.programme_id) AS subject_id, r.period, r.revision, r.overall,
         r.schedule, r.cost, r.scope, r.benefits, r.risk, r.resourcing, r.narrative, r.key_risks, r.decisions_needed,
         r.reported_by, r.submitted_at, r.state = 'approved' AS approved,
         EXISTS (SELECT 1 FROM status_reports n WHERE n.organisation_id = r.organisation_id AND n.period = r.period
                    AND n.project_id IS NOT DISTINCT FROM r.project_id AND n.programme_id IS NOT DISTINCT FROM r.programme_id
                    AND n.revision > r.revision AND n.state <> 'draft') AS superseded_later
    FROM status_reports r
   WHERE r.organisation_id = $1 AND r.period IN ($2, $3) AND r.submitted_at <= $4 AND r.state <> 'draft'
   ORDER BY r.subject_type, coalesce(r.project_id, r.programme_id), r.period, r.revision DESC
), subjects AS (
  SELECT g.id AS programme_id, 'programme' AS subject_type, g.id AS subject_id, NULL::uuid AS project_id, NULL AS project_code, NULL AS project_name, NULL AS phase,
         g.status <> 'archived' AS live
    FROM programmes g WHERE g.organisation_id = $1
  UNION ALL
  SELECT p.programme_id, 'project', p.id, p.id, p.code, p.name, p.phase, p.status <> 'archived'
    FROM projects p WHERE p.organisation_id = $1
)
SELECT g.id AS programme_id, g.code AS programme_code, g.name AS programme_name, g.sro,
       s.subject_type, s.project_id, s.project_code, s.project_name, s.phase,
       CASE WHEN c.subject_id IS NOT NULL THEN json_build_object(
         'revision', c.revision, 'overall', c.overall, 'approved', c.approved,
         'dimensions', json_build_object('schedule', c.schedule, 'cost', c.cost, 'scope', c.scope, 'benefits', c.benefits, 'risk', c.risk, 'resourcing', c.resourcing),
         'narrative', c.narrative, 'keyRisks', c.key_risks, 'decisionsNeeded', c.decisions_needed, 'reportedBy', c.reported_by,
         'submittedAt', to_char(c.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'supersededLater', c.superseded_later) END AS report,
       p.overall AS previous_overall
  FROM subjects s
  JOIN programmes g ON g.organisation_id = $1 AND g.id = s.programme_id
  LEFT JOIN reports c ON c.subject_type = s.subject_type AND c.subject_id = s.subject_id AND c.period = $2
  LEFT JOIN reports p ON p.subject_type = s.subject_type AND p.subject_id = s.subject_id AND p.period = $3
 -- Archived subjects stay in an old pack if they reported in it.
 WHERE (s.live OR c.subject_id IS NOT NULL) AND (g.status <> 'archived' OR c.subject_id IS NOT NULL)
 ORDER BY g.code, s.subject_type DESC, s.project_code`;

export function loadBoardPack(tx: TenantTx, period: string, previousPeriod: string, submittedBy: Date): Promise<PackRow[]> {
  return tx.query<PackRow>(BOARD_PACK_SQL, [tx.organisationId, period, previousPeriod, submittedBy]);
}
