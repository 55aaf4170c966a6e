import { PROJECT_FINANCE_CTE, projectFinanceCte } from '@app/finance';
import { KPI_BASE_STATUS_CTE, KPI_ROLLUP_CTE, KPI_STATUS_CTE } from '@app/kpis';
import { ACTED_ON_FLAGS_SQL } from '@app/accountability';
import { PROJECT_SCHEDULE_CTE } from '@app/delivery';
import { GOVERNANCE_DEFAULTS } from '../settings';

// The KPI status is the kpis area's SQL, the finance figures finance's: composed here, so the imports show the dependency.
export { KPI_BASE_STATUS_CTE, KPI_ROLLUP_CTE, KPI_STATUS_CTE };
/** The rating's schedule input per project: the delivery area's milestones. */
export const SCHEDULE_CTE = PROJECT_SCHEDULE_CTE;
export const FINANCE_CTE = PROJECT_FINANCE_CTE;
/** Today's figures from the running totals, or (historical) the dated ledger and forecasts up to the as-of date. */
export const financeCte = projectFinanceCte;

/**
 * Shared CTEs for the rules, the rating and the evidence read model. Parameters: $1 organisation id
 * or NULL for every organisation, $2 the as-of date, $3 an array of project ids or NULL for all, and
 * (where the review period is used) $4 the period under review or NULL for the latest reported.
 * Everything is set-based over all projects in scope; nothing here loops per project.
 */
const setting = (key: keyof typeof GOVERNANCE_DEFAULTS, type: 'int' | 'numeric') =>
  `coalesce((o.settings->'governance'->>'${key}')::${type}, ${GOVERNANCE_DEFAULTS[key]})`;

export const THRESHOLDS_CTE = `
thresholds AS (
  SELECT o.id AS organisation_id,
         ${setting('userFeedbackDays', 'int')} AS feedback_days,
         ${setting('actionsDueDays', 'int')} AS actions_due_days,
         ${setting('buyInDays', 'int')} AS buy_in_days,
         ${setting('minSupportivePct', 'numeric')} AS min_supportive_pct,
         ${setting('minTrainingCoveragePct', 'numeric')} AS min_training_pct,
         ${setting('budgetTolerancePct', 'numeric')} AS budget_tolerance_pct,
         ${setting('optimismGapSteps', 'int')} AS optimism_gap_steps,
         ${setting('reportApprovalDays', 'int')} AS report_approval_days,
         ${setting('maxOutsideExpertisePct', 'numeric')} AS max_outside_pct,
         ${setting('knowledgeTransferDays', 'int')} AS knowledge_transfer_days,
         ${setting('milestoneSlipDays', 'int')} AS milestone_slip_days,
         ${setting('benefitsBehindPlanPct', 'numeric')} AS benefits_behind_pct,
         fy.start_year::text || '-' || lpad(((fy.start_year + 1) % 100)::text, 2, '0') AS current_fy,
         to_char(date_trunc('month', $2::date) - interval '1 month', 'YYYY-MM') AS last_closed_period,
         date_trunc('month', $2::date)::date AS current_period_start
    FROM organisations o
   CROSS JOIN LATERAL (SELECT CASE WHEN extract(month FROM $2::date) >= o.financial_year_start_month
                                   THEN extract(year FROM $2::date)::int ELSE extract(year FROM $2::date)::int - 1 END AS start_year) fy
   WHERE ($1::uuid IS NULL OR o.id = $1::uuid)
)`;

export const ACTIVE_PROJECTS_CTE = `
active_projects AS (
  SELECT p.organisation_id, p.id AS project_id, p.programme_id, p.phase, p.code, p.name, p.user_need, p.created_at,
         coalesce(p.start_date, (p.created_at AT TIME ZONE 'UTC')::date) AS started_on
    FROM projects p JOIN thresholds t ON t.organisation_id = p.organisation_id
   WHERE p.status = 'active' AND p.phase <> 'retired' AND ($3::uuid[] IS NULL OR p.id = ANY($3::uuid[]))
)`;

