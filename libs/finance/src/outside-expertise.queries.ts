/**
 * Reliance on outside expertise, read from the ledger: spend on contractors and consultancy set
 * against spend on the organisation's own staff. Other areas compose these fragments; the ledger
 * is read only here.
 */
export const OUTSIDE_EXPERTISE_COST_TYPES = ['contractors', 'consultancy'] as const;
const OUTSIDE = `('contractors', 'consultancy')`;

/**
 * Outside and staff spend per project between two dates (inclusive), for the organisations in an
 * array expression and, unless the projects expression is NULL, only those projects. One grouped
 * pass over the partial index: a per-project subquery was planned as a ledger scan per project once
 * one project held most of the rows (minutes at 3,000 projects). Reversals are negative entries, so
 * sums are net.
 */
export const projectsOutsideExpertiseSql = (organisations: string, projects: string, from: string, to: string): string => `
      SELECT e.organisation_id, e.project_id,
             coalesce(sum(e.amount) FILTER (WHERE e.cost_type IN ${OUTSIDE}), 0) AS outside,
             coalesce(sum(e.amount) FILTER (WHERE e.cost_type = 'staff'), 0) AS staff
        FROM spend_entries e
       WHERE e.organisation_id = ANY(${organisations}) AND (${projects} IS NULL OR e.project_id = ANY(${projects}))
         AND e.spent_on BETWEEN ${from} AND ${to} AND e.cost_type IN ('staff', 'contractors', 'consultancy')
       GROUP BY e.organisation_id, e.project_id`;

/**
 * Outside and staff spend per project and calendar month ('YYYY-MM'). Parameters: $1 organisation,
 * $2 project ids, $3 first day, $4 last day.
 */
export const OUTSIDE_EXPERTISE_BY_MONTH_SQL = `
  SELECT e.project_id, to_char(e.spent_on, 'YYYY-MM') AS period,
         coalesce(sum(e.amount) FILTER (WHERE e.cost_type IN ${OUTSIDE}), 0.00)::text AS outside,
         coalesce(sum(e.amount) FILTER (WHERE e.cost_type = 'staff'), 0.00)::text AS staff
    FROM spend_entries e
   WHERE e.organisation_id = $1 AND e.project_id = ANY($2::uuid[]) AND e.spent_on BETWEEN $3::date AND $4::date
     AND e.cost_type IN ('staff', 'contractors', 'consultancy')
   GROUP BY 1, 2`;

/**
 * Outside and staff spend per organisation between two dates, for the organisations in an array
 * expression (cross-organisation benchmarks run it as the worker; a tenant's own figure, for itself).
 */
export const organisationOutsideExpertiseSql = (organisations: string, from: string, to: string): string => `
  SELECT e.organisation_id,
         coalesce(sum(e.amount) FILTER (WHERE e.cost_type IN ${OUTSIDE}), 0) AS outside,
         coalesce(sum(e.amount) FILTER (WHERE e.cost_type = 'staff'), 0) AS staff
    FROM spend_entries e
   WHERE e.organisation_id = ANY(${organisations}) AND e.spent_on BETWEEN ${from} AND ${to}
     AND e.cost_type IN ('staff', 'contractors', 'consultancy')
   GROUP BY e.organisation_id`;

/**
 * Ledger lines of one organisation that count towards the outside-expertise share (staff,
 * contractors, consultancy) dated on days meeting `on(column)`: (organisation_id, project_id,
 * on_date). Governance's incremental scan asks which projects' rolling twelve months gained or lost
 * a line since its last scan (the organisation and date index answers it).
 */
export const outsideExpertiseDatesSql = (organisationId: string, on: (column: string) => string): string => `
      SELECT e.organisation_id, e.project_id, e.spent_on AS on_date FROM spend_entries e
       WHERE e.organisation_id = ${organisationId} AND ${on('e.spent_on')} AND e.cost_type IN ('staff', 'contractors', 'consultancy')`;
