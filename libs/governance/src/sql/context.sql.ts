import { GOVERNANCE_DEFAULTS } from '../settings';

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
 * The KPI evaluation of libs/kpis/src/evaluation.ts in SQL, with the same float8 arithmetic so the
 * two agree to the bit (a test checks them against each other).
 */
export const KPI_BASE_STATUS_CTE = `
kpi_base AS (
  SELECT k.organisation_id, k.project_id, k.id AS kpi_id, k.name, k.unit, k.frequency, k.tolerance_pct::float8 AS tolerance,
         k.baseline_value, k.baseline_date, k.target_value, k.target_date, k.created_at,
         (k.unit IS NOT NULL AND btrim(k.unit) <> '' AND k.baseline_value IS NOT NULL AND k.baseline_date IS NOT NULL
          AND k.target_value IS NOT NULL AND k.target_date IS NOT NULL AND k.target_date > k.baseline_date
          AND k.target_value <> k.baseline_value) AS measurable,
         coalesce(m.measured_on, l.measured_on) AS latest_on, coalesce(m.value, l.value)::float8 AS latest_value
    FROM kpis k
    JOIN active_projects ap ON ap.organisation_id = k.organisation_id AND ap.project_id = k.project_id
    -- The kept latest (migration 1763800009100) answers unless it is after the as-of date; only then
    -- is the measurement index probed (the gating condition skips the probe for every other KPI).
    LEFT JOIN kpi_latest_measurements l ON l.organisation_id = k.organisation_id AND l.kpi_id = k.id AND l.measured_on <= $2::date
    LEFT JOIN LATERAL (
      SELECT mm.measured_on, mm.value FROM kpi_measurements mm
       WHERE l.kpi_id IS NULL AND mm.organisation_id = k.organisation_id AND mm.kpi_id = k.id AND mm.measured_on <= $2::date
       ORDER BY mm.measured_on DESC LIMIT 1) m ON true
   WHERE k.status = 'active'
),
-- Materialised: inlined into the roll-up, each count's filter evaluated the status expression again.
kpi_status AS MATERIALIZED (
  SELECT b.*,
         ($2::date - coalesce(b.latest_on, (b.created_at AT TIME ZONE 'UTC')::date)) > (CASE b.frequency WHEN 'monthly' THEN 31 ELSE 92 END + 15) AS stale,
         CASE WHEN NOT b.measurable THEN 'not_measurable'
              WHEN b.latest_value IS NULL THEN 'no_data'
              ELSE CASE WHEN b.expected - b.progress <= 0 THEN 'on_track'
                        WHEN b.expected - b.progress <= b.tolerance THEN 'at_risk'
                        ELSE 'off_track' END END AS status
    -- Progress and expected progress inline (guarded by measurable, so no division by zero): a
    -- LATERAL per KPI for them cost a second at full size.
    FROM (SELECT kb.*,
                 CASE WHEN kb.measurable THEN ((kb.latest_value - kb.baseline_value::float8) / (kb.target_value::float8 - kb.baseline_value::float8)) * 100 END AS progress,
                 CASE WHEN kb.measurable THEN least(100, greatest(0, (($2::date - kb.baseline_date)::float8 / (kb.target_date - kb.baseline_date)::float8) * 100)) END AS expected
            FROM kpi_base kb) b
)`;

/** KPI counts by status per project (from kpi_status). */
export const KPI_ROLLUP_CTE = `
kpi_rollup AS (
  SELECT organisation_id, project_id,
         count(*) AS total,
         count(*) FILTER (WHERE measurable) AS measurable,
         count(*) FILTER (WHERE status = 'on_track') AS on_track,
         count(*) FILTER (WHERE status = 'at_risk') AS at_risk,
         count(*) FILTER (WHERE status = 'off_track') AS off_track,
         count(*) FILTER (WHERE status = 'no_data') AS no_data,
         count(*) FILTER (WHERE status = 'not_measurable') AS not_measurable,
         count(*) FILTER (WHERE stale) AS stale
    FROM kpi_status GROUP BY organisation_id, project_id
)`;

