import { QueryRunner } from 'typeorm';

/** The role the api and worker connect as. Owner-only operations (DDL, UPDATE of ledgers) are not granted to it. */
export const APP_ROLE = 'kpi_tracker_app';

export async function run(q: QueryRunner, sql: string): Promise<void> {
  await q.query(sql);
}

/** Grants the application role what it may do on a table; append-only tables get SELECT, INSERT only. */
export async function grantApp(q: QueryRunner, table: string, privileges: 'read-write' | 'append-only'): Promise<void> {
  const list = privileges === 'read-write' ? 'SELECT, INSERT, UPDATE, DELETE' : 'SELECT, INSERT';
  await q.query(`GRANT ${list} ON TABLE "${table}" TO ${APP_ROLE}`);
}

/** A second guard behind the grants: even the owner cannot update, delete or truncate rows. */
export async function makeAppendOnly(q: QueryRunner, table: string): Promise<void> {
  await q.query(`CREATE TRIGGER "trg_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
  await q.query(`CREATE TRIGGER "trg_${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
}

/** The organisation a tenant transaction set (Db.tenant), for the tenant_isolation policies. */
export const CURRENT_ORGANISATION = `nullif(current_setting('app.organisation_id', true), '')::uuid`;

/** The programmes and projects hidden from the caller (Db.tenant fills them; empty for everyone who sees all), for the restricted_programmes policies. */
export const HIDDEN_PROGRAMMES = `coalesce(nullif(current_setting('app.hidden_programmes', true), ''), '{}')::uuid[]`;
export const HIDDEN_PROJECTS = `coalesce(nullif(current_setting('app.hidden_projects', true), ''), '{}')::uuid[]`;

/**
 * The restrictive policy that hides a table's rows of restricted programmes' projects from a person
 * outside them, and from a token limited to other programmes (Db.tenant fills the hidden set; empty,
 * so costing nothing, for everyone else). Reads and writes alike.
 */
export async function hideRestrictedProjects(q: QueryRunner, table: string): Promise<void> {
  const visible = `"project_id" IS NULL OR "project_id" <> ALL (${HIDDEN_PROJECTS})`;
  await q.query(`CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING (${visible}) WITH CHECK (${visible})`);
}
