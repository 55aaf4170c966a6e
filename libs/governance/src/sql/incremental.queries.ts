import { LATE_DEPENDENCIES_SQL, OVERDUE_ACTIONS_SQL } from '@app/accountability';
import { knowledgeTransferDatesSql } from '@app/capability';
import { ENGAGEMENTS_WITHOUT_ACTIONS_SQL, externalEngagementDatesSql, internalBuyInDatesSql, lastExternalEngagementSql, latestInternalBuyInSql, trainingDatesSql } from '@app/engagement';
import { outsideExpertiseDatesSql } from '@app/finance';
import { kpisReadAfterSql } from '@app/kpis';
import { awaitingApprovalSql } from '@app/portfolio';

/** Dates in the half-open window [from, to), and in (after, upTo]. */
const within = (column: string, from: string, to: string) => `(${column} >= ${from} AND ${column} < ${to})`;
const since = (column: string) => `(${column} > $3::date AND ${column} <= $2::date)`;

/**
 * The active projects of organisation $1 whose rules may judge differently on $2 than on $3 (the day
 * of the organisation's last scan) with no write in between: dated evidence a threshold moved across
 * (each rule's own comparison, on both days), and evidence dated after $3 that was not yet visible.
 * A superset is fine (those projects are re-judged and come out as they were); a project missing
 * here would keep a stale verdict, so every rule that reads the as-of date has its line:
 *
 * - KPIs (stale_kpi, the KPI input of the rating): the project's next KPI change day (kept in its
 *   read-model row by the scan that last judged it: the first day any of its KPIs' status or
 *   staleness differs) has come, or a reading dated after $3 was not yet visible;
 * - no_user_feedback: the newest external engagement crossing the feedback threshold, or one newly
 *   dated where the flag is open;
 * - feedback_not_acted_on: an engagement without actions crossing the actions-due threshold;
 * - no_buy_in_evidence: a group's latest internal buy-in reading leaving the window, or one entering;
 * - training_gap: a training record newly dated;
 * - action_overdue, dependency_late: an open action or dependency falling due;
 * - report_unapproved: a report awaiting approval crossing the approval threshold;
 * - capability_dependency: a knowledge transfer crossing its threshold or newly dated, or an
 *   outside-expertise or staff ledger line leaving or entering the rolling twelve months.
 *
 * status_report_overdue, the review period, budgets and the financial year move only with the month
 * or year, and the thresholds with the settings: those change the digest (SCAN_BASIS_SQL) and make
 * the scan full. Lapsed acceptances are the scan's own first step and add their projects.
 *
 * $4 is the organisation's thresholds row as JSON (SCAN_BASIS_SQL's `thresholds`). As constants the
 * planner sees each day window and reads it from the date indexes; joined from the organisation's
 * settings it could not, and probed every stakeholder group's engagements instead (half the time of
 * the selection).
 */
export const DUE_PROJECTS_SQL = `
WITH thresholds AS NOT MATERIALIZED (
  SELECT $1::uuid AS organisation_id,
         ${['feedback_days', 'actions_due_days', 'buy_in_days', 'report_approval_days', 'knowledge_transfer_days'].map((c) => `($4::jsonb->>'${c}')::int AS ${c}`).join(', ')}
),
due AS (
  -- Each project's next KPI change day, kept by the scan that last judged it (project_evidence).
  SELECT e.project_id FROM project_evidence e WHERE e.organisation_id = $1 AND e.kpis_change_on <= $2::date
  UNION
  SELECT k.project_id FROM (${kpisReadAfterSql('$3::date')}) k
  UNION
  -- no_user_feedback reads only a project's newest external engagement: one crossing the threshold
  -- matters when it is the newest on $2; a newly visible one when the flag is open (it clears it); a
  -- newer engagement than the flagged one leaves an unflagged project unflagged.
  SELECT x.project_id FROM thresholds t CROSS JOIN LATERAL (${externalEngagementDatesSql('t.organisation_id', (c) => `(${within(c, '$3::date - t.feedback_days', '$2::date - t.feedback_days')} OR ${since(c)})`)}) x
    LEFT JOIN LATERAL (${lastExternalEngagementSql('x.organisation_id', 'x.project_id', '$2::date')}) newest ON true
   WHERE newest.occurred_on = x.on_date
      OR EXISTS (SELECT 1 FROM flags f WHERE f.organisation_id = x.organisation_id AND f.rule = 'no_user_feedback' AND f.subject_id = x.project_id AND f.status <> 'resolved')
  UNION
  SELECT e.project_id FROM thresholds t JOIN ${ENGAGEMENTS_WITHOUT_ACTIONS_SQL} e ON e.organisation_id = t.organisation_id
   WHERE ${within('e.occurred_on', '$3::date - t.actions_due_days', '$2::date - t.actions_due_days')}
  UNION
  -- no_buy_in_evidence reads each internal group's latest reading in the window: a reading leaving it
  -- matters when it was its group's latest on $3; a newly visible one always.
  SELECT x.project_id FROM thresholds t CROSS JOIN LATERAL (${internalBuyInDatesSql('t.organisation_id', (c) => `(${c} > $3::date - t.buy_in_days AND ${c} <= $2::date - t.buy_in_days)`)}) x
   WHERE EXISTS (SELECT 1 FROM (${latestInternalBuyInSql('x.organisation_id', 'x.project_id', '$3::date', 't.buy_in_days')}) l WHERE l.surveyed_on <= $2::date - t.buy_in_days)
  UNION
  SELECT x.project_id FROM thresholds t CROSS JOIN LATERAL (${internalBuyInDatesSql('t.organisation_id', since)}) x
  UNION
  SELECT x.project_id FROM (${trainingDatesSql('$1::uuid', since)}) x
  UNION
  SELECT x.project_id FROM ${OVERDUE_ACTIONS_SQL} x WHERE x.due_on >= $3::date AND x.project_id IS NOT NULL
  UNION
  SELECT x.project_id FROM ${LATE_DEPENDENCIES_SQL} x WHERE x.need_by >= $3::date AND x.project_id IS NOT NULL
  UNION
  -- Every project's reports awaiting approval at once: the project expression is the report's own.
  SELECT w.project_id FROM thresholds t CROSS JOIN LATERAL (${awaitingApprovalSql('t.organisation_id', 's.project_id', `($2::date - t.report_approval_days)::timestamptz`)}) w
   WHERE w.sent_for_approval_at >= ($3::date - t.report_approval_days)::timestamptz
  UNION
  SELECT x.project_id FROM thresholds t CROSS JOIN LATERAL (${knowledgeTransferDatesSql('t.organisation_id', (c) => `(${within(c, '$3::date - t.knowledge_transfer_days', '$2::date - t.knowledge_transfer_days')} OR ${since(c)})`)}) x
  UNION
  SELECT x.project_id FROM (${outsideExpertiseDatesSql('$1::uuid', (c) => `((${c} >= ($3::date - interval '12 months')::date AND ${c} <= ($2::date - interval '12 months')::date + 1) OR ${since(c)})`)}) x
)
SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}') AS projects
  FROM projects p
 WHERE p.organisation_id = $1 AND p.status = 'active' AND p.phase <> 'retired' AND p.id IN (SELECT project_id FROM due)`;
