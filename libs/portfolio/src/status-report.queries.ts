/**
 * SQL fragments over status reports for other areas to compose (portfolio owns the table).
 *
 * `awaitingApprovalSql(org, project, before)`: a project's reports submitted for approval before
 * the timestamp expression `before` and still not approved, oldest first, as (id, project_id, period,
 * sent_for_approval_at). A returned report is a draft again and is not among them.
 */
export const awaitingApprovalSql = (organisationExpr: string, projectExpr: string, beforeExpr: string): string => `
  SELECT s.id, s.project_id, s.period, s.sent_for_approval_at FROM status_reports s
   WHERE s.organisation_id = ${organisationExpr} AND s.project_id = ${projectExpr} AND s.state = 'submitted'
     AND s.sent_for_approval_at < ${beforeExpr}`;

/**
 * Each project's report for one period as the board compares it (the latest submitted revision; a
 * draft never counts): organisation_id, project_id, overall, narrative. $1 the organisation, and the
 * period as the SQL expression `period`.
 */
export const periodProjectReportsSql = (period: string): string => `(
  SELECT DISTINCT ON (s.project_id) s.organisation_id, s.project_id, s.overall, s.narrative FROM status_reports s
   WHERE s.organisation_id = $1 AND s.project_id IS NOT NULL AND s.period = ${period} AND s.state <> 'draft'
   ORDER BY s.project_id, s.revision DESC)`;
