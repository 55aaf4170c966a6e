import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Actor, Db, systemActor } from '@app/platform';
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

  /** What the spied client sent, one entry per message. */
  async function messagesOf<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    const sent: string[] = [];
    const original = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return (original as (...a: unknown[]) => never).apply(this, args);
    });
    try {
      return { result: await run(), sent };
    } finally {
      spy.mockRestore();
    }
  }

  it('opens in one round trip: a keyed read is three (open with the setting, the read, COMMIT)', async () => {
    const { sent } = await messagesOf(() => db.tenant(systemActor(org.id), (tx) => tx.query(`SELECT id FROM programmes WHERE organisation_id = $1 LIMIT 1`, [tx.organisationId])));
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^BEGIN ISOLATION LEVEL READ COMMITTED; SELECT set_config\('app\.organisation_id'/);
    expect(sent[2]).toBe('COMMIT');
  });

  describe('a keyed statement (tenantStatement)', () => {
    const BY_CODE = `SELECT id, code FROM programmes WHERE organisation_id = $1 AND code = $2`;

    it("reads in one round trip: the opening, the statement and COMMIT in one message, the caller's organisation only", async () => {
      const mine = await insertProgramme(ctx.db, org.id, { code: 'MINE-1' });
      const { result, sent } = await messagesOf(() => db.tenantStatement(systemActor(org.id), BY_CODE, [org.id, 'MINE-1']));
      expect(result).toEqual([{ id: mine.id, code: 'MINE-1' }]);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY; SELECT set_config\('app\.organisation_id', '[0-9a-f-]{36}', true\); .*; COMMIT$/s);
      // Another organisation's row is invisible even when the statement names that organisation.
      expect(await db.tenantStatement(systemActor(org.id), BY_CODE, [other.id, 'THEIRS'])).toEqual([]);
      const after = await db.dataSource.query(`SELECT coalesce(current_setting('app.organisation_id', true), '') AS org`);
      expect(after[0].org).toBe('');
    });

    it('gives back every value exactly as sent, quotes, backslashes and arrays included', async () => {
      const text = `O'Brien \\ "quoted" ; -- not a comment $1 ✓`;
      const ids = [randomUUID(), randomUUID()];
      const [row] = await db.tenantStatement<{ text: string; ids: string[]; n: number }>(systemActor(org.id), `SELECT $1::text AS text, $2::uuid[] AS ids, 10-$3 AS n`, [text, ids, -5]);
      expect(row).toEqual({ text, ids, n: 15 });
    });

    it('applies the hidden sets of a person outside a restricted programme and of a token limited to programmes', async () => {
      await insertProgramme(ctx.db, org.id, { code: 'OPEN-1' });
      const restricted = await insertProgramme(ctx.db, org.id, { code: 'SECRET-1' });
      await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, restricted.id]);
      const codes = `SELECT code FROM programmes WHERE organisation_id = $1 AND code IN ('OPEN-1', 'SECRET-1') ORDER BY code`;
      const viewer: Actor = { ...systemActor(org.id), personId: randomUUID(), roles: ['viewer'] };
      expect(await db.tenantStatement(viewer, codes, [org.id])).toEqual([{ code: 'OPEN-1' }]);
      const limited: Actor = { ...systemActor(org.id), programmeIds: [restricted.id] };
      expect(await db.tenantStatement(limited, codes, [org.id])).toEqual([{ code: 'SECRET-1' }]);
      // The same actors through a whole transaction see the same, and its opening is still one message.
      const { result, sent } = await messagesOf(() => db.tenant(viewer, (tx) => tx.query(codes, [org.id])));
      expect(result).toEqual([{ code: 'OPEN-1' }]);
      expect(sent).toHaveLength(3);
    });

    it('is read-only, and a failed statement leaves the pooled connection clean', async () => {
      await expect(db.tenantStatement(systemActor(org.id), `INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'RO-2', 'No')`, [org.id])).rejects.toThrow(/read-only transaction/);
      for (let i = 0; i < 3; i++) await expect(db.tenantStatement(systemActor(org.id), `SELECT 1 / ($1::int - 1) AS x`, [1])).rejects.toThrow(/division by zero/);
      for (let i = 0; i < 5; i++) {
        expect(await db.tenantStatement(systemActor(org.id), `SELECT $1::int AS one`, [1])).toEqual([{ one: 1 }]);
        expect(await db.tenant(systemActor(org.id), (tx) => tx.query(`SELECT current_setting('transaction_read_only') AS ro`))).toEqual([{ ro: 'off' }]);
      }
    });

    it('refuses an actor whose organisation id is not a uuid, before taking a connection', async () => {
      await expect(db.tenantStatement(systemActor(`x'; SELECT 1; --`), `SELECT 1`, [])).rejects.toThrow('valid organisation id');
    });
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
