import { parseToken } from '@app/platform/auth/token-secret';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { appUrl, workerUrl } from '@test/support/test-db';
import { exitOf, freePort, startProcess, waitForHttp } from '@test/support/processes';

/** Token rotation with an overlap window; no secret in any log line or, in clear, in any table. */
describe('token rotation and secrecy', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('issues a new token and keeps the old one working until the overlap ends', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'Jira', scopes: ['portfolio:read', 'kpis:write'] }).expect(201);
    const rotated = await ctx.as(org.adminToken).post(`/v1/tokens/${created.body.id}/rotate`).send({ overlapSeconds: 3600 }).expect(201);
    expect(rotated.body).toMatchObject({ name: 'Jira', scopes: ['portfolio:read', 'kpis:write'], token: expect.stringMatching(/^kpit_/), replaces: { id: created.body.id } });
    expect(parseToken(rotated.body.token)).not.toBeNull();
    expect(rotated.body.id).not.toBe(created.body.id);
    const overlapEnds = Date.parse(rotated.body.replaces.expiresAt) - Date.now();
    expect(overlapEnds).toBeGreaterThan(3500_000);
    expect(overlapEnds).toBeLessThanOrEqual(3600_000);
    await ctx.as(created.body.token).get('/v1/organisation').expect(200);
    await ctx.as(rotated.body.token).get('/v1/organisation').expect(200);
    // The overlap ends: the old token stops, the new one carries on.
    await ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expectProblem(await ctx.as(created.body.token).get('/v1/organisation'), 401);
    await ctx.as(rotated.body.token).get('/v1/organisation').expect(200);
    const audit = await ctx.db.query(`SELECT after FROM audit_events WHERE organisation_id = $1 AND action = 'token.rotated'`, [org.id]);
    expect(audit.rows[0].after).toMatchObject({ replacedBy: rotated.body.id });
  });

  it('never extends a token: the overlap ends no later than the old expiry; zero overlap ends it now', async () => {
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'short', scopes: ['portfolio:read'], expiresAt }).expect(201);
    const rotated = await ctx.as(org.adminToken).post(`/v1/tokens/${created.body.id}/rotate`).send({}).expect(201);
    expect(Date.parse(rotated.body.replaces.expiresAt)).toBeLessThanOrEqual(Date.parse(expiresAt));
    expect(rotated.body.expiresAt).toBe(expiresAt);
    const now = await ctx.as(org.adminToken).post(`/v1/tokens/${rotated.body.id}/rotate`).send({ overlapSeconds: 0 }).expect(201);
    expectProblem(await ctx.as(rotated.body.token).get('/v1/organisation'), 401);
    await ctx.as(now.body.token).get('/v1/organisation').expect(200);
  });

  it('refuses: another organisation’s token or a random id (404, the same), a revoked one (409), bad input (400), no admin (403)', async () => {
    const theirs = await ctx.as(other.adminToken).post('/v1/tokens').send({ name: 'theirs', scopes: ['portfolio:read'] }).expect(201);
    const foreign = expectProblem(await ctx.as(org.adminToken).post(`/v1/tokens/${theirs.body.id}/rotate`).send({}), 404);
    const random = expectProblem(await ctx.as(org.adminToken).post(`/v1/tokens/${randomUuid()}/rotate`).send({}), 404);
    expect({ ...foreign, requestId: undefined }).toEqual({ ...random, requestId: undefined });
    expect((await ctx.db.query(`SELECT expires_at FROM api_tokens WHERE id = $1`, [theirs.body.id])).rows[0].expires_at).toBeNull();
    const revoked = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'gone', scopes: ['portfolio:read'] }).expect(201);
    await ctx.as(org.adminToken).delete(`/v1/tokens/${revoked.body.id}`).expect(200);
    expectProblem(await ctx.as(org.adminToken).post(`/v1/tokens/${revoked.body.id}/rotate`).send({}), 409);
    const invalid = expectProblem(await ctx.as(org.adminToken).post(`/v1/tokens/${theirs.body.id}/rotate`).send({ overlapSeconds: -1 }), 400);
    expect(invalid.errors?.map((e) => e.field)).toEqual(['overlapSeconds']);
    expectProblem(await ctx.as(await ctx.token(org, ['portfolio:read'])).post(`/v1/tokens/${revoked.body.id}/rotate`).send({}), 403);
  });

  it('writes no secret to any log line of the real api at trace level, nor in clear to any table', async () => {
    const port = await freePort();
    const api = startProcess('apps/api/src/main.js', { DATABASE_URL: appUrl(ctx.database), WORKER_DATABASE_URL: workerUrl(ctx.database), PORT: String(port), QUEUE_PREFIX: ctx.database, LOG_LEVEL: 'trace' });
    const secrets: string[] = [org.adminToken];
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      const call = (path: string, token: string, init: RequestInit = {}) =>
        fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      const created = (await (await call('/v1/tokens', org.adminToken, { method: 'POST', body: JSON.stringify({ name: 'logged?', scopes: ['admin'] }) })).json()) as { id: string; token: string };
      secrets.push(created.token);
      const rotated = (await (await call(`/v1/tokens/${created.id}/rotate`, created.token, { method: 'POST', body: '{}' })).json()) as { token: string };
      secrets.push(rotated.token);
      expect((await call('/v1/organisation', rotated.token)).status).toBe(200);
      // A mistyped token, one with a valid checksum but unknown, and a token in a query string and a body.
      const typo = rotated.token.slice(0, -1) + (rotated.token.endsWith('a') ? 'b' : 'a');
      secrets.push(typo);
      expect((await call('/v1/organisation', typo)).status).toBe(401);
      expect((await call(`/v1/projects?token=${rotated.token}`, rotated.token)).status).toBe(400);
      expect((await call('/v1/objectives', rotated.token, { method: 'POST', body: JSON.stringify({ code: 'S', title: 'S', token: rotated.token }) })).status).toBe(400);
    } finally {
      api.kill('SIGTERM');
      await exitOf(api);
    }
    const log = api.output();
    expect(log).toMatch(/incoming request/);
    expect(log).toMatch(/request completed/);
    for (const secret of secrets) expect(log).not.toContain(secret.slice(22));

    const tables = (await ctx.db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.t);
    for (const t of tables) {
      const dump = await ctx.db.query(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
      for (const { j } of dump.rows) for (const secret of secrets) expect(j).not.toContain(secret.slice(22));
    }
  });
});
