import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { day, insertHealthyProject, insertPerson } from '@test/support/factories/evidence';
import { insertProject } from '@test/support/factories/portfolio';
import { BoardClient } from '../board/board-client';

/**
 * Owners of programmes, projects and KPIs; the board acting on a flag (an action, or an acceptance
 * until a date) without closing it; a project's accountability at a glance; what a person owns.
 */
describe('accountability: owners and acting on flags', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let readOnly: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    readOnly = await ctx.token(org, ['portfolio:read']);
  }, 60_000);
  afterAll(() => ctx.close());

  const scan = () => ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));

  it('names the owner of a programme, a project and a KPI, and refuses what it cannot name', async () => {
    const p = await insertHealthyProject(ctx.db, org.id);
    const pm = await insertPerson(ctx.db, org.id);
    const api = ctx.as(org.adminToken);
    expect((await api.put(`/v1/projects/${p.projectId}/owner`).send({ personId: pm }).expect(200)).body).toMatchObject({ subjectType: 'project', personId: pm, role: 'project_manager' });
    expect((await api.get(`/v1/projects/${p.projectId}/owner`).expect(200)).body.owner).toMatchObject({ personId: pm });
    expect((await api.put(`/v1/programmes/${p.programmeId}/owner`).send({ personId: pm }).expect(200)).body.role).toBe('sro');
    expect((await api.put(`/v1/kpis/${p.kpiId}/owner`).send({ personId: pm }).expect(200)).body).toMatchObject({ subjectType: 'kpi', projectId: p.projectId, role: 'kpi_owner' });
    expect((await api.get(`/v1/kpis/${p.kpiId}/owner`).expect(200)).body.owner.personId).toBe(pm);
    const audit = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE organisation_id = $1 AND action = 'owner.set'`, [org.id]);
    expect(audit.rows[0].n).toBe(3);

    expect(expectProblem(await api.put(`/v1/projects/${p.projectId}/owner`).send({ personId: 'someone' }), 400).errors?.[0].field).toBe('personId');
    const stranger = await insertPerson(ctx.db, other.id);
    expect(expectProblem(await api.put(`/v1/projects/${p.projectId}/owner`).send({ personId: stranger }), 400).errors?.[0].field).toBe('personId');
    expectProblem(await ctx.as(readOnly).put(`/v1/projects/${p.projectId}/owner`).send({ personId: pm }), 403);
    const theirs = await insertProject(ctx.db, other.id);
    expectProblem(await api.put(`/v1/projects/${theirs.id}/owner`).send({ personId: pm }), 404);
    expectProblem(await api.get(`/v1/projects/${theirs.id}/owner`), 404);
    expect((await api.get(`/v1/projects/${p.projectId}/owner`).expect(200)).body.owner.personId).toBe(pm);
  });

  it('accepts a flag until a date for a reason: still unresolved, shown as accepted, announced', async () => {
    const p = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [p.projectId]);
    await scan();
    const [flag] = (await ctx.db.query(`SELECT id FROM flags WHERE project_id = $1 AND rule = 'no_user_need' AND status = 'open'`, [p.projectId])).rows;
    const api = ctx.as(org.adminToken);
    expect(expectProblem(await api.post(`/v1/flags/${flag.id}/accept`).send({ until: day(-1), reason: 'x' }), 400).errors?.[0].field).toBe('until');
    expect(expectProblem(await api.post(`/v1/flags/${flag.id}/accept`).send({ until: 'soon' }), 400).errors?.map((e) => e.field) ?? []).toEqual(expect.arrayContaining(['reason', 'until']));
    expectProblem(await ctx.as(readOnly).post(`/v1/flags/${flag.id}/accept`).send({ until: day(10), reason: 'x' }), 403);
    expectProblem(await ctx.as(other.adminToken).post(`/v1/flags/${flag.id}/accept`).send({ until: day(10), reason: 'x' }), 404);
    expect((await ctx.db.query(`SELECT status FROM flags WHERE id = $1`, [flag.id])).rows[0].status).toBe('open');

    const accepted = (await api.post(`/v1/flags/${flag.id}/accept`).send({ until: day(10), reason: 'User need agreed at the next board' }).expect(200)).body;
    expect(accepted).toMatchObject({ status: 'accepted', resolvedAt: null, acceptance: { until: day(10), reason: 'User need agreed at the next board', lapsed: false } });
    // A scan within the acceptance leaves it accepted (the cause is not fixed, so it is not resolved).
    await scan();
    expect((await api.get(`/v1/flags/${flag.id}`).expect(200)).body).toMatchObject({ status: 'accepted' });
    const events = await ctx.db.query(`SELECT payload->'data' AS data FROM outbox_events WHERE organisation_id = $1 AND payload->>'type' = 'flag.accepted'`, [org.id]);
    expect(events.rows.map((r) => r.data.flagId)).toEqual([flag.id]);
    // Fixing the cause resolves it, accepted or not.
    await ctx.db.query(`UPDATE projects SET user_need = 'As a resident I need it' WHERE id = $1`, [p.projectId]);
    await scan();
    expect((await api.get(`/v1/flags/${flag.id}`).expect(200)).body.status).toBe('resolved');
    expect(expectProblem(await api.post(`/v1/flags/${flag.id}/accept`).send({ until: day(10), reason: 'x' }), 409).code).toBe('flag_resolved');
  });

  it('acts on a flag by assigning an action that never closes it', async () => {
    const p = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [p.projectId]);
    await scan();
    const [flag] = (await ctx.db.query(`SELECT id FROM flags WHERE project_id = $1 AND rule = 'no_user_need' AND status = 'open'`, [p.projectId])).rows;
    const api = ctx.as(org.adminToken);
    const action = (await api.post(`/v1/flags/${flag.id}/actions`).send({ title: 'Write the user need', ownerPersonId: p.ownerId, dueOn: day(7) }).expect(201)).body;
    expect(action).toMatchObject({ parentType: 'flag', parentId: flag.id, projectId: p.projectId, programmeId: p.programmeId, status: 'open' });
    expect(expectProblem(await api.post(`/v1/flags/${flag.id}/actions`).send({ title: 'x', dueOn: day(7) }), 400).errors?.[0].field).toBe('ownerPersonId');
    expectProblem(await ctx.as(readOnly).post(`/v1/flags/${flag.id}/actions`).send({ title: 'x', ownerPersonId: p.ownerId, dueOn: day(7) }), 403);
    expectProblem(await ctx.as(other.adminToken).post(`/v1/flags/${flag.id}/actions`).send({ title: 'x', ownerPersonId: p.ownerId, dueOn: day(7) }), 404);
    await api.patch(`/v1/actions/${action.id}`).set('If-Match', '"1"').send({ status: 'done' }).expect(200);
    await scan();
    // Done is not fixed: the flag stays open until the project states its user need.
    expect((await api.get(`/v1/flags/${flag.id}`).expect(200)).body.status).toBe('open');
    expect((await api.get(`/v1/actions?parentType=flag&parentId=${flag.id}`).expect(200)).body.data.map((a: { id: string }) => a.id)).toEqual([action.id]);
  });

  it('shows a project’s owners, top risks, issues, awaited decisions and actions, on the API and the board', async () => {
    const p = await insertHealthyProject(ctx.db, org.id);
    const api = ctx.as(org.adminToken);
    const risk = (await api.post('/v1/risks').send({ projectId: p.projectId, title: 'Supplier exits market', likelihood: 5, impact: 4, proximity: 'imminent', ownerPersonId: p.ownerId }).expect(201)).body;
    await api.post(`/v1/risks/${risk.id}/actions`).send({ title: 'Find a second supplier', ownerPersonId: p.ownerId, dueOn: day(-1) }).expect(201);
    await api.post('/v1/issues').send({ projectId: p.projectId, title: 'Test environment down', severity: 'high', ownerPersonId: p.ownerId }).expect(201);
    await api.post('/v1/decisions').send({ projectId: p.projectId, title: 'Go-live date', ownerPersonId: p.ownerId, neededBy: day(5) }).expect(201);
    const summary = (await api.get(`/v1/projects/${p.projectId}/accountability`).expect(200)).body;
    expect(summary.projectManager).toMatchObject({ personId: p.ownerId, ownerName: expect.stringMatching(/^Owner /) });
    expect(summary.topRisks.map((r: { title: string; score: number }) => [r.title, r.score])).toEqual([['Supplier exits market', 20]]);
    expect(summary.openIssues).toHaveLength(1);
    expect(summary.decisionsAwaited.map((d: { title: string }) => d.title)).toEqual(['Go-live date']);
    expect(summary.actions).toMatchObject([{ title: 'Find a second supplier', overdue: true }]);
    expectProblem(await ctx.as(other.adminToken).get(`/v1/projects/${p.projectId}/accountability`), 404);

    const board = new BoardClient(ctx);
    await board.signIn(org.adminToken);
    const page = (await board.get(`/board/projects/${p.projectId}`).expect(200)).text;
    expect(page).toContain('Owners and RAID log');
    expect(page).toContain('Supplier exits market');
    expect(page).toMatch(/Find a second supplier[\s\S]*Overdue/);
    const pack = (await board.get('/board/pack').expect(200)).text;
    expect(pack).toMatch(/data-pack="top-risks">[\s\S]*Supplier exits market: score 20/);
    expect(pack).toMatch(/data-pack="overdue-actions">[\s\S]*Find a second supplier/);
  });

  it('lists everything a person owns, and asks an organisation token for a person', async () => {
    const p = await insertHealthyProject(ctx.db, org.id);
    const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'owner', scopes: ['portfolio:read'], personId: p.ownerId }).expect(201)).body.token;
    await ctx.as(org.adminToken).post('/v1/dependencies').send({ projectId: p.projectId, title: 'Address data', externalParty: 'Ordnance Survey', needBy: day(3), ownerPersonId: p.ownerId }).expect(201);
    const owned = (await ctx.as(token).get('/v1/me/owned').expect(200)).body;
    expect(owned.personId).toBe(p.ownerId);
    expect(owned.owns.map((o: { subjectType: string }) => o.subjectType).sort()).toEqual(['kpi', 'programme', 'project']);
    expect(owned.dependencies.map((d: { title: string }) => d.title)).toEqual(['Address data']);
    expect(expectProblem(await ctx.as(org.adminToken).get('/v1/me/owned'), 400).errors?.[0].field).toBe('token');
  });
});
