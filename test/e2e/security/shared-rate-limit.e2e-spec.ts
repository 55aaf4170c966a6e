import { loadConfig, RateLimiter } from '@app/platform';
import { expectProblem, TestContext } from '@test/support/test-app';

const policy = { requests: 3, windowSeconds: 60 };
const limiterOn = (redisUrl: string, queuePrefix: string) => new RateLimiter(loadConfig({}, { redisUrl, queuePrefix, rateLimitStore: 'redis' }));

/** A token's allowance is one allowance however many api processes serve it. */
describe('rate limits shared between api processes', () => {
  const prefix = `rl_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;

  it('counts a token once across two processes: the fourth request is refused whichever process gets it', async () => {
    const [a, b] = [limiterOn('redis://127.0.0.1:6379', prefix), limiterOn('redis://127.0.0.1:6379', prefix)];
    try {
      const answers = [await a.take('token-1', policy), await b.take('token-1', policy), await a.take('token-1', policy), await b.take('token-1', policy)];
      expect(answers.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(answers.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(answers[3].resetSeconds).toBeGreaterThan(0);
      // Another token has its own allowance in the same store.
      expect((await b.take('token-2', policy)).allowed).toBe(true);
    } finally {
      a.onModuleDestroy();
      b.onModuleDestroy();
    }
  });

  it('keeps limiting in each process while Redis is unreachable, rather than failing open or refusing everyone', async () => {
    const down = limiterOn('redis://127.0.0.1:1', prefix);
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await down.take('token-3', policy)).allowed);
      expect(answers).toEqual([true, true, true, false]);
    } finally {
      down.onModuleDestroy();
    }
  });
});

describe('an organisation that sets itself a tiny limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.start({ rateLimitRequests: 50, rateLimitWindowSeconds: 60 });
  });
  afterAll(() => ctx.close());

  it('still lets its admin raise it again: administration routes never get less than the default', async () => {
    const org = await ctx.newOrganisation();
    const current = await ctx.as(org.adminToken).get('/v1/organisation/rate-limit').expect(200);
    await ctx.as(org.adminToken).patch('/v1/organisation/rate-limit').set('if-match', current.headers.etag).send({ requests: 1, windowSeconds: 3600 }).expect(200);
    const reader = await ctx.token(org, ['portfolio:read']);
    await ctx.as(reader).get('/v1/organisation').expect(200);
    expectProblem(await ctx.as(reader).get('/v1/organisation'), 429);
    // The admin's everyday reads are limited like everyone's...
    await ctx.as(org.adminToken).get('/v1/organisation').expect(200);
    expectProblem(await ctx.as(org.adminToken).get('/v1/organisation'), 429);
    // ...but the route that changes the limit still answers, and the new limit takes effect.
    const tiny = await ctx.as(org.adminToken).get('/v1/organisation/rate-limit').expect(200);
    expect(tiny.headers['ratelimit-policy']).toBe('"per-token";q=50;w=60');
    const raised = await ctx.as(org.adminToken).patch('/v1/organisation/rate-limit').set('if-match', tiny.headers.etag).send({ requests: 100, windowSeconds: 60 }).expect(200);
    expect(raised.body).toMatchObject({ requests: 100, windowSeconds: 60 });
    await ctx.as(await ctx.token(org, ['portfolio:read'])).get('/v1/organisation').expect(200);
  });
});
