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
