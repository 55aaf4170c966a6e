import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SpendPartitionsService } from '@app/finance';
import { dataSourceOptions, JOBS } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { appUrl, ownerUrl } from '@test/support/test-db';
import { insertProject } from '@test/support/factories/portfolio';
import { newKey, spendBody } from '@test/support/factories/finance';
import { ScheduleReconciler } from '../../../apps/worker/src/schedules';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The ledger is partitioned by financial year: rows land in their year's partition with UUIDv7 ids,
 * external ids stay unique across years, a reversal stays in its original's year, the worker keeps
 * partitions ahead, and the migration moves existing rows (run down and up again on a live ledger).
 */
describe('spend ledger partitioned by financial year', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let otherProjectId: string;
  let partitions: SpendPartitionsService;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
    partitions = ctx.app.get(SpendPartitionsService);
  });
  afterAll(() => ctx.close());

  const post = (body: Record<string, unknown>, token = writer) => ctx.as(token).post('/v1/spend').set('Idempotency-Key', newKey()).send(body);
  const partitionOf = async (id: string): Promise<string> => (await ctx.db.query(`SELECT tableoid::regclass::text AS p FROM spend_entries WHERE id = $1`, [id])).rows[0].p;

  it('files each entry in its financial year’s partition, with a time-ordered UUIDv7 id', async () => {
    const dates = ['2019-06-01', '2025-05-01', '2026-03-31', '2026-04-01'];
    const ids: string[] = [];
    for (const spentOn of dates) ids.push((await post(spendBody(projectId, { spentOn, amount: '10.00', reference: `P-${spentOn}` })).expect(201)).body.id);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(await Promise.all(ids.map(partitionOf))).toEqual(['spend_entries_before_2020', 'spend_entries_2025_26', 'spend_entries_2025_26', 'spend_entries_2026_27']);
    // Read back by id through the api, from whichever partition holds it.
    for (const id of ids) expect((await ctx.as(reader).get(`/v1/spend/${id}`).expect(200)).body.id).toBe(id);
    // A year's reads touch only that year's partition.
    const plan = (await ctx.db.query(`EXPLAIN SELECT sum(amount) FROM spend_entries WHERE organisation_id = $1 AND financial_year = '2025-26'`, [org.id])).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('spend_entries_2025_26');
    expect(plan).not.toContain('spend_entries_2026_27');
  });

  it('keeps an external id unique in the organisation across years: the same spend is "exists", other spend is 409', async () => {
    const first = await post(spendBody(projectId, { externalId: 'ERP-77', spentOn: '2025-06-01', amount: '50.00', reference: 'X-1' })).expect(201);
    const again = await post(spendBody(projectId, { externalId: 'ERP-77', spentOn: '2026-06-01', amount: '50.00', reference: 'X-2' })).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, result: 'exists', financialYear: '2025-26' });
    const conflict = expectProblem(await post(spendBody(projectId, { externalId: 'ERP-77', spentOn: '2026-06-01', amount: '51.00', reference: 'X-3' })), 409);
    expect(conflict).toMatchObject({ code: 'external_id_conflict', existingId: first.body.id });
    const held = await ctx.db.query(`SELECT id, financial_year FROM spend_entries WHERE organisation_id = $1 AND external_id = 'ERP-77'`, [org.id]);
    expect(held.rows).toEqual([{ id: first.body.id, financial_year: '2025-26' }]);
    // Another organisation may use the same external id.
    await post(spendBody(otherProjectId, { externalId: 'ERP-77', spentOn: '2026-06-01' }), await ctx.token(other, ['finance:write'])).expect(201);
  });

  it('refuses, in the database, a ledger row whose external id was not claimed, or a reversal filed in another year', async () => {
    const insert = (values: { externalId?: string; reversesId?: string; year?: string; spentOn?: string; amount?: string }) =>
      ctx.db.query(
        `INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, category, cost_type, supplier, source, external_id, reverses_id)
         VALUES ($1, $2, $3, $4, $5, 'resource', 'other', 'X', 'api', $6, $7)`,
        [org.id, projectId, values.year ?? '2026-27', values.spentOn ?? '2026-05-01', values.amount ?? '1.00', values.externalId ?? null, values.reversesId ?? null],
      );
    await expect(insert({ externalId: 'NEVER-CLAIMED' })).rejects.toMatchObject({ code: '23505', constraint: 'pk_spend_external_ids' });
    await expect(insert({ externalId: 'ERP-77' })).rejects.toMatchObject({ code: '23505', constraint: 'pk_spend_external_ids' });
    const entry = await post(spendBody(projectId, { spentOn: '2025-07-01', amount: '3.00', reference: 'R-1' })).expect(201);
    await expect(insert({ reversesId: entry.body.id, year: '2026-27', amount: '-3.00' })).rejects.toMatchObject({ code: '23503', constraint: 'fk_spend_entries_reverses' });
    const reversal = await ctx.as(writer).post(`/v1/spend/${entry.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'wrong project' }).expect(201);
    expect(UUID_V7.test(reversal.body.id)).toBe(true);
    expect(await partitionOf(reversal.body.id)).toBe('spend_entries_2025_26');
    expectProblem(await ctx.as(writer).post(`/v1/spend/${entry.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'again' }), 409);
  });

  it('gives each partition the ledger’s protections: no direct reading by the api’s role, no truncating', async () => {
    const app = new Client({ connectionString: appUrl(ctx.database) });
    await app.connect();
    try {
      await expect(app.query(`SELECT count(*) FROM spend_entries_2025_26`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(ctx.db.query(`TRUNCATE spend_entries_2025_26`)).rejects.toThrow(/append-only/);
    const policies = await ctx.db.query(
      `SELECT c.relname, array_agg(p.polname::text ORDER BY p.polname) AS policies, bool_and(c.relforcerowsecurity) AS forced
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_policy p ON p.polrelid = c.oid
        WHERE i.inhparent = 'spend_entries'::regclass GROUP BY c.relname`,
    );
    expect(policies.rows.length).toBe((await partitions.list()).length);
    for (const row of policies.rows) expect({ policies: row.policies, forced: row.forced }).toEqual({ policies: ['restricted_programmes', 'tenant_isolation'], forced: true });
  });

  it('keeps partitions two years ahead, from the worker’s daily job', async () => {
    expect(new ScheduleReconciler({} as never, { heartbeatEveryMs: 1000 } as never).desired()).toContainEqual({ ...JOBS.spendPartitions, cron: '41 2 * * *' });
    await ctx.db.query(`DROP TABLE spend_entries_2028_29`);
    expect(await partitions.ensureAhead(new Date('2026-12-05T12:00:00Z'))).toEqual({ created: 1, through: 2028 });
    expect(await partitions.ensureAhead(new Date('2026-12-05T12:00:00Z'))).toEqual({ created: 0, through: 2028 });
    // A year later, the next year's partition appears; nothing is dropped.
    expect(await partitions.ensureAhead(new Date('2027-12-05T12:00:00Z'))).toEqual({ created: 1, through: 2029 });
    const names = (await partitions.list()).map((p) => p.name);
    expect(names[0]).toBe('spend_entries_before_2020');
    expect(names.slice(-3)).toEqual(['spend_entries_2027_28', 'spend_entries_2028_29', 'spend_entries_2029_30']);
    const made = (await partitions.list()).find((p) => p.name === 'spend_entries_2029_30');
    expect(made).toMatchObject({ from: '2029-30', to: '2030-31' });
  });

  it('moves existing rows when the migration runs, and back when it is undone', async () => {
    const before = (await ctx.db.query(`SELECT id, amount::text, financial_year, external_id, reverses_id FROM spend_entries ORDER BY id`)).rows;
    const claims = (await ctx.db.query(`SELECT organisation_id, external_id, entry_id FROM spend_external_ids ORDER BY 1, 2`)).rows;
    expect(before.length).toBeGreaterThan(5);
    const dataSource = await new DataSource(dataSourceOptions(ownerUrl(ctx.database), SCHEMA, 1)).initialize();
    try {
      // Back to before the partitioning: the migrations after it first, newest first.
      for (;;) {
        const [last] = await dataSource.query(`SELECT name FROM schema_migrations ORDER BY timestamp DESC LIMIT 1`);
        await dataSource.undoLastMigration({ transaction: 'each' });
        if (last.name === 'SpendPartitions1763800030000') break;
      }
      expect((await dataSource.query(`SELECT relkind FROM pg_class WHERE oid = 'spend_entries'::regclass`))[0].relkind).toBe('r');
      expect(await dataSource.query(`SELECT id, amount::text, financial_year, external_id, reverses_id FROM spend_entries ORDER BY id`)).toEqual(before);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    expect((await ctx.db.query(`SELECT relkind FROM pg_class WHERE oid = 'spend_entries'::regclass`)).rows[0].relkind).toBe('p');
    expect((await ctx.db.query(`SELECT id, amount::text, financial_year, external_id, reverses_id FROM spend_entries ORDER BY id`)).rows).toEqual(before);
    expect((await ctx.db.query(`SELECT organisation_id, external_id, entry_id FROM spend_external_ids ORDER BY 1, 2`)).rows).toEqual(claims);
    // The api writes on as before, and an external id moved by the migration is still held.
    await post(spendBody(projectId, { spentOn: '2026-05-02', amount: '7.00', reference: 'after' })).expect(201);
    await post(spendBody(projectId, { externalId: 'ERP-77', spentOn: '2025-06-01', amount: '50.00', reference: 'X-1' })).expect(200);
  });

  it('answers 404 for another organisation’s entry in any year', async () => {
    const foreign = await post(spendBody(otherProjectId, { spentOn: '2024-05-01' }), await ctx.token(other, ['finance:write'])).expect(201);
    expectProblem(await ctx.as(reader).get(`/v1/spend/${foreign.body.id}`), 404);
  });
});
