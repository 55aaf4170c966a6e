import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, CURRENT_ORGANISATION, run } from './sql';

/** Cross-organisation jobs (outbox relay, scheduled scans, fan-out, pruning) and operator tools connect as this role. */
export const WORKER_ROLE = 'kpi_tracker_worker';

/** The organisation a transaction is bound to (Db.tenant sets it); NULL when none is, so nothing matches. */

/**
 * Row-level security for one tenant table: enabled and forced (the owner is bound too), one policy
 * for every command on organisation_id = the transaction's organisation. Later migrations that add
 * a tenant table call this; a test fails for any table with organisation_id that lacks it.
 */
export async function enableTenantRls(q: QueryRunner, table: string, column = 'organisation_id'): Promise<void> {
  await run(q, `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await run(q, `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await run(q, `CREATE POLICY "tenant_isolation" ON "${table}" USING ("${column}" = ${CURRENT_ORGANISATION}) WITH CHECK ("${column}" = ${CURRENT_ORGANISATION})`);
}

async function tenantTables(q: QueryRunner): Promise<string[]> {
  const rows: { table_name: string }[] = await q.query(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'organisation_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Defence in depth for tenancy. Every tenant table gets forced row-level security on the
 * transaction's organisation, so a query that forgets its organisation filter still sees one
 * tenant. The application role owns no table and has no BYPASSRLS. Paths that run before the
 * organisation is known use one deliberate door each:
 * - token lookup: `auth_find_token(lookup_id)`, SECURITY DEFINER, owned by the owner role, which
 *   returns the single row for one lookup id (the caller still checks the secret's hash);
 * - organisation creation: the id is chosen first and set as the transaction's organisation;
 * - cross-organisation jobs: the worker connects as kpi_tracker_worker (BYPASSRLS, a member of the
 *   application role so it has exactly its grants), configured by WORKER_DATABASE_URL.
 * The owner role must be a superuser or have BYPASSRLS (creating a BYPASSRLS role needs that too).
 */
export class RowLevelSecurity1763800008000 implements MigrationInterface {
  name = 'RowLevelSecurity1763800008000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${WORKER_ROLE}') THEN CREATE ROLE ${WORKER_ROLE} LOGIN BYPASSRLS; END IF;
    END $$`);
    await run(q, `GRANT ${APP_ROLE} TO ${WORKER_ROLE}`);

    await run(q, `ALTER TABLE "organisations" ENABLE ROW LEVEL SECURITY`);
    await run(q, `ALTER TABLE "organisations" FORCE ROW LEVEL SECURITY`);
    await run(q, `CREATE POLICY "tenant_isolation" ON "organisations" USING ("id" = ${CURRENT_ORGANISATION}) WITH CHECK ("id" = ${CURRENT_ORGANISATION})`);
    for (const table of await tenantTables(q)) await enableTenantRls(q, table);

    await run(q, `CREATE FUNCTION auth_find_token(p_lookup_id text)
      RETURNS TABLE (id uuid, organisation_id uuid, name varchar, scopes text[], secret_hash bytea, expired boolean, revoked boolean, stale_use boolean, rate_limit jsonb)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT t.id, t.organisation_id, t.name, t.scopes, t.secret_hash,
               (t.expires_at IS NOT NULL AND t.expires_at <= now()),
               t.revoked_at IS NOT NULL,
               (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'),
               o.settings -> 'rateLimit'
          FROM api_tokens t JOIN organisations o ON o.id = t.organisation_id
         WHERE t.lookup_id = p_lookup_id
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_token(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_token(text) TO ${APP_ROLE}`);

    // The board dashboard's cookie lookup, the same door for sessions: one row for one secret's hash.
    if (!(await q.query(`SELECT to_regclass('board_sessions') IS NOT NULL AS present`))[0].present) return;
    await run(q, `CREATE FUNCTION auth_find_board_session(p_secret_hash bytea, p_idle_minutes integer)
      RETURNS TABLE (id uuid, organisation_id uuid, token_id uuid, csrf_secret varchar, name varchar, scopes text[], valid boolean, seen_stale boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT s.id, s.organisation_id, s.token_id, s.csrf_secret, t.name, t.scopes,
               (s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes)
                 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())),
               s.last_seen_at < now() - interval '1 minute'
          FROM board_sessions s JOIN api_tokens t ON t.organisation_id = s.organisation_id AND t.id = s.token_id
         WHERE s.secret_hash = p_secret_hash
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_board_session(bytea, integer) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_board_session(bytea, integer) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP FUNCTION IF EXISTS auth_find_board_session(bytea, integer)`);
    await run(q, `DROP FUNCTION auth_find_token(text)`);
    for (const table of ['organisations', ...(await tenantTables(q))]) {
      await run(q, `DROP POLICY IF EXISTS "tenant_isolation" ON "${table}"`);
      await run(q, `ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await run(q, `ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await run(q, `REVOKE ${APP_ROLE} FROM ${WORKER_ROLE}`);
  }
}
