import { Client } from 'pg';
import { Db, systemActor } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme } from '@test/support/factories/portfolio';

/** The tenant transaction: one round trip to open, the organisation set for its statements only. */
describe('tenant transactions', () => {
  let ctx: TestContext;
  let db: Db;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    db = ctx.app.get(Db);
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    await insertProgramme(ctx.db, other.id, { code: 'THEIRS' });
  });
  afterAll(() => ctx.close());

  it("sets the caller's organisation for the transaction only, so row-level security shows nothing else", async () => {
    const seen = await db.tenant(systemActor(org.id), async (tx) => {
      const [setting] = await tx.query<{ org: string }>(`SELECT current_setting('app.organisation_id') AS org`);
      const theirs = await tx.query(`SELECT id FROM programmes WHERE code = 'THEIRS'`);
      return { org: setting.org, theirs: theirs.length };
    });
    expect(seen).toEqual({ org: org.id, theirs: 0 });
    const after = await db.dataSource.query(`SELECT coalesce(current_setting('app.organisation_id', true), '') AS org`);
    expect(after[0].org).toBe('');
  });

  it('rolls back everything, TypeORM saves included, when the work fails', async () => {
    await expect(
      db.tenant(systemActor(org.id), async (tx) => {
        await tx.query(`INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'GONE', 'Rolled back')`, [tx.organisationId]);
        await tx.audit({ action: 'programme.created', entityType: 'programme', entityId: org.id });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1 AND code = 'GONE'`, [org.id]);
    expect(rows.rows[0].n).toBe(0);
    // The pooled connection came back clean: the next transaction works.
    expect(await db.tenant(systemActor(org.id), (tx) => tx.query(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
  });

  it('keeps read transactions read-only', async () => {
    await expect(
      db.tenantRead(systemActor(org.id), (tx) => tx.query(`INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'RO', 'No')`, [tx.organisationId])),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('opens in one round trip: a keyed read is three (open with the setting, the read, COMMIT)', async () => {
    const sent: string[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return (original as (...a: unknown[]) => never).apply(this, args);
    });
    try {
      await db.tenant(systemActor(org.id), (tx) => tx.query(`SELECT id FROM programmes WHERE organisation_id = $1 LIMIT 1`, [tx.organisationId]));
    } finally {
      spy.mockRestore();
    }
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^BEGIN ISOLATION LEVEL READ COMMITTED; SELECT set_config\('app\.organisation_id'/);
    expect(sent[2]).toBe('COMMIT');
  });

  it('drops a connection that broke under a transaction, so the next transaction gets a working one', async () => {
    await expect(
      db.tenant(systemActor(org.id), async (tx) => {
        await tx.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      }),
    ).rejects.toThrow();
    for (let i = 0; i < 5; i++) expect(await db.tenant(systemActor(org.id), (tx) => tx.query(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
  });
});
