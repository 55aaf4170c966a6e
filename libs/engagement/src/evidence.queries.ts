/**
 * Stakeholder evidence as SQL fragments other areas compose into their own set-based statements
 * (governance's rules). Each takes the SQL expressions for the organisation, the project and the
 * as-of date, so the caller decides the aliases; the engagement tables are read only here and in
 * this area's services.
 */

/** The latest engagement with an external group on or before the as-of date: one row or none. */
export const lastExternalEngagementSql = (organisationId: string, projectId: string, asOf: string): string => `
        SELECT e.occurred_on FROM engagements e
          JOIN stakeholder_groups g ON g.organisation_id = e.organisation_id AND g.id = e.group_id
         WHERE e.organisation_id = ${organisationId} AND e.project_id = ${projectId} AND NOT g.internal AND e.occurred_on <= ${asOf}
         ORDER BY e.occurred_on DESC LIMIT 1`;

/** Engagements with no actions recorded: (organisation_id, project_id, id, occurred_on). */
export const ENGAGEMENTS_WITHOUT_ACTIONS_SQL = `(SELECT organisation_id, project_id, id, occurred_on FROM engagements WHERE actions_taken IS NULL OR btrim(actions_taken) = '')`;

/**
 * The latest buy-in reading per internal group within the window: (group_id, group_name,
 * supportive_pct, surveyed_on).
 */
export const latestInternalBuyInSql = (organisationId: string, projectId: string, asOf: string, days: string): string => `
          SELECT DISTINCT ON (b.group_id) b.group_id, g.name AS group_name, b.supportive_pct, b.surveyed_on
                  FROM buy_in_readings b JOIN stakeholder_groups g ON g.organisation_id = b.organisation_id AND g.id = b.group_id
                 WHERE b.organisation_id = ${organisationId} AND b.project_id = ${projectId} AND g.internal
                   AND b.surveyed_on > ${asOf} - ${days} AND b.surveyed_on <= ${asOf}
                 ORDER BY b.group_id, b.surveyed_on DESC, b.created_at DESC`;

/** The latest training record per group on or before the as-of date: (staff_trained, staff_in_scope). */
export const latestTrainingSql = (organisationId: string, projectId: string, asOf: string): string => `
          SELECT DISTINCT ON (r.group_id) r.staff_trained, r.staff_in_scope FROM training_records r
                 WHERE r.organisation_id = ${organisationId} AND r.project_id = ${projectId} AND r.recorded_on <= ${asOf}
                 ORDER BY r.group_id, r.recorded_on DESC, r.created_at DESC`;

/**
 * Dated stakeholder evidence of one organisation whose date meets `on(column)`, as
 * (organisation_id, project_id, on_date): engagements with external groups, buy-in readings from
 * internal groups, training records. Governance's incremental scan asks which projects have
 * evidence on the days a threshold moved across since its last scan.
 */
export const externalEngagementDatesSql = (organisationId: string, on: (column: string) => string): string => `
        SELECT e.organisation_id, e.project_id, e.occurred_on AS on_date FROM engagements e
          JOIN stakeholder_groups g ON g.organisation_id = e.organisation_id AND g.id = e.group_id
         WHERE e.organisation_id = ${organisationId} AND NOT g.internal AND ${on('e.occurred_on')}`;

export const internalBuyInDatesSql = (organisationId: string, on: (column: string) => string): string => `
        SELECT b.organisation_id, b.project_id, b.surveyed_on AS on_date FROM buy_in_readings b
          JOIN stakeholder_groups g ON g.organisation_id = b.organisation_id AND g.id = b.group_id
         WHERE b.organisation_id = ${organisationId} AND g.internal AND ${on('b.surveyed_on')}`;

export const trainingDatesSql = (organisationId: string, on: (column: string) => string): string => `
        SELECT r.organisation_id, r.project_id, r.recorded_on AS on_date FROM training_records r
         WHERE r.organisation_id = ${organisationId} AND ${on('r.recorded_on')}`;
