import { PROJECT_FINANCE_CTE } from '@app/finance';
import { KPI_BASE_STATUS_CTE, KPI_ROLLUP_CTE, KPI_STATUS_CTE } from '@app/kpis';
import { GOVERNANCE_DEFAULTS } from '../settings';

// The KPI status is the kpis area's SQL, the finance figures finance's: composed here, so the imports show the dependency.
export { KPI_BASE_STATUS_CTE, KPI_ROLLUP_CTE, KPI_STATUS_CTE };
export const FINANCE_CTE = PROJECT_FINANCE_CTE;

/**
 * Shared CTEs for the rules, the rating and the portfolio view. Parameters: $1 organisation id or
 * NULL for every organisation, $2 the as-of date, $3 one project id or NULL for all. Everything is set-based over all projects in
 * scope; nothing here loops per project.
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
   WHERE p.status = 'active' AND p.phase <> 'retired' AND ($3::uuid IS NULL OR p.id = $3::uuid)
)`;

export const money = (expr: string): string => `'£' || to_char(${expr}, 'FM999,999,999,999,990.00')`;

/** The context every rule and rating query starts from. */
export const CONTEXT = `WITH ${THRESHOLDS_CTE}, ${ACTIVE_PROJECTS_CTE}, ${KPI_STATUS_CTE}, ${FINANCE_CTE}`;
