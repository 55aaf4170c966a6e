import { ENGAGEMENTS_WITHOUT_ACTIONS_SQL, lastExternalEngagementSql, latestInternalBuyInSql, latestTrainingSql } from '@app/engagement';
import { HIGH_RISK_SCORE, highRisksWithoutActionSql, LATE_DEPENDENCIES_SQL, OVERDUE_ACTIONS_SQL, OWNERS_SQL } from '@app/accountability';
import { awaitingApprovalSql } from '@app/portfolio';
import { lastKnowledgeTransferSql } from '@app/capability';
import { projectsOutsideExpertiseSql } from '@app/finance';
import { BENEFITS_BEHIND_PLAN_SQL, SLIPPED_MILESTONES_SQL, UNMEASURED_BENEFITS_SQL } from '@app/delivery';
import { RuleCode, RULES } from '../governance.enums';
import { money } from './context.queries';

/** A benefit amount in words: pounds for the money kinds, else the amount and its unit. */
const amount = (expr: string, x = 'x') => `CASE WHEN ${x}.kind = 'non_monetised' THEN (${expr})::text || ' ' || ${x}.unit ELSE ${money(expr)} END`;

const severity = (code: RuleCode): string => `'${RULES.find((r) => r.code === code)?.severity}'`;

/** Columns every rule yields: one row per subject that breaks the rule. */
const project = (code: RuleCode) => `ap.organisation_id, 'project' AS subject_type, ap.project_id AS subject_id, ap.project_id, ap.programme_id, '${code}' AS rule, ${severity(code)} AS severity`;

/**
 * A rule over accountability records (a fragment of @app/accountability aliased x): one flag per
 * active project holding any, and one per active programme for its programme-level records
 * (when $5 says to judge programmes: whole-organisation scans, full or incremental).
 */
function groupedByProjectOrProgramme(code: RuleCode, records: string, evidence: string, details: string): string {
  return `
    SELECT ${project(code)}, ${evidence} AS evidence, ${details} AS details
      FROM active_projects ap JOIN ${records} x ON x.organisation_id = ap.organisation_id AND x.project_id = ap.project_id
     GROUP BY ap.organisation_id, ap.project_id, ap.programme_id
    UNION ALL
    SELECT g.organisation_id, 'programme' AS subject_type, g.id AS subject_id, NULL::uuid AS project_id, g.id AS programme_id, '${code}' AS rule, ${severity(code)} AS severity,
           ${evidence} AS evidence, ${details} AS details
      FROM programmes g JOIN thresholds t ON t.organisation_id = g.organisation_id
      JOIN ${records} x ON x.organisation_id = g.organisation_id AND x.programme_id = g.id AND x.project_id IS NULL
     WHERE g.status = 'active' AND $5::boolean
     GROUP BY g.organisation_id, g.id`;
}

/**
 * One SELECT per rule (DESIGN.md section 5), each over every project in scope at once, with the
 * organisation's thresholds. The optimism gap needs the evidence rating and lives in rating.queries.ts.
 */
