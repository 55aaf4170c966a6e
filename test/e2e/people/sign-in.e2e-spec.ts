import request from 'supertest';
import { verifyAuditChains } from '@app/platform';
import { LocalIdentityProvider } from '../../../scripts/demo/identity-provider';
import { TestContext, TestOrg } from '@test/support/test-app';
import { cookieValue, finishSignIn, loginAtProvider, signInThroughProvider, startSignIn, startTestIdentityProvider, TEST_DOMAIN, useIdentityProvider } from '@test/support/identity-provider';

const person = (subject: string, email: string, name: string) => ({ subject, email, name });
const ANNA = person('sub-anna', `anna.invited@${TEST_DOMAIN}`, 'Anna Invited');
const BEN = person('sub-ben', `ben.domain@${TEST_DOMAIN}`, 'Ben Domain');
const CARA = person('sub-cara', 'cara@elsewhere.example.org', 'Cara Elsewhere');
const DEV = person('sub-dev', `dev.deactivated@${TEST_DOMAIN}`, 'Dev Deactivated');
const EVE = person('sub-eve', `eve.checks@${TEST_DOMAIN}`, 'Eve Checks');

/** Sign-in through a real OpenID provider (oidc-provider on a free port) with the product's relying party. */
describe('sign-in with the organisation identity provider', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let idp: LocalIdentityProvider;
  const sessionsOf = async (email: string) =>
    Number((await ctx.db.query(`SELECT count(*) FROM board_sessions s JOIN people p ON p.id = s.person_id WHERE p.email = $1`, [email])).rows[0].count);

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('People Council');
    idp = await startTestIdentityProvider(ctx, [ANNA, BEN, CARA, DEV, EVE]);
    await useIdentityProvider(ctx, org, idp, { allowedDomains: [TEST_DOMAIN] });
    for (const p of [ANNA, DEV, EVE]) await ctx.as(org.adminToken).post('/v1/people').send({ email: p.email, roles: ['viewer'] }).expect(201);
  });
  afterAll(async () => {
    await idp?.close();
    await ctx.close();
  });
  afterEach(() => idp.tamperIdTokens(null));

  it('signs an invited person in: PKCE, state and nonce sent; a session for the person; their name on the board', async () => {
    const started = await startSignIn(ctx, org.slug);
    expect(started.response.status).toBe(303);
    const url = new URL(started.url);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3999/board/sign-in/callback');
    // The attempt cookie is sealed: the verifier and nonce cannot be read from it.
    expect(Buffer.from(started.attempt, 'base64url').toString('latin1')).not.toContain(url.searchParams.get('state') as string);
    const back = await loginAtProvider(started.url, ANNA.subject);
    const response = await finishSignIn(ctx, back.callback, started.attempt).expect(200);
    expect(response.text).toContain('Signed in as Anna Invited');
    const session = cookieValue(response, 'board_session') as string;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = (await ctx.db.query(`SELECT id, status, subject, last_sign_in_at FROM people WHERE email = $1`, [ANNA.email])).rows[0];
    expect(stored).toMatchObject({ status: 'active', subject: ANNA.subject });
    expect(stored.last_sign_in_at).not.toBeNull();
    const page = await request(ctx.app.getHttpServer()).get('/board').set('cookie', `board_session=${session}`).expect(200);
    expect(page.text).toContain('Signed in as Anna Invited');
    expect(page.text).toContain('(read only)');
    const audit = await ctx.db.query(`SELECT action, actor_name FROM audit_events WHERE organisation_id = $1 AND action IN ('person.signed_in', 'board_session.created') ORDER BY seq`, [org.id]);
    expect(audit.rows).toEqual([
      { action: 'person.signed_in', actor_name: 'Anna Invited' },
      { action: 'board_session.created', actor_name: 'Anna Invited' },
    ]);
    // Changes made through the session name the person and the session, and stay in the hash chain.
    const flagless = await request(ctx.app.getHttpServer()).post('/board/sign-out').set('cookie', `board_session=${session}`).type('form').send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] });
    expect(flagless.status).toBe(303);
    const ended = (await ctx.db.query(`SELECT actor_person_id, actor_session_id, actor_name FROM audit_events WHERE organisation_id = $1 AND action = 'board_session.ended'`, [org.id])).rows[0];
    expect(ended).toEqual({ actor_person_id: stored.id, actor_session_id: expect.stringMatching(/^[0-9a-f-]{36}$/), actor_name: 'Anna Invited' });
    const events = (await ctx.as(org.adminToken).get('/v1/audit-events?action=board_session.ended').expect(200)).body.data;
    expect(events[0].actor).toEqual({ tokenId: null, personId: stored.id, sessionId: ended.actor_session_id, name: 'Anna Invited' });
    const reports = await verifyAuditChains(async (sql, params) => (await ctx.db.query(sql, params)).rows, org.id);
    expect(reports.every((r) => r.ok)).toBe(true);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const started = await startSignIn(ctx, org.slug);
    const back = await loginAtProvider(started.url, EVE.subject);
    const forged = back.callback.replace(`state=${back.state}`, 'state=someone-elses-state');
    const response = await finishSignIn(ctx, forged, started.attempt).expect(401);
    expect(response.text).toContain('Sign-in did not complete');
    expect(cookieValue(response, 'board_session')).toBeUndefined();
    // And without the attempt cookie at all (a callback opened in another browser).
    const other = await finishSignIn(ctx, back.callback, undefined).expect(401);
    expect(cookieValue(other, 'board_session')).toBeUndefined();
    expect(await sessionsOf(EVE.email)).toBe(0);
  });

  it('refuses a replayed authorisation code', async () => {
    const started = await startSignIn(ctx, org.slug);
    const back = await loginAtProvider(started.url, EVE.subject);
    await finishSignIn(ctx, back.callback, started.attempt).expect(200);
    const replay = await finishSignIn(ctx, back.callback, started.attempt).expect(401);
    expect(cookieValue(replay, 'board_session')).toBeUndefined();
    expect(await sessionsOf(EVE.email)).toBe(1);
    await ctx.db.query(`DELETE FROM board_sessions WHERE organisation_id = $1`, [org.id]);
  });

  it('refuses an ID token issued for another audience', async () => {
    idp.tamperIdTokens((claims) => ({ ...claims, aud: 'some-other-client' }));
    const { session, response } = await signInThroughProvider(ctx, org.slug, EVE.subject);
    expect(response.status).toBe(401);
    expect(session).toBeUndefined();
    expect(await sessionsOf(EVE.email)).toBe(0);
  });

  it('refuses an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamperIdTokens((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));
    const { session, response } = await signInThroughProvider(ctx, org.slug, EVE.subject);
    expect(response.status).toBe(401);
    expect(session).toBeUndefined();
    // The same provider untampered signs the same person in: it was the expiry that was refused.
    idp.tamperIdTokens(null);
    expect((await signInThroughProvider(ctx, org.slug, EVE.subject)).response.status).toBe(200);
  });

  it('refuses a deactivated person, and deactivation ends their open session at once', async () => {
    const first = await signInThroughProvider(ctx, org.slug, DEV.subject);
    expect(first.response.status).toBe(200);
    const board = () => request(ctx.app.getHttpServer()).get('/board').set('cookie', `board_session=${first.session}`);
    await board().expect(200);
    const id = (await ctx.db.query(`SELECT id FROM people WHERE email = $1`, [DEV.email])).rows[0].id;
    await ctx.as(org.adminToken).post(`/v1/people/${id}/deactivate`).expect(200);
    expect((await board().expect(303)).headers.location).toBe('/board/sign-in?expired=1');
    const again = await signInThroughProvider(ctx, org.slug, DEV.subject);
    expect(again.response.status).toBe(403);
    expect(again.response.text).toContain('Your access to this organisation has been removed');
    expect(again.session).toBeUndefined();
  });

  it('creates a viewer at first sign-in from an allowed domain, and refuses a domain that is not allowed', async () => {
    const allowed = await signInThroughProvider(ctx, org.slug, BEN.subject);
    expect(allowed.response.status).toBe(200);
    expect((await ctx.db.query(`SELECT name, status, roles FROM people WHERE email = $1`, [BEN.email])).rows[0]).toEqual({ name: 'Ben Domain', status: 'active', roles: ['viewer'] });
    const refused = await signInThroughProvider(ctx, org.slug, CARA.subject);
    expect(refused.response.status).toBe(403);
    expect(refused.response.text).toContain('has not been invited');
    expect(refused.session).toBeUndefined();
    expect((await ctx.db.query(`SELECT count(*) FROM people WHERE email = $1`, [CARA.email])).rows[0].count).toBe('0');
  });

  it('finds the organisation from an email domain it allows, and says so when none does', async () => {
    const server = ctx.app.getHttpServer();
    const form = await request(server).get('/board/sign-in').expect(200);
    expect(form.text).toContain('Work email address');
    const csrf = cookieValue(form, 'board_sign_in') as string;
    const field = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const post = (email: string) => request(server).post('/board/sign-in').set('cookie', `board_sign_in=${csrf}`).type('form').send({ _csrf: field, email });
    const found = await post(BEN.email).expect(303);
    expect(new URL(found.headers.location).searchParams.get('login_hint')).toBe(BEN.email);
    expect((await post('someone@nowhere.example')).status).toBe(400);
    expect((await post('not an email')).text).toContain('Enter your work email address');
  });

  it('keeps token sign-in switched off unless BOARD_TOKEN_SIGN_IN is set', async () => {
    const server = ctx.app.getHttpServer();
    const form = await request(server).get('/board/sign-in').expect(200);
    expect(form.text).not.toContain('name="token"');
    const csrf = cookieValue(form, 'board_sign_in') as string;
    const field = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const response = await request(server).post('/board/sign-in').set('cookie', `board_sign_in=${csrf}`).type('form').send({ _csrf: field, token: org.adminToken });
    expect(response.status).toBe(404);
    expect(cookieValue(response, 'board_session')).toBeUndefined();
  });
});
