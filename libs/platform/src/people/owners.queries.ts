/**
 * Who answers for a project or programme: its project managers, or a programme's senior responsible
 * owner and programme managers, from people's memberships. A fragment other areas compose (the
 * board's open flags list filters by it); `$1` is the organisation. Columns: subject_id, person_id, name.
 */
export const SUBJECT_OWNERS_SQL = `
  SELECT coalesce(m.project_id, m.programme_id) AS subject_id, m.person_id, p.name
    FROM memberships m JOIN people p ON p.organisation_id = m.organisation_id AND p.id = m.person_id
   WHERE m.organisation_id = $1 AND m.role IN ('project_manager', 'sro', 'programme_manager') AND p.status <> 'deactivated'`;
