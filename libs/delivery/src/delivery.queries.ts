import { KPI_MONTHLY_VALUES_SQL, MEASURABLE_KPIS_SQL } from '@app/kpis';

/**
 * Delivery SQL other areas compose (governance's rules and rating, reporting's return) and this
 * area's services use: the delivery tables are named only here and in this area's services.
 * Parameters as the governance context: $1 organisation (or NULL for all), $2 the as-of date.
 */

/**
 * Every milestone with its current baseline: the latest re-baseline decision's date, else the
 * baseline first agreed. slip_days is forecast (or actual, once achieved) minus that baseline.
 */
export const MILESTONE_BASELINES_SQL = `(SELECT m.organisation_id, m.id, m.programme_id, m.project_id, m.title, m.baseline_date AS original_baseline_date,
          coalesce(rb.baseline_date, m.baseline_date) AS baseline_date, m.forecast_date, m.actual_date, m.status, m.owner_person_id,
          rb.decision_id AS rebaseline_decision_id, coalesce(rb.rebaselines, 0) AS rebaselines,
          coalesce(m.actual_date, m.forecast_date) - coalesce(rb.baseline_date, m.baseline_date) AS slip_days,
          (m.actual_date IS NULL AND m.status <> 'cancelled') AS open
     FROM milestones m
     LEFT JOIN LATERAL (SELECT r.baseline_date, r.decision_id, count(*) OVER () AS rebaselines FROM milestone_rebaselines r
                         WHERE r.organisation_id = m.organisation_id AND r.milestone_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1) rb ON true
    WHERE ($1::uuid IS NULL OR m.organisation_id = $1::uuid))`;

/**
 * Open milestones whose forecast is later than their current baseline by more than the threshold:
 * no re-baseline decision covers the slip. Needs a thresholds relation (organisation_id,
 * milestone_slip_days) before it, as governance's context has.
 */
export const SLIPPED_MILESTONES_SQL = `(SELECT m.*, t.milestone_slip_days AS threshold_days FROM ${MILESTONE_BASELINES_SQL} m JOIN thresholds t ON t.organisation_id = m.organisation_id
    WHERE m.open AND m.slip_days > t.milestone_slip_days)`;

/**
 * The schedule input of the evidence rating, per active project: its open milestones and the
 * worst slip among them. Needs active_projects before it.
 */
export const PROJECT_SCHEDULE_CTE = `
project_schedule AS (
  SELECT m.organisation_id, m.project_id, count(*)::int AS open_milestones, max(m.slip_days)::int AS worst_slip_days,
         (array_agg(m.title ORDER BY m.slip_days DESC, m.title))[1] AS worst_title
    FROM ${MILESTONE_BASELINES_SQL} m
    JOIN active_projects ap ON ap.organisation_id = m.organisation_id AND ap.project_id = m.project_id
   WHERE m.open
   GROUP BY m.organisation_id, m.project_id
)`;

/** Each benefit's realised amount per period (month): its KPI's last measurement in the month, or the latest entry for the month. */
export const BENEFIT_REALISED_SQL = `(
  SELECT b.organisation_id, b.id AS benefit_id, v.period, v.value::numeric(17,2) AS amount, 'kpi'::text AS source, NULL::text AS evidence
    FROM benefits b JOIN ${KPI_MONTHLY_VALUES_SQL} v ON v.organisation_id = b.organisation_id AND v.kpi_id = b.realisation_kpi_id
   WHERE ($1::uuid IS NULL OR b.organisation_id = $1::uuid)
  UNION ALL
  SELECT * FROM (SELECT DISTINCT ON (r.organisation_id, r.benefit_id, r.period) r.organisation_id, r.benefit_id, r.period, r.amount, 'entered'::text AS source, r.evidence
    FROM benefit_realisations r JOIN benefits b ON b.organisation_id = r.organisation_id AND b.id = r.benefit_id
   WHERE ($1::uuid IS NULL OR r.organisation_id = $1::uuid) AND b.realisation_kpi_id IS NULL
   ORDER BY r.organisation_id, r.benefit_id, r.period, r.created_at DESC, r.id DESC) e)`;

/**
 * Months of a financial year ("2026-27") elapsed by the end of a period ("YYYY-MM"), 0 to 12, for
 * an organisation whose year starts in start_month.
 */
const monthsElapsed = (financialYear: string, period: string, startMonth: string) =>
  `least(12, greatest(0, (substr(${period}, 1, 4)::int * 12 + substr(${period}, 6, 2)::int) - (substr(${financialYear}, 1, 4)::int * 12 + ${startMonth}) + 1))`;