export const RULE_SQL: Record<Exclude<RuleCode, 'optimism_gap' | 'programme_optimism_gap'>, string> = {
  no_measurable_target: `
    SELECT ${project('no_measurable_target')},
           format('no KPI with a baseline, target, target date and unit (%s KPI(s) defined, none measurable)', coalesce(r.total, 0)) AS evidence,
           jsonb_build_object('kpis', coalesce(r.total, 0)) AS details
      FROM active_projects ap
      LEFT JOIN kpi_rollup r ON r.organisation_id = ap.organisation_id AND r.project_id = ap.project_id
     WHERE coalesce(r.measurable, 0) = 0`,

  kpi_not_measurable: `
    SELECT ${project('kpi_not_measurable')},
           string_agg(format('"%s" lacks %s', k.name, concat_ws(', ',
             CASE WHEN k.unit IS NULL OR btrim(k.unit) = '' THEN 'a unit' END,
             CASE WHEN k.baseline_value IS NULL OR k.baseline_date IS NULL THEN 'a baseline' END,
             CASE WHEN k.target_value IS NULL THEN 'a target' END,
             CASE WHEN k.target_date IS NULL THEN 'a target date' END,
             CASE WHEN k.target_date IS NOT NULL AND k.baseline_date IS NOT NULL AND k.target_date <= k.baseline_date THEN 'a target date after the baseline' END,
             CASE WHEN k.target_value IS NOT NULL AND k.target_value = k.baseline_value THEN 'a target different from the baseline' END)), '; ' ORDER BY k.name) AS evidence,
           jsonb_build_object('kpiIds', jsonb_agg(k.kpi_id ORDER BY k.name)) AS details
      FROM kpi_status k JOIN active_projects ap ON ap.organisation_id = k.organisation_id AND ap.project_id = k.project_id
     WHERE NOT k.measurable
     GROUP BY ap.organisation_id, ap.project_id, ap.programme_id`,

  stale_kpi: `
    SELECT ${project('stale_kpi')},
           string_agg(format('"%s" %s; expected %s plus 15 days grace', k.name,
             CASE WHEN k.latest_on IS NULL THEN 'has never been measured' ELSE format('last measured %s (%s days ago)', k.latest_on, $2::date - k.latest_on) END,
             k.frequency), '; ' ORDER BY k.name) AS evidence,
           jsonb_build_object('kpiIds', jsonb_agg(k.kpi_id ORDER BY k.name)) AS details
      FROM kpi_status k JOIN active_projects ap ON ap.organisation_id = k.organisation_id AND ap.project_id = k.project_id
     WHERE k.stale
     GROUP BY ap.organisation_id, ap.project_id, ap.programme_id`,

  no_user_feedback: `
    SELECT ${project('no_user_feedback')},
           CASE WHEN last.occurred_on IS NULL THEN format('no engagement with an external group on record; threshold %s days', t.feedback_days)
                ELSE format('no engagement with an external group since %s, %s days ago; threshold %s', last.occurred_on, $2::date - last.occurred_on, t.feedback_days) END AS evidence,
           jsonb_build_object('lastExternalEngagement', last.occurred_on, 'thresholdDays', t.feedback_days) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      -- Newest first down the (project, occurred_on) index, stopping at the first external group's:
      -- a max() over every engagement visited all fourteen a project has, 2.3 s at full size.
      LEFT JOIN LATERAL (${lastExternalEngagementSql('ap.organisation_id', 'ap.project_id', '$2::date')}) last ON true
     WHERE last.occurred_on IS NULL OR last.occurred_on < $2::date - t.feedback_days`,

  feedback_not_acted_on: `
    SELECT ${project('feedback_not_acted_on')},
           format('%s engagement(s) older than %s days have no actions recorded; oldest %s (%s days ago)', count(*), t.actions_due_days, min(e.occurred_on), $2::date - min(e.occurred_on)) AS evidence,
           jsonb_build_object('engagementIds', jsonb_agg(e.id ORDER BY e.occurred_on), 'thresholdDays', t.actions_due_days) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      JOIN ${ENGAGEMENTS_WITHOUT_ACTIONS_SQL} e ON e.organisation_id = ap.organisation_id AND e.project_id = ap.project_id
     WHERE e.occurred_on < $2::date - t.actions_due_days
     GROUP BY ap.organisation_id, ap.project_id, ap.programme_id, t.actions_due_days`,

  no_buy_in_evidence: `
    SELECT ${project('no_buy_in_evidence')},
           CASE WHEN latest.groups IS NULL THEN format('no buy-in reading from an internal group in the last %s days', t.buy_in_days)
                ELSE format('supportive share below %s%%: %s', t.min_supportive_pct, latest.low) END AS evidence,
           jsonb_build_object('thresholdDays', t.buy_in_days, 'minSupportivePct', t.min_supportive_pct) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      LEFT JOIN LATERAL (
        SELECT count(*) AS groups,
               string_agg(format('%s %s%% on %s', r.group_name, r.supportive_pct, r.surveyed_on), '; ' ORDER BY r.group_name)
                 FILTER (WHERE r.supportive_pct < t.min_supportive_pct) AS low
          FROM (${latestInternalBuyInSql('ap.organisation_id', 'ap.project_id', '$2::date', 't.buy_in_days')}) r
        HAVING count(*) > 0) latest ON true
     WHERE latest.groups IS NULL OR latest.low IS NOT NULL`,

  training_gap: `
    SELECT ${project('training_gap')},
           CASE WHEN tr.in_scope IS NULL THEN format('%s service with no training recorded; minimum coverage %s%%', ap.phase, t.min_training_pct)
                ELSE format('%s of %s staff trained (%s%%) on a %s service; minimum %s%%', tr.trained, tr.in_scope, round(tr.trained * 100.0 / tr.in_scope, 1), ap.phase, t.min_training_pct) END AS evidence,
           jsonb_build_object('trained', tr.trained, 'inScope', tr.in_scope, 'minCoveragePct', t.min_training_pct) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      LEFT JOIN LATERAL (
        SELECT sum(x.staff_trained) AS trained, sum(x.staff_in_scope) AS in_scope
          FROM (${latestTrainingSql('ap.organisation_id', 'ap.project_id', '$2::date')}) x
        HAVING count(*) > 0) tr ON true
     WHERE ap.phase IN ('beta', 'live') AND (tr.in_scope IS NULL OR tr.trained * 100.0 / tr.in_scope < t.min_training_pct)`,

  no_strategic_objective: `
    SELECT g.organisation_id, 'programme' AS subject_type, g.id AS subject_id, NULL::uuid AS project_id, g.id AS programme_id,
           'no_strategic_objective' AS rule, ${severity('no_strategic_objective')} AS severity,
           format('programme %s "%s" is not linked to a strategic objective', g.code, g.name) AS evidence,
           '{}'::jsonb AS details
      FROM programmes g JOIN thresholds t ON t.organisation_id = g.organisation_id
     WHERE g.status = 'active' AND g.objective_id IS NULL AND $5::boolean
    UNION ALL
    SELECT ${project('no_strategic_objective')},
           format('its programme %s "%s" is not linked to a strategic objective, so nothing says what this project is for', g.code, g.name) AS evidence,
           jsonb_build_object('programmeId', g.id) AS details
      FROM active_projects ap JOIN programmes g ON g.organisation_id = ap.organisation_id AND g.id = ap.programme_id
     WHERE g.objective_id IS NULL`,

  no_user_need: `
    SELECT ${project('no_user_need')},
           'the project does not state the user need it serves' AS evidence, '{}'::jsonb AS details
      FROM active_projects ap
     WHERE ap.user_need IS NULL OR btrim(ap.user_need) = ''`,

  spend_without_kpis: `
    SELECT ${project('spend_without_kpis')},
           format('%s spent%s in %s with no measurable KPI', ${money('f.spent')},
                  CASE WHEN f.committed > 0 THEN ' and ' || ${money('f.committed')} || ' committed' ELSE '' END, f.current_fy) AS evidence,
           jsonb_build_object('spent', f.spent::text, 'committed', f.committed::text, 'financialYear', f.current_fy) AS details
      FROM active_projects ap
      JOIN project_finance f ON f.organisation_id = ap.organisation_id AND f.project_id = ap.project_id
      LEFT JOIN kpi_rollup r ON r.organisation_id = ap.organisation_id AND r.project_id = ap.project_id
     WHERE (f.spent > 0 OR f.committed > 0) AND coalesce(r.measurable, 0) = 0`,

  budget_overrun: `
    SELECT ${project('budget_overrun')},
           format('spent %s%s%s against a budget of %s for %s: %s%% over; tolerance %s%%', ${money('f.spent')},
                  CASE WHEN f.committed > 0 THEN ', committed ' || ${money('f.committed')} ELSE '' END,
                  CASE WHEN f.forecast IS NOT NULL THEN ', forecast ' || ${money('f.forecast')} ELSE '' END,
                  ${money('f.budget')}, f.current_fy, round((f.exposure - f.budget) * 100 / f.budget, 1), t.budget_tolerance_pct) AS evidence,
           jsonb_build_object('budget', f.budget::text, 'spent', f.spent::text, 'committed', f.committed::text, 'forecast', f.forecast::text, 'exposure', f.exposure::text, 'financialYear', f.current_fy) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      JOIN project_finance f ON f.organisation_id = ap.organisation_id AND f.project_id = ap.project_id
     WHERE f.budget > 0 AND f.exposure > f.budget * (1 + t.budget_tolerance_pct / 100)`,

  status_report_overdue: `
    SELECT ${project('status_report_overdue')},
           format('no status report for %s, the last closed period%s', t.last_closed_period,
                  CASE WHEN last.period IS NULL THEN '; none ever submitted' ELSE '; last report ' || last.period END) AS evidence,
           jsonb_build_object('period', t.last_closed_period, 'lastReportedPeriod', last.period) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      LEFT JOIN LATERAL (SELECT max(period) AS period FROM status_reports s
                          WHERE s.organisation_id = ap.organisation_id AND s.project_id = ap.project_id AND s.period <= t.last_closed_period
                            AND s.state <> 'draft') last ON true
     WHERE ap.started_on < t.current_period_start AND last.period IS DISTINCT FROM t.last_closed_period`,

  // Owners: a project without its project manager or with an active KPI nobody owns; a programme
  // without its SRO (when $5 says to judge programmes, like the other programme rules).
  no_owner: `
    SELECT ${project('no_owner')},
           concat_ws('; ', CASE WHEN pm.person_id IS NULL THEN 'no project manager named' END,
                     CASE WHEN k.unowned > 0 THEN format('%s KPI(s) without an owner: %s', k.unowned, k.names) END) AS evidence,
           jsonb_build_object('projectManager', pm.person_id IS NOT NULL, 'kpisWithoutOwner', coalesce(k.ids, '[]'::jsonb)) AS details
      FROM active_projects ap
      LEFT JOIN ${OWNERS_SQL} pm ON pm.organisation_id = ap.organisation_id AND pm.subject_type = 'project' AND pm.subject_id = ap.project_id
      -- Grouped once and joined: as a LATERAL per project the planner scanned every KPI of the scan for
      -- each project (5,000 x 26,000 rows for the largest organisation, most of its rules' time).
      LEFT JOIN (
        SELECT ks.organisation_id, ks.project_id, count(*) AS unowned, string_agg(format('"%s"', ks.name), ', ' ORDER BY ks.name) AS names,
               jsonb_agg(ks.kpi_id ORDER BY ks.name) AS ids
          FROM kpi_status ks
         WHERE NOT EXISTS (SELECT 1 FROM ${OWNERS_SQL} ko WHERE ko.organisation_id = ks.organisation_id AND ko.subject_type = 'kpi' AND ko.subject_id = ks.kpi_id)
         GROUP BY ks.organisation_id, ks.project_id) k ON k.organisation_id = ap.organisation_id AND k.project_id = ap.project_id
     WHERE pm.person_id IS NULL OR k.unowned > 0
    UNION ALL
    SELECT g.organisation_id, 'programme' AS subject_type, g.id AS subject_id, NULL::uuid AS project_id, g.id AS programme_id,
           'no_owner' AS rule, ${severity('no_owner')} AS severity,
           format('programme %s "%s" has no senior responsible owner (SRO) named', g.code, g.name) AS evidence,
           '{}'::jsonb AS details
      FROM programmes g JOIN thresholds t ON t.organisation_id = g.organisation_id
     WHERE g.status = 'active' AND $5::boolean
       AND NOT EXISTS (SELECT 1 FROM ${OWNERS_SQL} o WHERE o.organisation_id = g.organisation_id AND o.subject_type = 'programme' AND o.subject_id = g.id)`,

  action_overdue: groupedByProjectOrProgramme('action_overdue', OVERDUE_ACTIONS_SQL,
    `format('%s open action(s) past their due date; oldest "%s" due %s (%s days ago)', count(*), (array_agg(x.title ORDER BY x.due_on, x.id))[1], min(x.due_on), $2::date - min(x.due_on))`,
    `jsonb_build_object('actionIds', jsonb_agg(x.id ORDER BY x.due_on, x.id))`),

  high_risk_without_action: groupedByProjectOrProgramme('high_risk_without_action', highRisksWithoutActionSql(HIGH_RISK_SCORE),
    `format('%s open risk(s) scoring %s or more with no open action: %s', count(*), ${HIGH_RISK_SCORE}, string_agg(format('"%s" (score %s)', x.title, x.score), '; ' ORDER BY x.score DESC, x.title))`,
    `jsonb_build_object('riskIds', jsonb_agg(x.id ORDER BY x.score DESC, x.title), 'minScore', ${HIGH_RISK_SCORE})`),

  dependency_late: groupedByProjectOrProgramme('dependency_late', LATE_DEPENDENCIES_SQL,
    `format('%s dependenc(ies) past their need-by date and not met: %s', count(*), string_agg(format('"%s" needed by %s', x.title, x.need_by), '; ' ORDER BY x.need_by, x.title))`,
    `jsonb_build_object('dependencyIds', jsonb_agg(x.id ORDER BY x.need_by, x.title))`),
  milestone_slipped: groupedByProjectOrProgramme('milestone_slipped', SLIPPED_MILESTONES_SQL,
    `format('%s milestone(s) forecast more than %s days after their baseline with no decision to re-baseline: %s', count(*), max(x.threshold_days),
            string_agg(format('"%s" baseline %s, forecast %s (%s days late)', x.title, x.baseline_date, x.forecast_date, x.slip_days), '; ' ORDER BY x.slip_days DESC, x.title))`,
    `jsonb_build_object('milestoneIds', jsonb_agg(x.id ORDER BY x.slip_days DESC, x.title), 'thresholdDays', max(x.threshold_days))`),

  benefit_unmeasured: groupedByProjectOrProgramme('benefit_unmeasured', UNMEASURED_BENEFITS_SQL,
    `format('%s benefit(s) with no measurable KPI linked: %s', count(*), string_agg(format('"%s" (%s KPI(s) linked, none measurable)', x.title, x.linked_kpis), '; ' ORDER BY x.title))`,
    `jsonb_build_object('benefitIds', jsonb_agg(x.benefit_id ORDER BY x.title))`),

  benefits_behind_plan: groupedByProjectOrProgramme('benefits_behind_plan', BENEFITS_BEHIND_PLAN_SQL,
    `format('%s benefit(s) realised more than %s%% below plan to %s: %s', count(*), max(x.threshold_pct), to_char($2::date, 'YYYY-MM'),
            string_agg(format('"%s" realised %s of %s planned (%s%% behind)', x.title, ${amount('x.realised_to_date')}, ${amount('x.planned_to_date')}, x.behind_pct), '; ' ORDER BY x.behind_pct DESC, x.title))`,
    `jsonb_build_object('benefitIds', jsonb_agg(x.benefit_id ORDER BY x.behind_pct DESC, x.title), 'thresholdPct', max(x.threshold_pct))`),

  report_unapproved: `
    SELECT ${project('report_unapproved')},
           string_agg(format('the %s report was submitted on %s, %s days ago, and is not yet approved; threshold %s days', w.period,
                             to_char(w.sent_for_approval_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), $2::date - (w.sent_for_approval_at AT TIME ZONE 'Europe/London')::date,
                             t.report_approval_days), '; ' ORDER BY w.period) AS evidence,
           jsonb_build_object('statusReportIds', jsonb_agg(w.id ORDER BY w.period), 'thresholdDays', t.report_approval_days) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      JOIN LATERAL (${awaitingApprovalSql('ap.organisation_id', 'ap.project_id', `($2::date - t.report_approval_days)::timestamptz`)}) w ON true
     GROUP BY ap.organisation_id, ap.project_id, ap.programme_id, t.report_approval_days`,
  capability_dependency: `
    SELECT ${project('capability_dependency')},
           format('%s%% of staff and outside-expertise spend in the 12 months to %s went to contractors and consultancy (%s of %s) on a %s service; threshold %s%%; %s',
                  round(x.outside * 100 / (x.outside + x.staff), 1), $2::date, ${money('x.outside')}, ${money('x.outside + x.staff')}, ap.phase, t.max_outside_pct,
                  CASE WHEN kt.occurred_on IS NULL THEN 'no knowledge-transfer activity on record'
                       ELSE format('last knowledge transfer (%s) %s, %s days ago; expected within %s days', kt.kind, kt.occurred_on, $2::date - kt.occurred_on, t.knowledge_transfer_days) END) AS evidence,
           jsonb_build_object('outside', x.outside::text, 'staff', x.staff::text, 'sharePct', round(x.outside * 100 / (x.outside + x.staff), 1),
                              'thresholdPct', t.max_outside_pct, 'lastKnowledgeTransfer', kt.occurred_on, 'withinDays', t.knowledge_transfer_days) AS details
      FROM active_projects ap
      JOIN thresholds t ON t.organisation_id = ap.organisation_id
      JOIN (${projectsOutsideExpertiseSql('ARRAY(SELECT organisation_id FROM thresholds)', '$3::uuid[]', "($2::date - interval '12 months')::date + 1", '$2::date')}) x
        ON x.organisation_id = ap.organisation_id AND x.project_id = ap.project_id
      LEFT JOIN LATERAL (${lastKnowledgeTransferSql('ap.organisation_id', 'ap.project_id', '$2::date')}) kt ON true
     WHERE ap.phase IN ('beta', 'live') AND x.outside + x.staff > 0 AND x.outside * 100 / (x.outside + x.staff) > t.max_outside_pct
       AND (kt.occurred_on IS NULL OR kt.occurred_on < $2::date - t.knowledge_transfer_days)`,
};
