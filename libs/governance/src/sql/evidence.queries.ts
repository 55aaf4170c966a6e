import { ACTIVE_PROJECTS_CTE, financeCte, flagCountsCte, KPI_STATUS_CTE, REVIEW_CTE, SCHEDULE_CTE, THRESHOLDS_CTE } from './context.queries';
import { RATING_CTE, SCALE, stepOf } from './rating.queries';

/**
 * The evidence read model's rows (docs/EVIDENCE.md), as SELECTs over relations named like the
 * scan's context (thresholds, review, ratings, kpi_rollup, project_finance, flag_counts): the scan
 * has them as temporary tables and writes the rows to project_evidence / programme_evidence; a past
 * period's view has them as CTEs as of that period's end and reads the rows directly.
 */

const money = (expr: string) => `(${expr})::numeric(17,2)::text`;
const iso = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const trend = (current: string, previous: string) =>
  `CASE WHEN ${current} IS NULL THEN NULL WHEN ${previous} IS NULL THEN 'new' WHEN ${stepOf(current)} < ${stepOf(previous)} THEN 'better'
        WHEN ${stepOf(current)} > ${stepOf(previous)} THEN 'worse' ELSE 'same' END`;
const previousOf = (period: string) => `to_char(to_date(${period}, 'YYYY-MM') - interval '1 month', 'YYYY-MM')`;
const report = (subject: 'project' | 'programme', id: string, period: string, columns: string) => `
  LEFT JOIN LATERAL (SELECT ${columns} FROM status_reports s
                      WHERE s.organisation_id = $1 AND s.${subject}_id = ${id} AND s.period = ${period} AND s.state <> 'draft'
                      ORDER BY s.revision DESC LIMIT 1)`;
/** A flagged optimism gap: the open flag now; for a past period, the gap against the threshold then. */
const flagged = (historical: boolean, rule: string, gap: string) =>
  historical ? `coalesce(${gap} >= t.optimism_gap_steps, false)` : `coalesce(fc.by_rule ? '${rule}', false)`;

/** What a programme's roll-up sums over its projects besides critical_flags and kpis_off_track (project_evidence keeps them as columns). */
export const ROLLUP_COUNTS = ['kpis_on_track', 'kpis_at_risk', 'kpis_no_data', 'kpis_not_measurable', 'kpis_stale', 'kpis_total', 'warning_flags', 'info_flags', 'acknowledged_flags', 'accepted_flags', 'acted_on_flags'];

/**
 * One row per non-archived project of the organisation in scope ($3), with what every page shows of
 * it (`doc`) and, as columns, what its programme's roll-up sums (ROLLUP_COUNTS, budget, spent, forecast).
 */
