import { TestContext, TestOrg, expectProblem, randomUuid } from '@test/support/test-app';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { Db, OrganisationService } from '@app/platform';
import { ScanService } from '@app/governance';

/** People administration, /v1/me, personal tokens and the identity-provider setting. */
describe('people', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('People API Council');
    other = await ctx.newOrganisation('Other Council');
  });
  afterAll(() => ctx.close());

  const invite = (token: string, body: object) => ctx.as(token).post('/v1/people').send(body);

  it('invites by email, lists, changes roles under If-Match and deactivates', async () => {
    const created = (await invite(org.adminToken, { email: 'Jo.Bloggs@People.gov.uk', name: 'Jo Bloggs', roles: ['pmo'] }).expect(201)).body;
    expect(created).toMatchObject({ email: 'jo.bloggs@people.gov.uk', name: 'Jo Bloggs', status: 'invited', roles: ['pmo'], version: 1 });
    const listed = (await ctx.as(org.adminToken).get('/v1/people?status=invited').expect(200)).body;
    expect(listed.data.map((p: { email: string }) => p.email)).toContain('jo.bloggs@people.gov.uk');
    expect(expectProblem(await invite(org.adminToken, { email: 'jo.bloggs@people.gov.uk' }), 409).code).toBe('person_exists');
    await ctx.as(org.adminToken).patch(`/v1/people/${created.id}/roles`).send({ roles: ['finance'] }).expect(428);
    await ctx.as(org.adminToken).patch(`/v1/people/${created.id}/roles`).set('if-match', '"9"').send({ roles: ['finance'] }).expect(412);
    const changed = await ctx.as(org.adminToken).patch(`/v1/people/${created.id}/roles`).set('if-match', '"1"').send({ roles: ['finance', 'viewer'] }).expect(200);
    expect(changed.body.roles).toEqual(['finance', 'viewer']);
    expect(changed.headers.etag).toBe('"2"');
    const gone = (await ctx.as(org.adminToken).post(`/v1/people/${created.id}/deactivate`).expect(200)).body;
    expect(gone).toMatchObject({ status: 'deactivated' });
    expect(gone.deactivatedAt).not.toBeNull();
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, created.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['person.invited', 'person.roles_changed', 'person.deactivated']);
  });

  it('says what to fix for bad input', async () => {
    expect(expectProblem(await invite(org.adminToken, { email: 'not-an-email' }), 400).errors?.[0].field).toBe('email');
    expect(expectProblem(await invite(org.adminToken, { email: 'a@b.gov.uk', roles: ['emperor'] }), 400).errors?.[0].field).toBe('roles');
    const p = (await invite(org.adminToken, { email: 'roles@people.gov.uk' }).expect(201)).body;
    expect(expectProblem(await ctx.as(org.adminToken).patch(`/v1/people/${p.id}/roles`).set('if-match', '"1"').send({ roles: [] }), 400).errors?.[0].field).toBe('roles');
    expectProblem(await ctx.as(org.adminToken).get('/v1/people/not-a-uuid'), 400);
  });

  it('is for admins only', async () => {
    const reader = await ctx.token(org, ['portfolio:read', 'portfolio:write']);
    expectProblem(await invite(reader, { email: 'x@people.gov.uk' }), 403);
    expectProblem(await ctx.as(reader).get('/v1/people'), 403);
    expectProblem(await ctx.as(reader).post(`/v1/people/${randomUuid()}/deactivate`), 403);
  });

  it("answers another organisation's person as not found, and changes nothing", async () => {
    const theirs = (await invite(other.adminToken, { email: 'theirs@other.gov.uk' }).expect(201)).body;
    const a = await ctx.as(org.adminToken).post(`/v1/people/${theirs.id}/deactivate`);
    const b = await ctx.as(org.adminToken).post(`/v1/people/${randomUuid()}/deactivate`);
    const { requestId: _a, ...bodyA } = expectProblem(a, 404);
    const { requestId: _b, ...bodyB } = expectProblem(b, 404);
    expect(bodyA).toEqual(bodyB);
    expectProblem(await ctx.as(org.adminToken).patch(`/v1/people/${theirs.id}/roles`).set('if-match', '"1"').send({ roles: ['admin'] }), 404);
    expectProblem(await ctx.as(org.adminToken).get(`/v1/people/${theirs.id}`), 404);
    expect((await ctx.db.query(`SELECT status, roles FROM people WHERE id = $1`, [theirs.id])).rows[0]).toEqual({ status: 'invited', roles: ['viewer'] });
    // Nor may a token be made to belong to them.
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['portfolio:read'], personId: theirs.id }), 404);
  });

  it('gives personal tokens no more than their owner may, and stops them when the owner is deactivated', async () => {
    const viewer = (await invite(org.adminToken, { email: 'pat.owner@people.gov.uk', name: 'Pat Owner', roles: ['viewer'] }).expect(201)).body;
    const pat = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: "Pat's laptop", scopes: ['portfolio:read', 'kpis:write'], personId: viewer.id }).expect(201)).body;
    expect(pat.personId).toBe(viewer.id);
    const me = (await ctx.as(pat.token).get('/v1/me').expect(200)).body;
    expect(me).toMatchObject({ person: { id: viewer.id, name: 'Pat Owner', roles: ['viewer'] }, token: { id: pat.id }, via: 'token', scopes: ['portfolio:read'] });
    expect(me.can).toMatchObject({ readPortfolio: true, writeKpis: false, administer: false });
    // The token says kpis:write, but a viewer cannot write KPIs.
    expectProblem(await ctx.as(pat.token).post('/v1/kpis').send({}), 403);
    await ctx.as(org.adminToken).post(`/v1/people/${viewer.id}/deactivate`).expect(200);
    expectProblem(await ctx.as(pat.token).get('/v1/me'), 401);
    expect((await ctx.db.query(`SELECT revoked_at FROM api_tokens WHERE id = $1`, [pat.id])).rows[0].revoked_at).not.toBeNull();
  });

  it('tells an organisation token who it is', async () => {
    const me = (await ctx.as(org.adminToken).get('/v1/me').expect(200)).body;
    expect(me).toMatchObject({ organisationId: org.id, person: null, via: 'token', scopes: ['admin'] });
    expect(me.can.administer).toBe(true);
    expectProblem(await ctx.anonymous().get('/v1/me'), 401);
  });

  it('stores the identity provider with its secret encrypted, and never shows the secret', async () => {
    const body = { issuer: 'https://login.microsoftonline.com/tenant-id/v2.0', clientId: 'client-123', clientSecret: 'super-secret-value', allowedDomains: ['People.gov.uk'] };
    await ctx.as(org.adminToken).get('/v1/organisation/identity-provider').expect(404);
    const saved = await ctx.as(org.adminToken).put('/v1/organisation/identity-provider').send(body).expect(200);
    expect(saved.body).toEqual({ issuer: body.issuer, clientId: 'client-123', clientSecretSet: true, allowedDomains: ['people.gov.uk'], version: 1, updatedAt: expect.any(String) });
    const raw = (await ctx.db.query(`SELECT client_secret_encrypted FROM organisation_identity_providers WHERE organisation_id = $1`, [org.id])).rows[0].client_secret_encrypted as Buffer;
    expect(raw.toString('latin1')).not.toContain('super-secret-value');
    const audit = await ctx.db.query(`SELECT after FROM audit_events WHERE organisation_id = $1 AND action = 'identity_provider.updated'`, [org.id]);
    expect(JSON.stringify(audit.rows)).not.toContain('super-secret-value');
    await ctx.as(org.adminToken).put('/v1/organisation/identity-provider').send({ ...body, clientSecret: undefined }).expect(428);
    const kept = await ctx.as(org.adminToken).put('/v1/organisation/identity-provider').set('if-match', '"1"').send({ ...body, clientSecret: undefined, clientId: 'client-456' }).expect(200);
    expect(kept.body).toMatchObject({ clientId: 'client-456', clientSecretSet: true, version: 2 });
    expect(expectProblem(await ctx.as(org.adminToken).put('/v1/organisation/identity-provider').set('if-match', '"2"').send({ ...body, issuer: 'http://idp.example.com' }), 400).errors?.[0].field).toBe('issuer');
    expect(expectProblem(await ctx.as(org.adminToken).put('/v1/organisation/identity-provider').set('if-match', '"2"').send({ ...body, allowedDomains: ['not a domain'] }), 400).errors?.[0].field).toBe('allowedDomains');
    const reader = await ctx.token(org, ['portfolio:read']);
    expectProblem(await ctx.as(reader).get('/v1/organisation/identity-provider'), 403);
    // Another organisation sees only its own (none).
    await ctx.as(other.adminToken).get('/v1/organisation/identity-provider').expect(404);
  });

  it('adds and removes memberships, restricts programmes; admin only, this organisation only', async () => {
    const person = (await invite(org.adminToken, { email: 'member@people.gov.uk', name: 'Member' }).expect(201)).body;
    const programme = await insertProgramme(ctx.db, org.id);
    const project = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    const onProgramme = (await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'sro', programmeId: programme.id }).expect(201)).body;
    expect(onProgramme).toMatchObject({ personId: person.id, role: 'sro', programmeId: programme.id, projectId: null });
    await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'project_manager', projectId: project.id }).expect(201);
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'sro', programmeId: programme.id }), 409).code).toBe('membership_exists');
    expect((await ctx.as(org.adminToken).get(`/v1/memberships?personId=${person.id}`).expect(200)).body.data).toHaveLength(2);
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'sro', projectId: project.id }), 400).errors?.[0].field).toBe('programmeId');
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'owner', projectId: project.id }), 400).errors?.[0].field).toBe('role');
    const theirProgramme = await insertProgramme(ctx.db, other.id);
    expectProblem(await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: person.id, role: 'sro', programmeId: theirProgramme.id }), 404);
    expectProblem(await ctx.as(org.adminToken).put(`/v1/programmes/${theirProgramme.id}/restriction`).send({ restricted: true }), 404);
    expect((await ctx.as(org.adminToken).put(`/v1/programmes/${programme.id}/restriction`).send({ restricted: true }).expect(200)).body).toEqual({ programmeId: programme.id, restricted: true });
    expect((await ctx.as(org.adminToken).get(`/v1/programmes/${programme.id}/restriction`).expect(200)).body.restricted).toBe(true);
    expectProblem(await ctx.as(org.adminToken).put(`/v1/programmes/${programme.id}/restriction`).send({ restricted: 'yes' }), 400);
    const writer = await ctx.token(org, ['portfolio:write']);
    expectProblem(await ctx.as(writer).post('/v1/memberships').send({ personId: person.id, role: 'sro', programmeId: programme.id }), 403);
    expectProblem(await ctx.as(writer).put(`/v1/programmes/${programme.id}/restriction`).send({ restricted: false }), 403);
    await ctx.as(org.adminToken).delete(`/v1/memberships/${onProgramme.id}`).expect(200);
    expectProblem(await ctx.as(other.adminToken).delete(`/v1/memberships/${onProgramme.id}`), 404);
    expect((await ctx.as(org.adminToken).get(`/v1/memberships?personId=${person.id}`).expect(200)).body.data).toHaveLength(1);
  });

  it('gives integration tokens an owner and, when asked, only some programmes', async () => {
    const owner = (await invite(org.adminToken, { email: 'integration.owner@people.gov.uk', name: 'Integration Owner' }).expect(201)).body;
    const mine = await insertProgramme(ctx.db, org.id);
    const notMine = await insertProgramme(ctx.db, org.id);
    const projectIn = await insertProject(ctx.db, org.id, { programmeId: mine.id });
    const projectOut = await insertProject(ctx.db, org.id, { programmeId: notMine.id });
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'survey sync', scopes: ['portfolio:read', 'kpis:write'], integration: { name: 'Survey tool', ownerPersonId: owner.id, programmeIds: [mine.id] } }).expect(201);
    expect(created.body.integration).toEqual({ name: 'Survey tool', ownerPersonId: owner.id, programmeIds: [mine.id] });
    const token = created.body.token as string;
    const programmes = ((await ctx.as(token).get('/v1/programmes?limit=200').expect(200)).body.data as { id: string }[]).map((p) => p.id);
    expect(programmes).toEqual([mine.id]);
    await ctx.as(token).get(`/v1/projects/${projectIn.id}`).expect(200);
    expectProblem(await ctx.as(token).get(`/v1/projects/${projectOut.id}`), 404);
    // Within its programme the scopes decide; outside it nothing exists; organisation-wide changes are refused.
    expect((await ctx.as(token).post('/v1/kpis').send({ projectId: projectIn.id })).status).toBe(400);
    expectProblem(await ctx.as(token).post('/v1/kpis').send({ projectId: projectOut.id }), 404);
    expect(expectProblem(await ctx.as(token).post('/v1/programmes').send({ code: 'X', name: 'X' }), 403).code).toBe('insufficient_scope');
    const writer = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'limited writer', scopes: ['portfolio:write'], integration: { name: 'Planner', ownerPersonId: owner.id, programmeIds: [mine.id] } }).expect(201)).body.token;
    expect(expectProblem(await ctx.as(writer).post('/v1/programmes').send({ code: 'X', name: 'X' }), 403).code).toBe('limited_to_programmes');
    // What to fix, and other organisations' people and programmes are not found.
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['portfolio:read'], integration: { name: 'x' } }), 400).errors?.[0].field).toMatch(/integration/);
    const theirs = (await invite(other.adminToken, { email: 'their.owner@other.gov.uk' }).expect(201)).body;
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['portfolio:read'], integration: { name: 'x', ownerPersonId: theirs.id } }), 404);
    const theirProgramme = await insertProgramme(ctx.db, other.id);
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['portfolio:read'], integration: { name: 'x', ownerPersonId: owner.id, programmeIds: [theirProgramme.id] } }), 404);
    const both = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'x', scopes: ['portfolio:read'], personId: owner.id, integration: { name: 'x', ownerPersonId: owner.id } });
    expect(expectProblem(both, 400).errors?.[0].field).toBe('integration');
    // Rotation keeps what the token belongs to.
    const rotated = await ctx.as(org.adminToken).post(`/v1/tokens/${created.body.id}/rotate`).send({}).expect(201);
    expect(rotated.body.integration).toEqual(created.body.integration);
  });

  it("names the person on a status report and in its audit, and lets a project manager report only on their project", async () => {
    const pm = (await invite(org.adminToken, { email: 'reporting.pm@people.gov.uk', name: 'Reporting PM' }).expect(201)).body;
    const programme = await insertProgramme(ctx.db, org.id);
    const project = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    const otherProject = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: pm.id, role: 'project_manager', projectId: project.id }).expect(201);
    const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'pm laptop', scopes: ['portfolio:read', 'portfolio:write'], personId: pm.id }).expect(201)).body.token;
    const green = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };
    const report = await ctx.as(token).post(`/v1/projects/${project.id}/status-reports`).send({ period: '2026-10', overall: 'green', dimensions: green }).expect(201);
    expect(report.body).toMatchObject({ reportedBy: 'Reporting PM', reportedByPersonId: pm.id });
    expect((await ctx.as(org.adminToken).get(`/v1/status-reports/${report.body.id}`).expect(200)).body.reportedByPersonId).toBe(pm.id);
    expect((await ctx.db.query(`SELECT reported_by_person_id FROM status_reports WHERE id = $1`, [report.body.id])).rows).toEqual([{ reported_by_person_id: pm.id }]);
    // An organisation token is nobody: the name only.
    const byToken = await ctx.as(org.adminToken).post(`/v1/projects/${project.id}/status-reports`).send({ period: '2026-09', overall: 'green', dimensions: green }).expect(201);
    expect(byToken.body.reportedByPersonId).toBeNull();
    const audit = (await ctx.db.query(`SELECT actor_person_id, actor_name FROM audit_events WHERE organisation_id = $1 AND entity_id = $2`, [org.id, report.body.id])).rows;
    expect(audit).toEqual([{ actor_person_id: pm.id, actor_name: 'Reporting PM' }]);
    expect(expectProblem(await ctx.as(token).post(`/v1/projects/${otherProject.id}/status-reports`).send({ period: '2026-10', overall: 'green', dimensions: green }), 403).detail).toContain('member');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM status_reports WHERE project_id = $1`, [otherProject.id])).rows[0].n).toBe(0);
  });

  it('names the person who acknowledged a flag', async () => {
    const pm = (await invite(org.adminToken, { email: 'flag.pm@people.gov.uk', name: 'Flag PM' }).expect(201)).body;
    const programme = await insertProgramme(ctx.db, org.id);
    const project = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: pm.id, role: 'project_manager', projectId: project.id }).expect(201);
    await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
    const [flag] = (await ctx.as(org.adminToken).get(`/v1/flags?projectId=${project.id}&status=open`).expect(200)).body.data;
    expect(flag).toBeDefined();
    const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'pm flags', scopes: ['portfolio:read', 'governance:write'], personId: pm.id }).expect(201)).body.token;
    const ack = await ctx.as(token).post(`/v1/flags/${flag.id}/acknowledge`).send({ note: 'On it' }).expect(200);
    expect(ack.body.acknowledgement).toMatchObject({ by: 'Flag PM', byPersonId: pm.id, note: 'On it' });
    expect((await ctx.as(org.adminToken).get(`/v1/flags/${flag.id}`).expect(200)).body.acknowledgement.byPersonId).toBe(pm.id);
    expect((await ctx.db.query(`SELECT acknowledged_by_person_id FROM flags WHERE id = $1`, [flag.id])).rows).toEqual([{ acknowledged_by_person_id: pm.id }]);
  });

  it('can bootstrap an organisation whose first admin token belongs to an admin person', async () => {
    const created = await ctx.app.get(OrganisationService).create({ name: 'Bootstrapped Council', slug: `boot-${process.pid}`, admin: { email: 'First.Admin@Boot.gov.uk', name: 'First Admin' } });
    const me = (await ctx.as(created.token).get('/v1/me').expect(200)).body;
    expect(me).toMatchObject({ person: { id: created.adminPersonId, name: 'First Admin', email: 'first.admin@boot.gov.uk', roles: ['admin'] }, scopes: ['admin'] });
    expect(expectProblem(await ctx.as(created.token).post(`/v1/people/${created.adminPersonId}/deactivate`), 409).code).toBe('own_account');
    await expect(ctx.app.get(OrganisationService).create({ name: 'Bad', slug: `bad-${process.pid}`, admin: { email: 'nope' } })).rejects.toMatchObject({ status: 400 });
    // Without an admin email it is an organisation token, as before.
    expect((await ctx.as(org.adminToken).get('/v1/me').expect(200)).body.person).toBeNull();
  });
});
