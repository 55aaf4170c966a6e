import request from 'supertest';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { BoardClient, cookieFrom, csrfFrom, setCookieLine } from './board-client';

/** Sign-in, sessions, sign-out and CSRF on the board dashboard. */
describe('board sign-in', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation('Board Council');
  });
  afterAll(() => ctx.close());

  it('sends a visitor without a session to the sign-in page', async () => {
    const response = await new BoardClient(ctx).get('/board').expect(303);
    expect(response.headers.location).toBe('/board/sign-in');
    const form = await new BoardClient(ctx).get('/board/sign-in').expect(200);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.text).toContain('Sign in to the programme board');
  });

  it('signs in with a good token: an httpOnly, Secure, SameSite=Strict cookie holding only a random id, stored hashed', async () => {
    const token = await ctx.token(org, ['portfolio:read'], 'board reader');
    const client = new BoardClient(ctx);
    const response = await client.signIn(token);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/board');
    const line = setCookieLine(response, 'board_session') as string;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/Secure/i);
    expect(line).toMatch(/SameSite=Strict/i);
    expect(line).toMatch(/Path=\/board/);
    expect(client.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client.session).not.toContain(token.slice(5, 15));
    const stored = await ctx.db.query(`SELECT encode(secret_hash, 'hex') AS hash, organisation_id FROM board_sessions`);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].organisation_id).toBe(org.id);
    expect(JSON.stringify(stored.rows)).not.toContain(client.session);
    const page = await client.get('/board').expect(200);
    expect(page.text).toContain('Signed in with the token “board reader” (read only)');
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_type = 'board_session'`, [org.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['board_session.created']);
  });

  it('refuses a bad token, an empty one, and one without portfolio:read, on the form', async () => {
    const client = new BoardClient(ctx);
    const bad = await client.signIn('kpit_notarealtoken_0000000000000000000000');
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('The token was not recognised, or it has expired or been revoked');
    expect(bad.text).toContain('govuk-error-summary');
    expect(cookieFrom(bad, 'board_session')).toBeUndefined();
    expect((await client.signIn('   ')).status).toBe(400);
    const writer = await ctx.token(org, ['kpis:write']);
    const noRead = await client.signIn(writer);
    expect(noRead.status).toBe(403);
    expect(noRead.text).toContain('needs the portfolio:read scope');
    expect(client.session).toBeUndefined();
  });

  it('refuses a sign-in form posted without its CSRF cookie (login CSRF)', async () => {
    const token = await ctx.token(org, ['portfolio:read']);
    const form = await request(ctx.app.getHttpServer()).get('/board/sign-in').expect(200);
    const response = await request(ctx.app.getHttpServer()).post('/board/sign-in').type('form').send({ _csrf: csrfFrom(form.text), token });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(cookieFrom(response, 'board_session')).toBeUndefined();
  });

  it('signs out a session whose token is revoked, at its next page', async () => {
    const token = await ctx.token(org, ['portfolio:read'], 'to be revoked');
    const client = new BoardClient(ctx);
    await client.signIn(token);
    await client.get('/board').expect(200);
    await ctx.as(org.adminToken).delete(`/v1/tokens/${(await ctx.db.query(`SELECT id FROM api_tokens WHERE name = 'to be revoked'`)).rows[0].id}`).expect(200);
    const response = await client.get('/board').expect(303);
    expect(response.headers.location).toBe('/board/sign-in?expired=1');
    expect(setCookieLine(response, 'board_session')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    const left = await ctx.db.query(`SELECT count(*)::int AS n FROM board_sessions s JOIN api_tokens t ON t.id = s.token_id WHERE t.name = 'to be revoked'`);
    expect(left.rows[0].n).toBe(0);
    // And a revoked token cannot sign in again.
    expect((await new BoardClient(ctx).signIn(token)).status).toBe(401);
  });

  it('signs out an expired or idle session, and one whose token expired', async () => {
    const token = await ctx.token(org, ['portfolio:read'], 'expiring');
    const client = new BoardClient(ctx);
    await client.signIn(token);
    await ctx.db.query(`UPDATE board_sessions s SET last_seen_at = now() - interval '31 minutes' FROM api_tokens t WHERE t.id = s.token_id AND t.name = 'expiring'`);
    expect((await client.get('/board')).status).toBe(303);
    await client.signIn(token);
    await client.get('/board').expect(200);
    await ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = 'expiring'`);
    expect((await client.get('/board')).status).toBe(303);
  });

  it('ignores bearer tokens on board pages and forged session cookies', async () => {
    await request(ctx.app.getHttpServer()).get('/board').set('authorization', `Bearer ${org.adminToken}`).expect(303);
    const forged = new BoardClient(ctx);
    forged.session = 'A'.repeat(43);
    expect((await forged.get('/board')).status).toBe(303);
  });

  it('refuses a POST without the session CSRF token, or with another session’s, and changes nothing', async () => {
    const client = new BoardClient(ctx);
    await client.signIn(await ctx.token(org, ['portfolio:read']));
    const other = new BoardClient(ctx);
    await other.signIn(await ctx.token(org, ['portfolio:read']));
    const missing = await client.post('/board/sign-out', {});
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('This form has expired or did not come from this site');
    const foreign = await client.post('/board/sign-out', { _csrf: await other.csrf() });
    expect(foreign.status).toBe(403);
    await client.get('/board').expect(200);
  });

  it('signs out: the session row goes, the cookie is cleared and the old cookie no longer works', async () => {
    const client = new BoardClient(ctx);
    await client.signIn(await ctx.token(org, ['portfolio:read'], 'leaver'));
    const before = await ctx.db.query(`SELECT count(*)::int AS n FROM board_sessions`);
    const response = await client.post('/board/sign-out', { _csrf: await client.csrf() });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/board/sign-in?signedOut=1');
    expect(setCookieLine(response, 'board_session')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    const after = await ctx.db.query(`SELECT count(*)::int AS n FROM board_sessions`);
    expect(after.rows[0].n).toBe(before.rows[0].n - 1);
    expect((await client.get('/board')).status).toBe(303);
  });

  it('keeps one organisation’s session inside it', async () => {
    const other = await ctx.newOrganisation('Other Council');
    const programme = await insertProgramme(ctx.db, other.id, { code: 'OTHER', name: 'Other programme' });
    await insertProject(ctx.db, other.id, { programmeId: programme.id, code: 'OT-1', name: 'Other secret project' });
    const client = new BoardClient(ctx);
    await client.signIn(await ctx.token(org, ['portfolio:read']));
    const page = await client.get('/board').expect(200);
    expect(page.text).not.toContain('Other secret project');
  });
});
