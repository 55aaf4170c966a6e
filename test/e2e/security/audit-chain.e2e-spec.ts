import { Client } from 'pg';
import { TestContext, TestOrg } from '@test/support/test-app';
import { appUrl, workerUrl } from '@test/support/test-db';
import { exitOf, startProcess } from '@test/support/processes';

/** The audit trail is hash-chained per organisation and `cli verify-audit` names the first altered row. */
describe('audit chain', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    // Concurrent writers in one organisation must still give one unbroken chain.
    await Promise.all(Array.from({ length: 24 }, (_, i) => ctx.as(org.adminToken).post('/v1/objectives').send({ code: `OBJ-${i}`, title: `Objective ${i}` }).expect(201)));
    await ctx.as(other.adminToken).post('/v1/objectives').send({ code: 'THEIRS', title: 'Theirs' }).expect(201);
  });
  afterAll(() => ctx.close());

  const verify = async (organisationId?: string) => {
    const child = startProcess('scripts/cli.js', { DATABASE_URL: appUrl(ctx.database), WORKER_DATABASE_URL: workerUrl(ctx.database) }, ['verify-audit', ...(organisationId ? ['--organisation', organisationId] : [])]);
    const { code } = await exitOf(child, 20_000);
    const lines = child.output().trim().split('\n');
    if (code !== 0 && code !== 2) throw new Error(`verify-audit failed: ${child.output()}`);
    return { code, result: JSON.parse(lines[lines.length - 1]) };
  };
  /** Tampering as the owner, with the append-only trigger lifted: what an attacker with the owner's password could do. */
  const tamper = async (sql: string, params: unknown[]) => {
    await ctx.db.query(`ALTER TABLE audit_events DISABLE TRIGGER trg_audit_events_append_only`);
    try {
      await ctx.db.query(sql, params);
    } finally {
      await ctx.db.query(`ALTER TABLE audit_events ENABLE TRIGGER trg_audit_events_append_only`);
    }
  };

  it('numbers each organisation’s events 1..n with a hash each, and verifies', async () => {
    const rows = (await ctx.db.query(`SELECT chain_index::int AS i, length(hash) AS len FROM audit_events WHERE organisation_id = $1 ORDER BY chain_index`, [org.id])).rows;
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.every((r) => r.len === 32)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(26);
    const { code, result } = await verify();
    expect(code).toBe(0);
    expect(result).toMatchObject({ ok: true, broken: [] });
    expect(result.rows).toBeGreaterThanOrEqual(rows.length + 3);
  });

  it('names the first altered row, and only in the organisation it belongs to', async () => {
    const [victim] = (await ctx.db.query(`SELECT seq, id, chain_index FROM audit_events WHERE organisation_id = $1 AND chain_index = 5`, [org.id])).rows;
    await tamper(`UPDATE audit_events SET after = jsonb_set(after, '{title}', '"rewritten"') WHERE seq = $1`, [victim.seq]);
    const { code, result } = await verify();
    expect(code).toBe(2);
    expect(result.broken).toEqual([{ organisationId: org.id, rows: 4, ok: false, firstBreak: { seq: victim.seq, id: victim.id, chainIndex: victim.chain_index, reason: 'altered' } }]);
    expect((await verify(other.id)).result).toMatchObject({ ok: true });
  });

  it('names a deleted row as missing, and rows cut from the end by the head', async () => {
    const fresh = await ctx.newOrganisation();
    for (const code of ['A', 'B', 'C']) await ctx.as(fresh.adminToken).post('/v1/objectives').send({ code, title: code }).expect(201);
    await tamper(`DELETE FROM audit_events WHERE organisation_id = $1 AND chain_index = 2`, [fresh.id]);
    expect((await verify(fresh.id)).result.broken[0].firstBreak).toMatchObject({ chainIndex: '2', reason: 'missing' });
    const last = await ctx.newOrganisation();
    await ctx.as(last.adminToken).post('/v1/objectives').send({ code: 'Z', title: 'Z' }).expect(201);
    await tamper(`DELETE FROM audit_events WHERE organisation_id = $1 AND chain_index = (SELECT max(chain_index) FROM audit_events WHERE organisation_id = $1)`, [last.id]);
    expect((await verify(last.id)).result.broken[0].firstBreak).toMatchObject({ reason: 'head_mismatch' });
  });

  it('keeps the chain heads out of the application role’s reach', async () => {
    const app = new Client({ connectionString: appUrl(ctx.database) });
    await app.connect();
    try {
      await expect(app.query(`UPDATE audit_chain_heads SET last_index = 0`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