/**
 * The period under review per organisation: the one asked for ($4), or else the latest period
 * anyone in the organisation reported on up to the as-of month (the board's default view).
 */
export const REVIEW_CTE = `
review AS (
  SELECT t.organisation_id,
         coalesce($4::text, (SELECT max(s.period) FROM status_reports s WHERE s.organisation_id = t.organisation_id AND s.period <= to_char($2::date, 'YYYY-MM') AND s.state <> 'draft'),
                  to_char($2::date, 'YYYY-MM')) AS period
    FROM thresholds t
)`;

/** Flags the evidence counts as derived from another input (or from the rating itself): they never move the rating again. */
export const DERIVED_RULES = ['optimism_gap', 'programme_optimism_gap', 'budget_overrun', 'no_measurable_target', 'spend_without_kpis', 'milestone_slipped'] as const;
const derived = `ARRAY[${DERIVED_RULES.map((r) => `'${r}'`).join(', ')}]::text[]`;

/**
 * Unresolved flags (open or acknowledged) as they stand now, or as they stood at the end of the
 * as-of day (historical: from the raise, acknowledgement and resolution times), counted per
 * project and per programme subject.
 */
export const flagCountsCte = (historical: boolean) => `
flag_state AS (
  SELECT f.organisation_id, f.project_id, f.programme_id, f.subject_type, f.rule, f.severity,
         ${historical ? `(f.acknowledged_at IS NOT NULL AND f.acknowledged_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'))` : `f.status = 'acknowledged'`} AS acknowledged,
         ${historical ? `(f.accepted_at IS NOT NULL AND f.accepted_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') AND f.accepted_until >= $2::date)` : `f.status = 'accepted'`} AS accepted,
         -- Acted on: an open action hangs off it (the accountability area's actions).
         EXISTS (SELECT 1 FROM ${ACTED_ON_FLAGS_SQL} a WHERE a.organisation_id = f.organisation_id AND a.flag_id = f.id) AS acted_on
    FROM flags f
   WHERE ($1::uuid IS NULL OR f.organisation_id = $1::uuid)
     AND ${historical ? `f.first_raised_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') AND (f.resolved_at IS NULL OR f.resolved_at >= (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'))` : `f.status <> 'resolved'`}
     AND ($3::uuid[] IS NULL OR f.project_id IS NULL OR f.project_id = ANY($3::uuid[]))
),
flag_counts AS (
  SELECT organisation_id, subject_type, coalesce(project_id, programme_id) AS subject_id,
         count(*) FILTER (WHERE severity = 'critical')::int AS critical,
         count(*) FILTER (WHERE severity = 'warning')::int AS warning,
         count(*) FILTER (WHERE severity = 'info')::int AS info,
         count(*) FILTER (WHERE acknowledged)::int AS acknowledged,
         count(*) FILTER (WHERE accepted)::int AS accepted,
         count(*) FILTER (WHERE acted_on)::int AS acted_on,
         count(*) FILTER (WHERE severity = 'critical' AND rule <> ALL(${derived}))::int AS rating_critical,
         string_agg(rule, ', ' ORDER BY rule) FILTER (WHERE severity = 'critical' AND rule <> ALL(${derived})) AS rating_rules,
         string_agg(rule, ', ' ORDER BY rule) FILTER (WHERE severity = 'critical' AND rule = ANY(${derived})) AS derived_rules,
         jsonb_object_agg(rule, severity) AS by_rule
    FROM flag_state GROUP BY organisation_id, subject_type, coalesce(project_id, programme_id)
)`;

export const money = (expr: string): string => `'£' || to_char(${expr}, 'FM999,999,999,999,990.00')`;

/** The context every rule and rating query starts from. */
export const CONTEXT = `WITH ${THRESHOLDS_CTE}, ${ACTIVE_PROJECTS_CTE}, ${KPI_STATUS_CTE}, ${FINANCE_CTE}`;