/**
 * Every benefit's position at the end of a period (an SQL expression giving "YYYY-MM"): planned in
 * total, planned to date (each year's profile spread evenly over its months, to two decimals),
 * realised to date, and how many of its linked KPIs are measurable. Money stays numeric.
 */
export const benefitPositionsSql = (period: string): string => `(
  SELECT b.organisation_id, b.id AS benefit_id, b.programme_id, b.project_id, b.objective_id, b.title, b.kind, b.unit, b.realisation_kpi_id,
         coalesce(pl.total, 0)::numeric(17,2) AS planned_total, coalesce(pl.to_date, 0)::numeric(17,2) AS planned_to_date,
         coalesce(rl.to_date, 0)::numeric(17,2) AS realised_to_date, coalesce(kl.measurable, 0)::int AS measurable_kpis, coalesce(kl.linked, 0)::int AS linked_kpis
    FROM benefits b
    JOIN organisations o ON o.id = b.organisation_id
    LEFT JOIN LATERAL (SELECT sum(y.planned) AS total, round(sum(y.planned * ${monthsElapsed('y.financial_year', period, 'o.financial_year_start_month')} / 12.0), 2) AS to_date
                         FROM benefit_profile_years y WHERE y.organisation_id = b.organisation_id AND y.benefit_id = b.id) pl ON true
    LEFT JOIN LATERAL (SELECT sum(r.amount) AS to_date FROM ${BENEFIT_REALISED_SQL} r
                        WHERE r.organisation_id = b.organisation_id AND r.benefit_id = b.id AND r.period <= ${period}) rl ON true
    LEFT JOIN LATERAL (SELECT count(*) AS linked, count(mk.kpi_id) AS measurable FROM benefit_kpis bk
                         LEFT JOIN ${MEASURABLE_KPIS_SQL} mk ON mk.organisation_id = bk.organisation_id AND mk.kpi_id = bk.kpi_id
                        WHERE bk.organisation_id = b.organisation_id AND bk.benefit_id = b.id) kl ON true
   WHERE ($1::uuid IS NULL OR b.organisation_id = $1::uuid))`;

/** Benefits with no measurable KPI linked (governance's benefit_unmeasured). */
export const UNMEASURED_BENEFITS_SQL = `(SELECT x.* FROM ${benefitPositionsSql("to_char($2::date, 'YYYY-MM')")} x WHERE x.measurable_kpis = 0)`;

/**
 * Benefits realised below plan to date by more than the threshold (governance's
 * benefits_behind_plan). Needs a thresholds relation (organisation_id, benefits_behind_pct).
 */
export const BENEFITS_BEHIND_PLAN_SQL = `(SELECT x.*, round((x.planned_to_date - x.realised_to_date) * 100 / x.planned_to_date, 1) AS behind_pct, t.benefits_behind_pct AS threshold_pct
     FROM ${benefitPositionsSql("to_char($2::date, 'YYYY-MM')")} x JOIN thresholds t ON t.organisation_id = x.organisation_id
    WHERE x.planned_to_date > 0 AND x.realised_to_date < x.planned_to_date * (1 - t.benefits_behind_pct / 100))`;

/**
 * Each project's key dates for a return: its last milestone by current baseline (cancelled ones
 * aside), with that baseline and its forecast (the actual date, once achieved).
 */
export const PROJECT_KEY_DATES_SQL = `(SELECT DISTINCT ON (m.organisation_id, m.project_id) m.organisation_id, m.project_id, m.title,
          m.baseline_date, coalesce(m.actual_date, m.forecast_date) AS forecast_date
     FROM ${MILESTONE_BASELINES_SQL} m WHERE m.project_id IS NOT NULL AND m.status <> 'cancelled'
    ORDER BY m.organisation_id, m.project_id, m.baseline_date DESC, m.title)`;

/** Each project's benefits in pounds (the money kinds) at the end of a period: planned in total, planned and realised to date. */
export const projectBenefitTotalsSql = (period: string): string => `(SELECT x.organisation_id, x.project_id, sum(x.planned_total)::numeric(17,2) AS planned_total,
          sum(x.planned_to_date)::numeric(17,2) AS planned_to_date, sum(x.realised_to_date)::numeric(17,2) AS realised_to_date
     FROM ${benefitPositionsSql(period)} x WHERE x.project_id IS NOT NULL AND x.kind <> 'non_monetised'
    GROUP BY x.organisation_id, x.project_id)`;
