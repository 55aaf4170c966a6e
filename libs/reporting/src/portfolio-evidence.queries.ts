import { TenantTx } from '@app/platform';
import { CONTEXT, RATING_CTE } from '@app/governance';

export interface EvidenceRow {
  project_id: string;
  rating: string | null;
  step: number | null;
  inputs: { input: string; effect: number; detail: string }[] | null;
  reported_step: number | null;
  on_track: number;
  at_risk: number;
  off_track: number;
  no_data: number;
  not_measurable: number;
  stale: number;
  kpi_total: number;
  financial_year: string;
  budget: string;
  spent: string;
  forecast: string | null;
  variance: string;
  variance_pct: string | null;
  critical: number;
  warning: number;
  info: number;
}

/**
 * Everything measured about each active project, in one statement over the whole organisation:
 * the evidence-based rating with its inputs, KPI counts by status (the same evaluation the KPI API
 * uses, checked by test), current-year finance and open flags by severity. It reuses the
 * governance CTEs so the board sees exactly what the scans judge.
 */
export const PORTFOLIO_EVIDENCE_SQL = `${CONTEXT}, ${RATING_CTE},
open_flags AS (
  SELECT project_id,
         count(*) FILTER (WHERE severity = 'critical')::int AS critical,
         count(*) FILTER (WHERE severity = 'warning')::int AS warning,
         count(*) FILTER (WHERE severity = 'info')::int AS info
    FROM flags WHERE organisation_id = $1::uuid AND status <> 'resolved' AND project_id IS NOT NULL
   GROUP BY project_id
)
SELECT ap.project_id, r.rating, r.step, r.inputs, r.reported_step,
       coalesce(k.on_track, 0)::int AS on_track, coalesce(k.at_risk, 0)::int AS at_risk, coalesce(k.off_track, 0)::int AS off_track,
       coalesce(k.no_data, 0)::int AS no_data, coalesce(k.not_measurable, 0)::int AS not_measurable, coalesce(k.stale, 0)::int AS stale,
       coalesce(k.total, 0)::int AS kpi_total,
       f.current_fy AS financial_year, f.budget::numeric(17,2)::text AS budget, f.spent::numeric(17,2)::text AS spent,
       f.forecast::numeric(17,2)::text AS forecast,
       (coalesce(f.forecast, f.spent) - f.budget)::numeric(17,2)::text AS variance,
       CASE WHEN f.budget > 0 THEN round((coalesce(f.forecast, f.spent) - f.budget) * 100 / f.budget, 1)::text END AS variance_pct,
       coalesce(o.critical, 0) AS critical, coalesce(o.warning, 0) AS warning, coalesce(o.info, 0) AS info
  FROM active_projects ap
  LEFT JOIN ratings r ON r.project_id = ap.project_id
  LEFT JOIN kpi_rollup k ON k.project_id = ap.project_id
  LEFT JOIN project_finance f ON f.project_id = ap.project_id
  LEFT JOIN open_flags o ON o.project_id = ap.project_id`;

export function loadPortfolioEvidence(tx: TenantTx, asOf: string): Promise<EvidenceRow[]> {
  return tx.query<EvidenceRow>(PORTFOLIO_EVIDENCE_SQL, [tx.organisationId, asOf, null]);
}

/** Unresolved programme-level flags (e.g. no strategic objective) by programme. */
export async function loadProgrammeFlags(tx: TenantTx): Promise<Map<string, { critical: number; warning: number; info: number }>> {
  const rows = await tx.query<{ programme_id: string; critical: number; warning: number; info: number }>(
    `SELECT programme_id, count(*) FILTER (WHERE severity = 'critical')::int AS critical, count(*) FILTER (WHERE severity = 'warning')::int AS warning,
            count(*) FILTER (WHERE severity = 'info')::int AS info
       FROM flags WHERE organisation_id = $1 AND status <> 'resolved' AND project_id IS NULL GROUP BY programme_id`,
    [tx.organisationId],
  );
  return new Map(rows.map((r) => [r.programme_id, { critical: r.critical, warning: r.warning, info: r.info }]));
}
