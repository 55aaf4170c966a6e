import { registerSubjectResolvers } from '@app/platform';

/** A status report's programme and project (a report on a hidden project is hidden with it). */
export const PORTFOLIO_SUBJECTS = registerSubjectResolvers({
  status_report: `SELECT r.id AS ref, coalesce(r.programme_id, p.programme_id) AS programme_id, r.project_id
                    FROM status_reports r LEFT JOIN projects p ON p.organisation_id = r.organisation_id AND p.id = r.project_id
                   WHERE r.organisation_id = $1 AND r.id = ANY ($2::uuid[]) AND (r.project_id IS NULL OR p.id IS NOT NULL)`,
});