export const projectRowsSql = (historical: boolean) => `
SELECT x.organisation_id, x.project_id, x.programme_id, x.code, x.period, x.as_of, x.evidence_as_of, x.rating, x.rating_step,
       x.reported, x.reported_step, x.optimism_gap, x.optimism_flagged, x.critical_flags, x.kpis_off_track, x.over_budget,
       ${ROLLUP_COUNTS.map((c) => `x.${c}`).join(', ')},
       -- As the doc shows them (rounded to pence, null without a financial year).
       ${['budget', 'spent', 'forecast'].map((c) => `CASE WHEN x.financial_year IS NOT NULL THEN x.${c}::numeric(17,2) END AS ${c}`).join(', ')},
       x.kpis_change_on, x.inputs, coalesce(x.by_rule, '{}'::jsonb) AS flags_by_rule,
       jsonb_build_object(
         'id', x.project_id, 'code', x.code, 'name', x.name, 'phase', x.phase, 'status', x.status, 'hasUserNeed', x.has_user_need,
         'reported', CASE WHEN x.reported IS NOT NULL THEN jsonb_build_object('rating', x.reported, 'period', x.period, 'revision', x.revision,
                       'reportedBy', x.reported_by, 'submittedAt', ${iso('x.submitted_at')}, 'approved', x.report_state = 'approved') END,
         'previous', x.previous, 'trend', ${trend('x.reported', 'x.previous')},
         'evidence', CASE WHEN x.rating IS NOT NULL THEN jsonb_build_object('rating', x.rating, 'steps', x.rating_step) END,
         'optimismGap', x.optimism_gap, 'optimismGapFlagged', x.optimism_flagged,
         'kpis', jsonb_build_object('on_track', x.kpis_on_track, 'at_risk', x.kpis_at_risk, 'off_track', x.kpis_off_track, 'no_data', x.kpis_no_data,
                   'not_measurable', x.kpis_not_measurable, 'stale', x.kpis_stale, 'total', x.kpis_total),
         'finance', CASE WHEN x.financial_year IS NOT NULL THEN jsonb_build_object('financialYear', x.financial_year, 'budget', ${money('x.budget')},
                      'spent', ${money('x.spent')}, 'committed', ${money('x.committed')}, 'exposure', ${money('x.exposure')}, 'forecast', ${money('x.forecast')}, 'variance', ${money('coalesce(x.forecast, x.spent) - x.budget')},
                      'variancePct', CASE WHEN x.budget > 0 THEN round((coalesce(x.forecast, x.spent) - x.budget) * 100 / x.budget, 1)::text END,
                      'overBudget', x.over_budget) END,
         'openFlags', jsonb_build_object('critical', x.critical_flags, 'warning', x.warning_flags, 'info', x.info_flags,
                        'acknowledged', x.acknowledged_flags, 'accepted', x.accepted_flags, 'actedOn', x.acted_on_flags)) AS doc
  FROM (
    SELECT p.organisation_id, p.id AS project_id, p.programme_id, p.code, p.name, p.phase, p.status,
           (p.user_need IS NOT NULL AND btrim(p.user_need) <> '') AS has_user_need,
           rv.period, $2::date AS as_of, now() AS evidence_as_of, r.rating, r.step AS rating_step,
           rep.overall AS reported, ${stepOf('rep.overall')} AS reported_step, rep.revision, rep.reported_by, rep.submitted_at, rep.state AS report_state, prev.overall AS previous,
           r.step - ${stepOf('rep.overall')} AS optimism_gap,
           ${flagged(historical, 'optimism_gap', `r.step - ${stepOf('rep.overall')}`)} AS optimism_flagged,
           coalesce(fc.critical, 0) AS critical_flags, coalesce(k.off_track, 0)::int AS kpis_off_track,
           coalesce(f.budget > 0 AND f.exposure > f.budget * (1 + t.budget_tolerance_pct / 100), false) AS over_budget,
           r.inputs, f.current_fy AS financial_year, f.budget, f.spent, f.forecast, f.committed, f.exposure,
           coalesce(k.on_track, 0)::int AS kpis_on_track, coalesce(k.at_risk, 0)::int AS kpis_at_risk, coalesce(k.no_data, 0)::int AS kpis_no_data,
           coalesce(k.not_measurable, 0)::int AS kpis_not_measurable, coalesce(k.stale, 0)::int AS kpis_stale, coalesce(k.total, 0)::int AS kpis_total,
           coalesce(fc.warning, 0) AS warning_flags, coalesce(fc.info, 0) AS info_flags, coalesce(fc.acknowledged, 0) AS acknowledged_flags,
           coalesce(fc.accepted, 0) AS accepted_flags, coalesce(fc.acted_on, 0) AS acted_on_flags, fc.by_rule, k.next_change_on AS kpis_change_on
      FROM projects p
      JOIN thresholds t ON t.organisation_id = p.organisation_id
      JOIN review rv ON rv.organisation_id = p.organisation_id
      LEFT JOIN ratings r ON r.organisation_id = p.organisation_id AND r.project_id = p.id
      LEFT JOIN kpi_rollup k ON k.organisation_id = p.organisation_id AND k.project_id = p.id
      LEFT JOIN project_finance f ON f.organisation_id = p.organisation_id AND f.project_id = p.id
      LEFT JOIN flag_counts fc ON fc.organisation_id = p.organisation_id AND fc.subject_type = 'project' AND fc.subject_id = p.id
      ${report('project', 'p.id', 'rv.period', 's.overall, s.revision, s.reported_by, s.submitted_at, s.state')} rep ON true
      ${report('project', 'p.id', previousOf('rv.period'), 's.overall')} prev ON true
     WHERE p.organisation_id = $1 AND p.status <> 'archived' AND ($3::uuid[] IS NULL OR p.id = ANY($3::uuid[]))
  ) x`;