export const KPI_STATUS_CTE = `${KPI_BASE_STATUS_CTE},
${KPI_ROLLUP_CTE}`;

/**
 * Budget, spend and the latest forecast per project for the financial year containing the as-of
 * date. Today's view reads the kept running totals; a past date sums the dated ledger up to it and
 * takes the latest forecast made by then (`historical`).
 */
export const financeCte = (historical: boolean) => `
project_finance AS (
  SELECT ap.organisation_id, ap.project_id, t.current_fy,
         coalesce(b.amount, 0) AS budget, coalesce(s.total, 0) AS spent, f.amount AS forecast
    FROM active_projects ap
    JOIN thresholds t ON t.organisation_id = ap.organisation_id
    LEFT JOIN LATERAL (SELECT sum(amount) AS amount FROM budgets
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy) b ON true
    LEFT JOIN LATERAL (${
      historical
        ? `SELECT sum(amount) AS total FROM spend_entries
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy AND spent_on <= $2::date`
        : `SELECT sum(total) AS total FROM spend_totals
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy`
    }) s ON true
    LEFT JOIN LATERAL (SELECT amount FROM forecasts
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy
                          ${historical ? 'AND as_of <= $2::date' : ''}
                        ORDER BY as_of DESC, created_at DESC LIMIT 1) f ON true
)`;

export const FINANCE_CTE = financeCte(false);

/**
 * The period under review per organisation: the one asked for ($4), or else the latest period
 * anyone in the organisation reported on up to the as-of month (the board's default view).
 */
export const REVIEW_CTE = `
review AS (
  SELECT t.organisation_id,
         coalesce($4::text, (SELECT max(s.period) FROM status_reports s WHERE s.organisation_id = t.organisation_id AND s.period <= to_char($2::date, 'YYYY-MM')),
                  to_char($2::date, 'YYYY-MM')) AS period
    FROM thresholds t
)`;

/** Flags the evidence counts as derived from another input (or from the rating itself): they never move the rating again. */
export const DERIVED_RULES = ['optimism_gap', 'programme_optimism_gap', 'budget_overrun', 'no_measurable_target', 'spend_without_kpis'] as const;
const derived = `ARRAY[${DERIVED_RULES.map((r) => `'${r}'`).join(', ')}]::text[]`;

/**
 * Unresolved flags (open or acknowledged) as they stand now, or as they stood at the end of the
 * as-of day (historical: from the raise, acknowledgement and resolution times), counted per
 * project and per programme subject.
 */
export const flagCountsCte = (historical: boolean) => `
flag_state AS (
  SELECT f.organisation_id, f.project_id, f.programme_id, f.subject_type, f.rule, f.severity,
         ${historical ? `(f.acknowledged_at IS NOT NULL AND f.acknowledged_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London'))` : `f.status = 'acknowledged'`} AS acknowledged
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
         count(*) FILTER (WHERE severity = 'critical' AND rule <> ALL(${derived}))::int AS rating_critical,
         string_agg(rule, ', ' ORDER BY rule) FILTER (WHERE severity = 'critical' AND rule <> ALL(${derived})) AS rating_rules,
         string_agg(rule, ', ' ORDER BY rule) FILTER (WHERE severity = 'critical' AND rule = ANY(${derived})) AS derived_rules,
         jsonb_object_agg(rule, severity) AS by_rule
    FROM flag_state GROUP BY organisation_id, subject_type, coalesce(project_id, programme_id)
)`;

export const money = (expr: string): string => `'£' || to_char(${expr}, 'FM999,999,999,999,990.00')`;

/** The context every rule and rating query starts from. */
export const CONTEXT = `WITH ${THRESHOLDS_CTE}, ${ACTIVE_PROJECTS_CTE}, ${KPI_STATUS_CTE}, ${FINANCE_CTE}`;
