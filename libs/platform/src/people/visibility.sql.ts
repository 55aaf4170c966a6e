/**
 * The restricted programmes (and their projects) a person may not see: restricted, and the person is
 * a member neither of the programme nor of any of its projects. One statement per transaction; the
 * row-level policies "restricted_programmes" read the two settings it fills.
 */
export const HIDE_RESTRICTED_SQL = `
  WITH hidden AS (
    SELECT r.programme_id FROM programme_restrictions r
     WHERE r.organisation_id = $1
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = $1 AND m.person_id = $2 AND m.programme_id = r.programme_id)
       AND NOT EXISTS (SELECT 1 FROM memberships m JOIN projects p ON p.organisation_id = m.organisation_id AND p.id = m.project_id
                        WHERE m.organisation_id = $1 AND m.person_id = $2 AND p.programme_id = r.programme_id))
  SELECT set_config('app.hidden_programmes', coalesce((SELECT array_agg(programme_id)::text FROM hidden), '{}'), true),
         set_config('app.hidden_projects', coalesce((SELECT array_agg(p.id)::text FROM projects p WHERE p.organisation_id = $1 AND p.programme_id IN (SELECT programme_id FROM hidden)), '{}'), true)`;