/**
 * Each programme's evidence rating, rolled up from its rated projects (the relation project_rows):
 * the budget-weighted average of their steps, rounded up to a whole step; a project with no budget
 * weighs as much as the programme's average budgeted project (all weigh alike when none has a
 * budget). Beside it the programme's own report for the period and the gap between them.
 */
export const PROGRAMME_ROLLUP_CTE = `
programme_weights AS (
  SELECT pr.organisation_id, pr.programme_id, pr.code, pr.rating, pr.rating_step, pr.budget,
         CASE WHEN pr.budget > 0 THEN pr.budget
              ELSE coalesce(avg(pr.budget) FILTER (WHERE pr.budget > 0 AND pr.rating IS NOT NULL) OVER (PARTITION BY pr.programme_id), 1) END AS weight
    FROM project_rows pr WHERE pr.rating IS NOT NULL
),
programme_rollup AS (
  SELECT g.organisation_id, g.id AS programme_id, rv.period, t.optimism_gap_steps, w.step, ${SCALE}[w.step + 1] AS rating,
         rep.overall AS reported, ${stepOf('rep.overall')} AS reported_step, prev.overall AS previous,
         CASE WHEN w.step IS NOT NULL THEN jsonb_build_array(
           jsonb_build_object('input', 'projects', 'effect', w.step,
             'detail', format('budget-weighted average of %s rated project(s): %s steps, rounded up to %s', w.n, round(w.average, 2), ${SCALE}[w.step + 1])),
           jsonb_build_object('input', 'worstProject', 'effect', 0, 'detail', format('worst project: %s, %s', w.worst_code, w.worst_rating))) END AS inputs
    FROM programmes g
    JOIN thresholds t ON t.organisation_id = g.organisation_id
    JOIN review rv ON rv.organisation_id = g.organisation_id
    LEFT JOIN (
      SELECT programme_id, count(*) AS n, sum(weight * rating_step) / sum(weight) AS average,
             least(4, ceil(sum(weight * rating_step) / sum(weight)))::int AS step,
             (array_agg(code ORDER BY rating_step DESC, code))[1] AS worst_code, (array_agg(rating ORDER BY rating_step DESC, code))[1] AS worst_rating
        FROM programme_weights pw
       GROUP BY programme_id
    ) w ON w.programme_id = g.id
    ${report('programme', 'g.id', 'rv.period', 's.overall')} rep ON true
    ${report('programme', 'g.id', previousOf('rv.period'), 's.overall')} prev ON true
   WHERE g.organisation_id = $1 AND g.status <> 'archived'
)`;

