import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

describe('HTTP conventions', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start({ bodyLimitBytes: 64 * 1024 });
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('rejects an unknown field, naming it', async () => {
    const body = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['admin'], organisationId: org.id }), 400);
    expect(body.errors).toEqual([{ field: 'organisationId', message: expect.stringContaining('not a known field') }]);
  });

  it('rejects a wrong type, naming the field', async () => {
    const body = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 42, scopes: 'admin' }), 400);
    expect(body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['name', 'scopes']));
  });

  it('rejects an oversized body with 413', async () => {
    const body = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x'.repeat(70 * 1024), scopes: ['admin'] }), 413);
    expect(body.detail).toMatch(/larger than the limit/);
  });

  it('rejects malformed JSON and unsupported content types', async () => {
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').set('content-type', 'application/json').send('{"name":'), 400);
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').set('content-type', 'text/csv').send('a,b'), 415);
  });

  it('answers unknown routes with problem+json 404', async () => {
    expectProblem(await ctx.as(org.adminToken).get('/v1/nothing-here'), 404);
  });

  it('puts a request id on every response and honours one sent by the caller', async () => {
    const generated = await ctx.anonymous().get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await ctx.anonymous().get('/v1/tokens').set('x-request-id', 'trace-123');
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    expect(echoed.body.requestId).toBe('trace-123');
  });

  it('reports liveness and readiness with PostgreSQL and Redis', async () => {
    await ctx.anonymous().get('/health/live').expect(200, { status: 'ok' });
    const ready = await ctx.readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database.status).toBe('up');
    expect(ready.body.checks.redis.status).toBe('up');
    expect(ready.body.checks.worker).toHaveProperty('ageSeconds');
  });

  it('serves Prometheus metrics and the OpenAPI document with bearer auth described', async () => {
    await ctx.anonymous().get('/health/live');
    const metrics = await ctx.anonymous().get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
    const doc = await ctx.anonymous().get('/docs/openapi.json').expect(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.body.paths['/v1/tokens'].post.security).toEqual([{ bearer: [] }]);
    await ctx.anonymous().get('/docs').expect(200);
  });

  it('never leaks internals in a 500', async () => {
    // A cursor that decodes but names a non-timestamp forces a database error on the keyset.
    const cursor = Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64url');
    const response = await ctx.as(org.adminToken).get(`/v1/tokens?cursor=${cursor}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|api_tokens|node_modules|at \w+ \(/);
  });
});
