import { RULES } from '../governance.enums';

export const SCALE = `(ARRAY['green', 'amber_green', 'amber', 'amber_red', 'red'])`;
/** Steps on the five-point scale (green = 0 … red = 4) of a rating column. */
export const stepOf = (rating: string) => `(array_position(${SCALE}, ${rating}) - 1)`;

/**
 * The derived flags open beside the rating once the scan has applied its optimism gap: the gap flag
 * is open exactly when the rating is the threshold or more worse than the report (raised, kept, or
 * still accepted), so the reason names it from the rating itself rather than from the flags as they
 * stood before (which took a second pass over the ratings whenever a gap flag moved).
 */
const GAP_OPEN = `(e.reported IS NOT NULL AND e.step - ${stepOf('e.reported')} >= e.optimism_gap_steps)`;
// Only critical flags are named there (flagCountsCte's derived_rules).
const PREDICTED_DERIVED =
  RULES.find((r) => r.code === 'optimism_gap')?.severity === 'critical'
    ? `(SELECT string_agg(d, ', ' ORDER BY d)
         FROM unnest(array_remove(string_to_array(e.derived_rules, ', '), 'optimism_gap') || CASE WHEN ${GAP_OPEN} THEN ARRAY['optimism_gap'] ELSE '{}'::text[] END) d)`
    : 'e.derived_rules';

/**
 * The evidence-based rating per project, explainable: each input adds 0, 1 or 2 steps on the
 * five-point scale (green = 0 … red = 4) and says why. One cause moves the rating once
 * (docs/EVIDENCE.md):
 *  - KPIs: no measurable KPI +2; half or more off track +2; any off track, half or more at risk, or
 *    no measurements at all +1.
 *  - Finance (the financial year of the as-of date): spend or forecast over budget by more than
 *    twice the tolerance +2, by more than the tolerance +1; spending with no budget +1.
 *  - Schedule (the delivery area's milestones): an open milestone forecast more than twice the
 *    organisation's slip threshold after its current baseline +2, more than the threshold +1
 *    (milestone_slipped, raised by the same facts, never moves it again).
 *  - Open critical flags whose cause no other input measures (not budget_overrun, which is the
 *    finance input; not no_measurable_target or spend_without_kpis, which are the KPI input; not
 *    the optimism gaps, which come from this rating): two or more +2, one +1.
 * The reported rating compared with is the project's report for the period under review, and only
 * that one: no report for the period means "not reported", never an older report.
 * Needs THRESHOLDS, REVIEW, ACTIVE_PROJECTS, KPI_ROLLUP, FINANCE, PROJECT_SCHEDULE and FLAG_COUNTS before it.
 */