/** One row per non-archived programme with what every page shows of it; totals over its projects (project_rows' roll-up columns). */
export const programmeRowsSql = (historical: boolean) => `
SELECT g.organisation_id, g.id AS programme_id, g.code, ru.period, now() AS evidence_as_of, ru.rating, ru.step AS rating_step,
       ru.reported, ru.reported_step, ru.step - ru.reported_step AS optimism_gap,
       ${flagged(historical, 'programme_optimism_gap', 'ru.step - ru.reported_step')} AS optimism_flagged,
       coalesce(fc.critical, 0) AS critical_flags, coalesce(fc.by_rule, '{}'::jsonb) AS flags_by_rule,
       jsonb_build_object(
         'id', g.id, 'code', g.code, 'name', g.name, 'status', g.status, 'objectiveId', g.objective_id, 'sro', g.sro,
         'reported', CASE WHEN ru.reported IS NOT NULL THEN jsonb_build_object('rating', ru.reported, 'period', ru.period) END,
         'previous', ru.previous, 'trend', ${trend('ru.reported', 'ru.previous')},
         'evidence', CASE WHEN ru.rating IS NOT NULL THEN jsonb_build_object('rating', ru.rating, 'steps', ru.step, 'inputs', ru.inputs) END,
         'optimismGap', ru.step - ru.reported_step,
         'optimismGapFlagged', ${flagged(historical, 'programme_optimism_gap', 'ru.step - ru.reported_step')},
         'ownFlags', jsonb_build_object('critical', coalesce(fc.critical, 0), 'warning', coalesce(fc.warning, 0), 'info', coalesce(fc.info, 0),
           'acknowledged', coalesce(fc.acknowledged, 0), 'accepted', coalesce(fc.accepted, 0), 'actedOn', coalesce(fc.acted_on, 0), 'byRule', coalesce(fc.by_rule, '{}'::jsonb)),
         'totals', jsonb_build_object(
           'projects', coalesce(tot.projects, 0),
           'kpis', jsonb_build_object('on_track', coalesce(tot.on_track, 0), 'at_risk', coalesce(tot.at_risk, 0), 'off_track', coalesce(tot.off_track, 0),
             'no_data', coalesce(tot.no_data, 0), 'not_measurable', coalesce(tot.not_measurable, 0), 'stale', coalesce(tot.stale, 0), 'total', coalesce(tot.total, 0)),
           'budget', ${money('coalesce(tot.budget, 0)')}, 'spent', ${money('coalesce(tot.spent, 0)')}, 'forecast', ${money('coalesce(tot.forecast, 0)')},
           'openFlags', jsonb_build_object('critical', coalesce(tot.critical, 0) + coalesce(fc.critical, 0), 'warning', coalesce(tot.warning, 0) + coalesce(fc.warning, 0),
             'info', coalesce(tot.info, 0) + coalesce(fc.info, 0), 'acknowledged', coalesce(tot.acknowledged, 0) + coalesce(fc.acknowledged, 0),
             'accepted', coalesce(tot.accepted, 0) + coalesce(fc.accepted, 0), 'actedOn', coalesce(tot.acted_on, 0) + coalesce(fc.acted_on, 0)))) AS doc
  FROM programmes g
  JOIN thresholds t ON t.organisation_id = g.organisation_id
  JOIN programme_rollup ru ON ru.organisation_id = g.organisation_id AND ru.programme_id = g.id
  LEFT JOIN flag_counts fc ON fc.organisation_id = g.organisation_id AND fc.subject_type = 'programme' AND fc.subject_id = g.id
  LEFT JOIN (
    SELECT programme_id, count(*) AS projects,
           sum(kpis_on_track) AS on_track, sum(kpis_at_risk) AS at_risk, sum(kpis_off_track) AS off_track, sum(kpis_no_data) AS no_data,
           sum(kpis_not_measurable) AS not_measurable, sum(kpis_stale) AS stale, sum(kpis_total) AS total,
           sum(budget) AS budget, sum(spent) AS spent, sum(coalesce(forecast, spent)) AS forecast,
           sum(critical_flags) AS critical, sum(warning_flags) AS warning, sum(info_flags) AS info,
           sum(acknowledged_flags) AS acknowledged, sum(accepted_flags) AS accepted, sum(acted_on_flags) AS acted_on
      FROM project_rows GROUP BY programme_id
  ) tot ON tot.programme_id = g.id`;

const PARAMS = `evidence_params AS (SELECT $1::uuid AS organisation_id, $2::date AS as_of, $3::uuid[] AS project_ids, $4::text AS period)`;
const CONTEXT = (historical: boolean) =>
  `WITH ${PARAMS}, ${THRESHOLDS_CTE}, ${REVIEW_CTE}, ${ACTIVE_PROJECTS_CTE}, ${KPI_STATUS_CTE}, ${financeCte(historical)}, ${SCHEDULE_CTE}, ${flagCountsCte(historical)}, ${RATING_CTE}`;

/**
 * A period's evidence computed on the spot as of a date (every project of the organisation): the
 * rows as project_evidence would hold them. Parameters: $1 organisation, $2 as-of date, $3 NULL, $4 period.
 */
export const LIVE_PROJECT_ROWS_SQL = `${CONTEXT(true)} ${projectRowsSql(true)}`;

/** The programme rows on the spot, over the same projects. */
export const LIVE_PROGRAMME_ROWS_SQL = `${CONTEXT(true)}, project_rows AS MATERIALIZED (${projectRowsSql(true)}), ${PROGRAMME_ROLLUP_CTE} ${programmeRowsSql(true)}`;
