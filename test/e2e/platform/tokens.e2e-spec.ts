import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('API tokens', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('creates a token whose secret is shown once and works for its scopes only', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'Jira', scopes: ['portfolio:read'] }).expect(201);
    expect(created.body).toMatchObject({ name: 'Jira', scopes: ['portfolio:read'], prefix: expect.stringMatching(/^kpit_/), token: expect.stringMatching(/^kpit_/) });
    expect(created.body.token.startsWith(created.body.prefix)).toBe(true);

    await ctx.as(created.body.token).get('/v1/organisation').expect(200);
    expectProblem(await ctx.as(created.body.token).get('/v1/tokens'), 403);

    const listed = await ctx.as(org.adminToken).get('/v1/tokens').expect(200);
    const row = listed.body.data.find((t: { id: string }) => t.id === created.body.id);
    expect(row).toBeDefined();
    expect(row.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it('never stores or audits the secret in clear', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'secretive', scopes: ['admin'] }).expect(201);
    const secret: string = created.body.token;
    const dump = await ctx.db.query(`SELECT row_to_json(t)::text AS j FROM api_tokens t UNION ALL SELECT row_to_json(a)::text FROM audit_events a`);
    for (const { j } of dump.rows) expect(j).not.toContain(secret.slice(22));
  });

  it('revokes a token, after which it gets 401', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'temp', scopes: ['portfolio:read'] }).expect(201);
    await ctx.as(created.body.token).get('/v1/organisation').expect(200);
    const revoked = await ctx.as(org.adminToken).delete(`/v1/tokens/${created.body.id}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const denied = expectProblem(await ctx.as(created.body.token).get('/v1/organisation'), 401);
    expect(denied.code).toBe('invalid_token');
  });

  it('honours expiry', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'short', scopes: ['portfolio:read'], expiresAt: new Date(Date.now() + 60_000).toISOString() }).expect(201);
    await ctx.as(created.body.token).get('/v1/organisation').expect(200);
    await ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expectProblem(await ctx.as(created.body.token).get('/v1/organisation'), 401);
  });

  it('records last use', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'used', scopes: ['portfolio:read'] }).expect(201);
    expect(created.body.lastUsedAt).toBeNull();
    await ctx.as(created.body.token).get('/v1/organisation').expect(200);
    await new Promise((r) => setTimeout(r, 100));
    const row = await ctx.db.query(`SELECT last_used_at FROM api_tokens WHERE id = $1`, [created.body.id]);
    expect(row.rows[0].last_used_at).toBeInstanceOf(Date);
  });

  it('rejects bad input with field errors', async () => {
    const bad = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: '', scopes: ['everything'] }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['name', 'scopes']);
    const past = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'old', scopes: ['admin'], expiresAt: '2020-01-01T00:00:00Z' }), 400);
    expect(past.errors?.[0].field).toBe('expiresAt');
    expectProblem(await ctx.as(org.adminToken).delete('/v1/tokens/not-a-uuid'), 400);
  });

  it('needs the admin scope (403) and a token at all (401)', async () => {
    const reader = await ctx.token(org, ['portfolio:read', 'finance:write']);
    expectProblem(await ctx.as(reader).post('/v1/tokens').send({ name: 'x', scopes: ['admin'] }), 403);
    expectProblem(await ctx.as(reader).get('/v1/tokens'), 403);
    expectProblem(await ctx.anonymous().get('/v1/tokens'), 401);
    expectProblem(await ctx.as('kpit_0000000000000000_notatoken').get('/v1/tokens'), 401);
  });

  it("cannot see or revoke another organisation's tokens (404, same as a random id)", async () => {
    const theirs = await ctx.as(other.adminToken).post('/v1/tokens').send({ name: 'theirs', scopes: ['portfolio:read'] }).expect(201);
    const mine = await ctx.as(org.adminToken).get('/v1/tokens?limit=200').expect(200);
    expect(mine.body.data.map((t: { id: string }) => t.id)).not.toContain(theirs.body.id);
    const foreign = expectProblem(await ctx.as(org.adminToken).delete(`/v1/tokens/${theirs.body.id}`), 404);
    const random = expectProblem(await ctx.as(org.adminToken).delete(`/v1/tokens/${randomUuid()}`), 404);
    expect(foreign.detail).toBe(random.detail);
    await ctx.as(theirs.body.token).get('/v1/organisation').expect(200);
  });

  it('paginates with a stable cursor', async () => {
    const fresh = await ctx.newOrganisation();
    for (let i = 0; i < 5; i++) await ctx.as(fresh.adminToken).post('/v1/tokens').send({ name: `t${i}`, scopes: ['portfolio:read'] }).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await ctx.as(fresh.adminToken).get(`/v1/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((t) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expectProblem(await ctx.as(fresh.adminToken).get('/v1/tokens?limit=201'), 400);
    expectProblem(await ctx.as(fresh.adminToken).get('/v1/tokens?cursor=garbage'), 400);
  });
});
