import { TestContext } from '@test/support/test-app';

/** The benchmark's bare reference route exists only when BENCH_ROUTES is on, and is guarded like any other. */
describe('benchmark reference route', () => {
  describe('with BENCH_ROUTES=true', () => {
    let ctx: TestContext;
    beforeAll(async () => (ctx = await TestContext.start({ benchRoutes: true })));
    afterAll(() => ctx.close());

    it('answers a constant to a token with portfolio:read', async () => {
      const org = await ctx.newOrganisation();
      const response = await ctx.as(await ctx.token(org, ['portfolio:read'])).get('/v1/bench/constant').expect(200);
      expect(response.body).toEqual({ ok: true });
    });

    it('needs a token and the scope', async () => {
      const org = await ctx.newOrganisation();
      await ctx.anonymous().get('/v1/bench/constant').expect(401);
      await ctx.as(await ctx.token(org, ['finance:write'])).get('/v1/bench/constant').expect(403);
    });

    it('stays out of the OpenAPI document', async () => {
      const doc = (await ctx.anonymous().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/bench/'))).toEqual([]);
    });
  });

  describe('by default', () => {
    let ctx: TestContext;
    beforeAll(async () => (ctx = await TestContext.start()));
    afterAll(() => ctx.close());

    it('does not exist', async () => {
      const org = await ctx.newOrganisation();
      await ctx.as(org.adminToken).get('/v1/bench/constant').expect(404);
    });
  });

  describe('in production, even with BENCH_ROUTES=true', () => {
    let ctx: TestContext;
    beforeAll(async () => (ctx = await TestContext.start({ benchRoutes: true, nodeEnv: 'production' })));
    afterAll(() => ctx.close());

    it('does not exist', async () => {
      const org = await ctx.newOrganisation();
      await ctx.as(org.adminToken).get('/v1/bench/constant').expect(404);
    });
  });
});
