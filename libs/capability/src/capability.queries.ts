/**
 * Capability SQL other areas compose (the governance rule capability_dependency): the capability
 * tables are read only here and in this area's services.
 */

/** The latest knowledge-transfer activity of one project up to a date, as a LATERAL subquery over the caller's expressions. */
export const lastKnowledgeTransferSql = (organisationId: string, projectId: string, asOf: string): string => `
      SELECT k.occurred_on, k.kind FROM knowledge_transfers k
       WHERE k.organisation_id = ${organisationId} AND k.project_id = ${projectId} AND k.occurred_on <= ${asOf}
       ORDER BY k.occurred_on DESC LIMIT 1`;

/** Knowledge transfers of one organisation dated on days meeting `on(column)`: (organisation_id, project_id, on_date). */
export const knowledgeTransferDatesSql = (organisationId: string, on: (column: string) => string): string => `
      SELECT k.organisation_id, k.project_id, k.occurred_on AS on_date FROM knowledge_transfers k
       WHERE k.organisation_id = ${organisationId} AND ${on('k.occurred_on')}`;
