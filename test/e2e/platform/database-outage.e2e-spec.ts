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
    // Readiness opens connections of its own, each check allowed 2 s: on a busy machine the first
    // check after the outage may still time out, so it is asked until it is ready (or 20 s pass).
    let ready: { status: number; body: unknown } = await ctx.anonymous().get('/health/ready');
    for (const deadline = Date.now() + 20_000; ready.status !== 200 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await ctx.anonymous().get('/health/ready');
    }
    expect({ status: ready.status, body: ready.body }).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: { status: 'up' } } } });
  });
});
