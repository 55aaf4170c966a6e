import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

/** Per-token rate limits with 429, Retry-After and the IETF RateLimit fields, configurable per organisation. */
describe('rate limits', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start({ rateLimitRequests: 5, rateLimitWindowSeconds: 60 });
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('counts each token’s requests and refuses the one over the limit with 429, Retry-After and RateLimit fields', async () => {
    const token = await ctx.token(org, ['portfolio:read']);
    for (let i = 1; i <= 5; i++) {
      const ok = await ctx.as(token).get('/v1/organisation').expect(200);
      expect(ok.headers['ratelimit-policy']).toBe('"per-token";q=5;w=60');
      expect(ok.headers.ratelimit).toMatch(new RegExp(`^"per-token";r=${5 - i};t=\\d+$`));
    }
    const refused = await ctx.as(token).get('/v1/organisation');
    const body = expectProblem(refused, 429);
    expect(body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toMatch(/^"per-token";r=0;t=\d+$/);
    // Another token of the same organisation has its own allowance; a bad token is refused before counting.
    await ctx.as(await ctx.token(org, ['portfolio:read'])).get('/v1/organisation').expect(200);
    expectProblem(await ctx.as('kpit_0000000000000000_nope').get('/v1/organisation'), 401);
  });

  it('lets an admin set the organisation’s own limit under If-Match (400, 403, 428 otherwise)', async () => {
    const mine = await ctx.newOrganisation();
    const reader = await ctx.token(mine, ['portfolio:read']);
    const current = await ctx.as(reader).get('/v1/organisation/rate-limit').expect(200);
    expect(current.body).toMatchObject({ requests: 5, windowSeconds: 60 });
    expectProblem(await ctx.as(reader).patch('/v1/organisation/rate-limit').set('if-match', current.headers.etag).send({ requests: 2, windowSeconds: 30 }), 403);
    expectProblem(await ctx.as(mine.adminToken).patch('/v1/organisation/rate-limit').send({ requests: 2, windowSeconds: 30 }), 428);
    const invalid = expectProblem(await ctx.as(mine.adminToken).patch('/v1/organisation/rate-limit').set('if-match', current.headers.etag).send({ requests: 0, windowSeconds: 30 }), 400);
    expect(invalid.errors?.map((e) => e.field)).toEqual(['requests']);
    const changed = await ctx.as(mine.adminToken).patch('/v1/organisation/rate-limit').set('if-match', current.headers.etag).send({ requests: 2, windowSeconds: 30 }).expect(200);
    expect(changed.body).toMatchObject({ requests: 2, windowSeconds: 30 });
    const fresh = await ctx.token(mine, ['portfolio:read']);
    const first = await ctx.as(fresh).get(`/v1/projects/${randomUuid()}`);
    expect(first.headers['ratelimit-policy']).toBe('"per-token";q=2;w=30');
    await ctx.as(fresh).get('/v1/organisation').expect(200);
    expectProblem(await ctx.as(fresh).get('/v1/organisation'), 429);
    // The other organisation keeps the default.
    expect((await ctx.as(await ctx.token(org, ['portfolio:read'])).get('/v1/organisation')).headers['ratelimit-policy']).toBe('"per-token";q=5;w=60');
  });
});
