import { Client } from 'pg';
import { appUrl } from '@test/support/test-db';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

describe('audit trail', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('records who created and revoked a token, with before and after and the request id', async () => {
    const created = await ctx.as(org.adminToken).post('/v1/tokens').set('x-request-id', 'req-audit-1').send({ name: 'audited', scopes: ['portfolio:read'] }).expect(201);
    await ctx.as(org.adminToken).delete(`/v1/tokens/${created.body.id}`).expect(200);
    const events = await ctx.as(org.adminToken).get(`/v1/audit-events?entityType=api_token&entityId=${created.body.id}`).expect(200);
    expect(events.body.data.map((e: { action: string }) => e.action)).toEqual(['token.revoked', 'token.created']);
    const [revoked, createdEvent] = events.body.data;
    expect(createdEvent).toMatchObject({ actor: { name: 'bootstrap admin' }, requestId: 'req-audit-1', after: { name: 'audited', scopes: ['portfolio:read'] } });
    expect(revoked.before).toEqual({ revokedAt: null });
  });

  it("shows only the caller's organisation, and only to admins", async () => {
    const theirs = await ctx.as(other.adminToken).get('/v1/audit-events').expect(200);
    const mine = await ctx.as(org.adminToken).get('/v1/audit-events?limit=200').expect(200);
    const mineIds = new Set(mine.body.data.map((e: { id: string }) => e.id));
    for (const event of theirs.body.data) expect(mineIds.has(event.id)).toBe(false);
    const reader = await ctx.token(org, ['portfolio:read']);
    expectProblem(await ctx.as(reader).get('/v1/audit-events'), 403);
    expectProblem(await ctx.as(org.adminToken).get('/v1/audit-events?entityId=nope'), 400);
  });

  it('cannot be changed or deleted by the application role, nor by the owner', async () => {
    const app = new Client({ connectionString: appUrl(ctx.database) });
    await app.connect();
    try {
      await expect(app.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(ctx.db.query(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(ctx.db.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});
