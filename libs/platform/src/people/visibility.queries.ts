/**
 * The restricted programmes (and their projects) a person may not see: restricted, and the person is
 * a member neither of the programme nor of any of its projects. One statement per transaction; the
 * row-level policies "restricted_programmes" read the two settings it fills. Both sets are computed
 * in the inner query (OFFSET 0 keeps it from being flattened), before either setting changes what
 * the tables show.
 */
export const HIDE_RESTRICTED_SQL = `
  WITH hidden AS (
    SELECT r.programme_id FROM programme_restrictions r
     WHERE r.organisation_id = $1
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = $1 AND m.person_id = $2 AND m.programme_id = r.programme_id)
       AND NOT EXISTS (SELECT 1 FROM memberships m JOIN projects p ON p.organisation_id = m.organisation_id AND p.id = m.project_id
                        WHERE m.organisation_id = $1 AND m.person_id = $2 AND p.programme_id = r.programme_id))
  SELECT set_config('app.hidden_programmes', s.programmes, true), set_config('app.hidden_projects', s.projects, true)
    FROM (SELECT coalesce((SELECT array_agg(programme_id)::text FROM hidden), '{}') AS programmes,
                 coalesce((SELECT array_agg(p.id)::text FROM projects p WHERE p.organisation_id = $1 AND p.programme_id IN (SELECT programme_id FROM hidden)), '{}') AS projects
          OFFSET 0) s`;

/** An integration token limited to some programmes sees nothing of the others: the same two settings. */
export const LIMIT_TO_PROGRAMMES_SQL = `
  SELECT set_config('app.hidden_programmes', s.programmes, true), set_config('app.hidden_projects', s.projects, true)
    FROM (SELECT coalesce((SELECT array_agg(g.id)::text FROM programmes g WHERE g.organisation_id = $1 AND g.id <> ALL ($2::uuid[])), '{}') AS programmes,
                 coalesce((SELECT array_agg(p.id)::text FROM projects p WHERE p.organisation_id = $1 AND p.programme_id <> ALL ($2::uuid[])), '{}') AS projects
          OFFSET 0) s`;
