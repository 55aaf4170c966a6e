import { Client } from 'pg';
import { TestContext, TestOrg } from '@test/support/test-app';
import { appUrl } from '@test/support/test-db';
import { insertHealthyProject } from '@test/support/factories/evidence';

/**
 * Row-level security as a second wall behind the application's own scoping: every tenant table is
 * forced, the application role owns nothing and cannot bypass, and a connection that never says
 * which organisation it works for sees no tenant row at all.
 */
describe('row-level security', () => {
  let ctx: TestContext;
  let a: TestOrg;
  let b: TestOrg;
  let app: Client;

  beforeAll(async () => {
    ctx = await TestContext.start();
    a = await ctx.newOrganisation();
    b = await ctx.newOrganisation();
    await insertHealthyProject(ctx.db, a.id);
    await insertHealthyProject(ctx.db, b.id);
    app = new Client({ connectionString: appUrl(ctx.database) });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await ctx.close();
  });

  const tenantTables = async (): Promise<string[]> =>
    (
      await ctx.db.query<{ table_name: string }>(
        `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
          WHERE c.table_schema = 'public' AND c.column_name = 'organisation_id' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows.map((r) => r.table_name);

  it('is enabled and forced, with a policy, on organisations and every table with organisation_id', async () => {
    const tables = ['organisations', ...(await tenantTables())];
    expect(tables.length).toBeGreaterThan(20);
    const { rows } = await ctx.db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
      [tables],
    );
    const unprotected = rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies < 1).map((r) => r.relname);
    expect(unprotected).toEqual([]);
    expect(rows).toHaveLength(tables.length);
  });

  it("hides a restricted programme's rows on every table that holds a project's or programme's rows", async () => {
    // Memberships and restrictions say who sees what; they are read to decide it, never shown as evidence.
    const { rows } = await ctx.db.query<{ table_name: string }>(
      `SELECT DISTINCT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND c.column_name IN ('project_id', 'programme_id') AND t.table_type = 'BASE TABLE'
          AND c.table_name NOT IN ('memberships', 'programme_restrictions')
          AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.table_name AND p.policyname = 'restricted_programmes' AND p.permissive = 'RESTRICTIVE')
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('gives the application role no table, no BYPASSRLS, no superuser; the worker role bypasses but owns nothing either', async () => {
    const roles = await ctx.db.query(`SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN ('kpi_tracker_app', 'kpi_tracker_worker') ORDER BY 1`);
    expect(roles.rows).toEqual([
      { rolname: 'kpi_tracker_app', rolsuper: false, rolbypassrls: false },
      { rolname: 'kpi_tracker_worker', rolsuper: false, rolbypassrls: true },
    ]);
    const owned = await ctx.db.query(`SELECT relname FROM pg_class WHERE relowner IN (SELECT oid FROM pg_roles WHERE rolname IN ('kpi_tracker_app', 'kpi_tracker_worker'))`);
    expect(owned.rows).toEqual([]);
  });

  it('shows no tenant row to the application role until the transaction names an organisation, then only that one', async () => {
    const readable = (await ctx.db.query(`SELECT t FROM unnest($1::text[]) t WHERE has_table_privilege('kpi_tracker_app', t, 'SELECT')`, [await tenantTables()])).rows.map((r) => r.t);
    expect(readable.length).toBeGreaterThan(20);
    for (const table of ['organisations', ...readable]) {
      const column = table === 'organisations' ? 'id' : 'organisation_id';
      const none = await app.query(`SELECT count(*)::int AS n FROM "${table}"`);
      expect({ table, n: none.rows[0].n }).toEqual({ table, n: 0 });
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.organisation_id', $1, true)`, [a.id]);
      const scoped = await app.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${column} <> $1`, [a.id]);
      await app.query('COMMIT');
      expect({ table, n: scoped.rows[0].n }).toEqual({ table, n: 0 });
    }
    // After the transaction the setting is gone again ('' is treated as no organisation, not an error).
    expect((await app.query(`SELECT count(*)::int AS n FROM projects`)).rows[0].n).toBe(0);
  });

  it("refuses to write another organisation's row, even with a raw statement", async () => {
    await app.query('BEGIN');
    await app.query(`SELECT set_config('app.organisation_id', $1, true)`, [a.id]);
    await expect(app.query(`INSERT INTO strategic_objectives (organisation_id, code, title) VALUES ($1, 'X-1', 'smuggled')`, [b.id])).rejects.toThrow(/row-level security/);
    await app.query('ROLLBACK');
    await app.query('BEGIN');
    await app.query(`SELECT set_config('app.organisation_id', $1, true)`, [a.id]);
    const updated = await app.query(`UPDATE projects SET name = 'hijacked' WHERE organisation_id = $1`, [b.id]);
    const deleted = await app.query(`DELETE FROM kpi_measurements WHERE organisation_id = $1`, [b.id]);
    await app.query('COMMIT');
    expect([updated.rowCount, deleted.rowCount]).toEqual([0, 0]);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM projects WHERE name = 'hijacked'`)).rows[0].n).toBe(0);
  });

  it('cannot be switched off by the application role', async () => {
    await expect(app.query(`ALTER TABLE projects DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`ALTER TABLE projects NO FORCE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`DROP POLICY tenant_isolation ON projects`)).rejects.toThrow(/must be owner/);
    await app.query(`SET row_security = off`);
    await expect(app.query(`SELECT count(*) FROM projects`)).rejects.toThrow(/row-level security/);
    await app.query(`RESET row_security`);
    await expect(app.query(`SET ROLE kpi_tracker_worker`)).rejects.toThrow(/permission denied/);
  });

  it('answers a token lookup through one SECURITY DEFINER door that returns one row for one lookup id', async () => {
    const [lookupId] = (await ctx.db.query(`SELECT lookup_id FROM api_tokens WHERE organisation_id = $1 LIMIT 1`, [b.id])).rows.map((r) => r.lookup_id);
    const found = await app.query(`SELECT id, organisation_id FROM auth_find_token($1)`, [lookupId]);
    expect(found.rows).toEqual([{ id: expect.any(String), organisation_id: b.id }]);
    expect((await app.query(`SELECT * FROM auth_find_token('%')`)).rows).toEqual([]);
    const doors = await ctx.db.query(`SELECT p.proname, p.prosecdef FROM pg_proc p WHERE p.proname LIKE 'auth\\_find\\_%' ORDER BY 1`);
    expect(doors.rows).toContainEqual({ proname: 'auth_find_token', prosecdef: true });
    expect(doors.rows.every((r) => r.prosecdef)).toBe(true);
    // Nothing else runs as the owner on the application's behalf: the audit chain, the one-click
    // unsubscribe link, which is followed before anyone signs in (one row for one token hash), and
    // the worker's making of the spend ledger's yearly partitions, which the api's role may not call.
    const definers = await ctx.db.query(`SELECT proname FROM pg_proc WHERE prosecdef AND pronamespace = 'public'::regnamespace ORDER BY 1`);
    expect(definers.rows.map((r) => r.proname).filter((n) => !n.startsWith('auth_find_'))).toEqual(['audit_chain_link', 'create_spend_partitions', 'notification_find_unsubscribe']);
    await expect(app.query(`SELECT create_spend_partitions(2030)`)).rejects.toThrow(/permission denied/);
  });
});