const ratingCte = (predictGap: boolean) => `
rating_inputs AS (
  SELECT ap.organisation_id, ap.project_id, ap.programme_id, t.budget_tolerance_pct, t.optimism_gap_steps,
         coalesce(r.measurable, 0) AS measurable, coalesce(r.off_track, 0) AS off_track, coalesce(r.at_risk, 0) AS at_risk,
         coalesce(r.no_data, 0) AS no_data, f.budget, f.spent, f.forecast, f.current_fy,
         f.exposure AS exposure,
         coalesce(fc.rating_critical, 0) AS critical_flags, fc.rating_rules AS critical_rules, fc.derived_rules,
         rep.overall AS reported, rv.period AS reported_period,
         t.milestone_slip_days, coalesce(ps.open_milestones, 0) AS open_milestones, ps.worst_slip_days, ps.worst_title
    FROM active_projects ap
    JOIN thresholds t ON t.organisation_id = ap.organisation_id
    JOIN review rv ON rv.organisation_id = ap.organisation_id
    LEFT JOIN kpi_rollup r ON r.organisation_id = ap.organisation_id AND r.project_id = ap.project_id
    LEFT JOIN project_finance f ON f.organisation_id = ap.organisation_id AND f.project_id = ap.project_id
    LEFT JOIN project_schedule ps ON ps.organisation_id = ap.organisation_id AND ps.project_id = ap.project_id
    LEFT JOIN flag_counts fc ON fc.organisation_id = ap.organisation_id AND fc.subject_type = 'project' AND fc.subject_id = ap.project_id
    LEFT JOIN LATERAL (
      SELECT s.overall FROM status_reports s
       WHERE s.organisation_id = ap.organisation_id AND s.project_id = ap.project_id AND s.period = rv.period AND s.state <> 'draft'
       ORDER BY s.revision DESC LIMIT 1) rep ON true
),
rating_effects AS (
  SELECT i.*,
         CASE WHEN i.measurable = 0 THEN 2 WHEN i.off_track * 2 >= i.measurable THEN 2
              WHEN i.off_track > 0 OR i.at_risk * 2 >= i.measurable OR i.no_data = i.measurable THEN 1 ELSE 0 END AS kpi_effect,
         CASE WHEN i.measurable = 0 THEN 'no measurable KPI: outcomes cannot be seen'
              WHEN i.off_track > 0 THEN format('%s of %s measurable KPI(s) off track', i.off_track, i.measurable)
              WHEN i.at_risk * 2 >= i.measurable THEN format('%s of %s measurable KPI(s) at risk', i.at_risk, i.measurable)
              WHEN i.no_data = i.measurable THEN format('none of %s measurable KPI(s) has a measurement', i.measurable)
              ELSE format('%s measurable KPI(s), none off track', i.measurable) END AS kpi_reason,
         CASE WHEN i.budget > 0 AND i.exposure > i.budget * (1 + 2 * i.budget_tolerance_pct / 100) THEN 2
              WHEN i.budget > 0 AND i.exposure > i.budget * (1 + i.budget_tolerance_pct / 100) THEN 1
              WHEN i.budget = 0 AND i.spent > 0 THEN 1 ELSE 0 END AS finance_effect,
         CASE WHEN i.budget > 0 THEN format('spend or forecast %s%% of the %s budget', round(i.exposure * 100 / i.budget, 1), i.current_fy)
              WHEN i.spent > 0 THEN format('spending in %s with no budget set', i.current_fy)
              ELSE format('no budget or spend in %s', i.current_fy) END AS finance_reason,
         CASE WHEN i.worst_slip_days > 2 * i.milestone_slip_days THEN 2 WHEN i.worst_slip_days > i.milestone_slip_days THEN 1 ELSE 0 END AS schedule_effect,
         CASE WHEN i.open_milestones = 0 THEN 'no open milestones'
              WHEN i.worst_slip_days > 0 THEN format('milestone "%s" forecast %s days after its baseline (%s open milestone(s); threshold %s days)', i.worst_title, i.worst_slip_days, i.open_milestones, i.milestone_slip_days)
              ELSE format('%s open milestone(s), none forecast after its baseline', i.open_milestones) END AS schedule_reason,
         CASE WHEN i.critical_flags >= 2 THEN 2 WHEN i.critical_flags = 1 THEN 1 ELSE 0 END AS flag_effect,
         CASE WHEN i.critical_flags > 0 THEN format('%s open critical flag(s) on other causes: %s', i.critical_flags, i.critical_rules)
              ELSE 'no open critical flags on other causes' END AS flag_reason
    FROM rating_inputs i
),
ratings AS (
  SELECT e.organisation_id, e.project_id, e.programme_id, e.optimism_gap_steps, e.step, ${SCALE}[e.step + 1] AS rating,
         jsonb_build_array(
           jsonb_build_object('input', 'kpis', 'effect', e.kpi_effect, 'detail', e.kpi_reason),
           jsonb_build_object('input', 'finance', 'effect', e.finance_effect, 'detail', e.finance_reason),
           jsonb_build_object('input', 'schedule', 'effect', e.schedule_effect, 'detail', e.schedule_reason),
           jsonb_build_object('input', 'criticalFlags', 'effect', e.flag_effect, 'detail', e.flag_reason
             || CASE WHEN ${predictGap ? PREDICTED_DERIVED : 'e.derived_rules'} IS NOT NULL
                     THEN format(' (also open, and already reflected above or derived from this rating: %s)', ${predictGap ? PREDICTED_DERIVED : 'e.derived_rules'}) ELSE '' END)) AS inputs,
         e.reported, e.reported_period, ${stepOf('e.reported')} AS reported_step
    FROM (SELECT x.*, least(4, x.kpi_effect + x.finance_effect + x.schedule_effect + x.flag_effect) AS step FROM rating_effects x) e
)`;

/** The ratings as the flags stand (a past period's view, or the live one after a scan). */
export const RATING_CTE = ratingCte(false);
/** The ratings as a scan writes them: with the optimism gap flag as this scan will leave it (critical, so named among the derived flags). */
export const SCAN_RATING_CTE = ratingCte(true);

const severity = (code: string) => RULES.find((x) => x.code === code)?.severity;

/** The optimism gap: the board was told N or more steps better than the evidence shows, for the period under review. */
export const OPTIMISM_GAP_SQL = `
    SELECT r.organisation_id, 'project' AS subject_type, r.project_id AS subject_id, r.project_id, r.programme_id,
           'optimism_gap' AS rule, '${severity('optimism_gap')}' AS severity,
           format('reported %s for %s while the evidence says %s (%s steps worse): %s', r.reported, r.reported_period, r.rating,
                  r.step - r.reported_step,
                  (SELECT string_agg(x->>'detail', '; ') FROM jsonb_array_elements(r.inputs) x WHERE (x->>'effect')::int > 0)) AS evidence,
           jsonb_build_object('reported', r.reported, 'evidence', r.rating, 'period', r.reported_period) AS details
      FROM ratings r
     WHERE r.reported IS NOT NULL AND r.step - r.reported_step >= r.optimism_gap_steps`;

/** The same for a programme: its own report against the roll-up of its projects (programme_rollup). */
export const PROGRAMME_OPTIMISM_GAP_SQL = `
    SELECT g.organisation_id, 'programme' AS subject_type, g.programme_id AS subject_id, NULL::uuid AS project_id, g.programme_id,
           'programme_optimism_gap' AS rule, '${severity('programme_optimism_gap')}' AS severity,
           format('programme reported %s for %s while its projects'' evidence rolls up to %s (%s steps worse): %s', g.reported, g.period, g.rating,
                  g.step - g.reported_step, g.inputs->0->>'detail') AS evidence,
           jsonb_build_object('reported', g.reported, 'evidence', g.rating, 'period', g.period) AS details
      FROM programme_rollup g
     WHERE g.reported IS NOT NULL AND g.step IS NOT NULL AND g.step - g.reported_step >= g.optimism_gap_steps`;
