/**
 * SQL fragments other areas compose (governance's rules and flag counts, reporting's board pages):
 * the only way they read this area's tables. Parameters as the governance context: $1 organisation
 * (or NULL for all), $2 the as-of date.
 */

/** Owners by subject: subject_type ('programme', 'project', 'kpi'), subject_id, person_id. */
export const OWNERS_SQL = `(SELECT o.organisation_id, o.subject_type, o.subject_id, o.project_id, o.person_id FROM owners o WHERE ($1::uuid IS NULL OR o.organisation_id = $1::uuid))`;

/** Open actions past their due date on the as-of day, with their project (NULL: programme-level) and programme. */
export const OVERDUE_ACTIONS_SQL = `(SELECT a.organisation_id, a.id, a.programme_id, a.project_id, a.title, a.due_on, a.owner_person_id FROM actions a
   WHERE ($1::uuid IS NULL OR a.organisation_id = $1::uuid) AND a.status = 'open' AND a.due_on < $2::date)`;

/** Open risks scoring at least the given score with no open action on them. */
export const highRisksWithoutActionSql = (minScore: number): string => `(SELECT r.organisation_id, r.id, r.programme_id, r.project_id, r.title, r.likelihood * r.impact AS score FROM risks r
   WHERE ($1::uuid IS NULL OR r.organisation_id = $1::uuid) AND r.status = 'open' AND r.likelihood * r.impact >= ${Math.trunc(minScore)}
     AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.organisation_id = r.organisation_id AND a.parent_type = 'risk' AND a.parent_id = r.id AND a.status = 'open'))`;

/** Open dependencies past their need-by date. */
export const LATE_DEPENDENCIES_SQL = `(SELECT d.organisation_id, d.id, d.programme_id, d.project_id, d.title, d.need_by, d.depends_on_project_id, d.external_party FROM dependencies d
   WHERE ($1::uuid IS NULL OR d.organisation_id = $1::uuid) AND d.status = 'open' AND d.need_by < $2::date)`;

/** Flags with at least one open action on them ("acted on"): organisation_id, flag_id. */
export const ACTED_ON_FLAGS_SQL = `(SELECT DISTINCT a.organisation_id, a.parent_id AS flag_id FROM actions a
   WHERE ($1::uuid IS NULL OR a.organisation_id = $1::uuid) AND a.parent_type = 'flag' AND a.status = 'open')`;

/** Made decisions (who decided, when, why), for records another area hangs off one: a milestone's re-baseline. */
export const MADE_DECISIONS_SQL = `(SELECT d.organisation_id, d.id, d.programme_id, d.project_id, d.title, d.decided_by, d.decided_on FROM decisions d
   WHERE ($1::uuid IS NULL OR d.organisation_id = $1::uuid) AND d.status = 'made')`;
