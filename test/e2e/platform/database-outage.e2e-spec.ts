import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** A lost database answers 503 with Retry-After, and the process carries on when it is back. */
describe('database outage', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
  });
  afterAll(async () => {
    await ctx.db.query(`ALTER DATABASE "${ctx.database}" CONNECTION LIMIT -1`);
    await ctx.close();
  });

  it('answers 503 problem+json while the database refuses connections, then recovers', async () => {
    await ctx.as(org.adminToken).get('/v1/tokens').expect(200);
    await ctx.db.query(`ALTER DATABASE "${ctx.database}" CONNECTION LIMIT 0`);
    await ctx.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = 'kpi_tracker_app'`, [ctx.database]);
    await new Promise((r) => setTimeout(r, 300));

    const during = await ctx.as(org.adminToken).get('/v1/tokens');
    const body = expectProblem(during, 503);
    expect(during.headers['retry-after']).toBe('5');
    expect(body.detail).not.toMatch(/kpi_tracker_app|connection limit/i);
    const down = await ctx.anonymous().get('/health/ready').expect(503);
    expect(down.body.checks.database.status).toBe('down');

    await ctx.db.query(`ALTER DATABASE "${ctx.database}" CONNECTION LIMIT -1`);
    await ctx.as(org.adminToken).get('/v1/tokens').expect(200);
    // The first check after the outage may still time out: asked until ready (or 20 s pass).
    const ready = await ctx.readiness();
    expect({ status: ready.status, body: ready.body }).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: { status: 'up' } } } });
  });
});
