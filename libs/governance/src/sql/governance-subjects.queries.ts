import { registerSubjectResolvers } from '@app/platform';

/** A flag's programme and project (a flag on a hidden project is hidden with it). */
export const GOVERNANCE_SUBJECTS = registerSubjectResolvers({
  flag: `SELECT f.id AS ref, coalesce(f.programme_id, p.programme_id) AS programme_id, f.project_id
           FROM flags f LEFT JOIN projects p ON p.organisation_id = f.organisation_id AND p.id = f.project_id
          WHERE f.organisation_id = $1 AND f.id = ANY ($2::uuid[]) AND (f.project_id IS NULL OR p.id IS NOT NULL)`,
});
