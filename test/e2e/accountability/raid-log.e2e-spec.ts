import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { day, insertPerson } from '@test/support/factories/evidence';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';

/**
 * The risk, issue, decision and dependency log and its actions through HTTP: each route's success,
 * validation, missing scope and another organisation's (or a restricted programme's) ids; who may
 * change an owned record; history, filters, CSV and the events subscribers receive.
 */
describe('accountability: the RAID log and actions', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let project: { id: string; programmeId: string };
  let otherProject: { id: string };
  let owner: { id: string; token: string };
  let contributor: { id: string; token: string };
  let manager: { id: string; token: string };
  let viewer: { id: string; token: string };
  let readOnly: string;

  /** A person of the organisation with a personal token (their roles and memberships decide what it may do). */
  const person = async (roles: string[], membership?: { role: string; projectId?: string; programmeId?: string }) => {
    const id = await insertPerson(ctx.db, org.id, roles);
    if (membership) await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: id, ...membership }).expect(201);
    const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: `token ${id}`, scopes: ['admin'], personId: id }).expect(201)).body.token as string;
    return { id, token };
  };
  const events = async (type: string) => (await ctx.db.query(`SELECT payload->'data' AS data FROM outbox_events WHERE organisation_id = $1 AND payload->>'type' = $2 ORDER BY created_at`, [org.id, type])).rows.map((r) => r.data);
  const newRisk = (overrides: Record<string, unknown> = {}) =>
    ctx.as(org.adminToken).post('/v1/risks').send({ projectId: project.id, title: 'Supplier exits market', likelihood: 4, impact: 4, proximity: 'within_3_months', ownerPersonId: owner.id, ...overrides });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    const row = await insertProject(ctx.db, org.id);
    project = { id: row.id, programmeId: row.programmeId };
    otherProject = await insertProject(ctx.db, other.id);
    owner = await person(['viewer']);
    contributor = await person(['viewer'], { role: 'contributor', projectId: project.id });
    manager = await person(['viewer'], { role: 'project_manager', projectId: project.id });
    viewer = await person(['viewer']);
    readOnly = await ctx.token(org, ['portfolio:read']);
  }, 60_000);
  afterAll(() => ctx.close());

  it('records a risk with its score, lists it by filters, and exports CSV', async () => {
    const risk = (await newRisk().expect(201)).body;
    expect(risk).toMatchObject({ projectId: project.id, programmeId: project.programmeId, score: 16, status: 'open', ownerPersonId: owner.id, version: 1 });
    await newRisk({ title: 'Minor delay', likelihood: 2, impact: 2 }).expect(201);
    const high = (await ctx.as(org.adminToken).get(`/v1/risks?projectId=${project.id}&minScore=15`).expect(200)).body.data;
    expect(high.map((r: { title: string }) => r.title)).toEqual(['Supplier exits market']);
    const mine = (await ctx.as(org.adminToken).get(`/v1/risks?ownerPersonId=${owner.id}&status=open`).expect(200)).body.data;
    expect(mine).toHaveLength(2);
    const csv = await ctx.as(org.adminToken).get(`/v1/risks/export.csv?projectId=${project.id}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,programmeId,projectId,title,likelihood,impact,score,proximity,ownerPersonId,response,status,createdAt,updatedAt');
    expect(lines).toHaveLength(3);
    expect((await events('risk.raised')).map((e) => e.title)).toEqual(['Supplier exits market', 'Minor delay']);
  });

  it('refuses bad input naming each field, and stores nothing', async () => {
    const before = (await ctx.db.query(`SELECT count(*)::int AS n FROM risks`)).rows[0].n;
    const problem = expectProblem(await newRisk({ likelihood: 6, proximity: 'soon', ownerPersonId: undefined }), 400);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['likelihood', 'ownerPersonId', 'proximity']);
    const stranger = await insertPerson(ctx.db, other.id);
    expect(expectProblem(await newRisk({ ownerPersonId: stranger }), 400).errors?.[0].field).toBe('ownerPersonId');
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/risks').send({ title: 'x', likelihood: 1, impact: 1, proximity: 'imminent', ownerPersonId: owner.id }), 400).errors?.[0].field).toBe('projectId');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM risks`)).rows[0].n).toBe(before);
  });

  it('answers another organisation’s project and records as not found, and needs governance:write to write', async () => {
    expectProblem(await newRisk({ projectId: otherProject.id }), 404);
    const theirs = await insertPerson(ctx.db, other.id);
    const theirRisk = (await ctx.as(other.adminToken).post('/v1/risks').send({ projectId: otherProject.id, title: 'Theirs', likelihood: 5, impact: 5, proximity: 'imminent', ownerPersonId: theirs }).expect(201)).body;
    expectProblem(await ctx.as(org.adminToken).get(`/v1/risks/${theirRisk.id}`), 404);
    expectProblem(await ctx.as(org.adminToken).patch(`/v1/risks/${theirRisk.id}`).set('If-Match', '"1"').send({ impact: 1 }), 404);
    expectProblem(await ctx.as(org.adminToken).post(`/v1/risks/${theirRisk.id}/actions`).send({ title: 'x', ownerPersonId: owner.id, dueOn: day(5) }), 404);
    expectProblem(await ctx.as(readOnly).post('/v1/risks').send({ projectId: project.id, title: 'x', likelihood: 1, impact: 1, proximity: 'imminent', ownerPersonId: owner.id }), 403);
    expect((await ctx.db.query(`SELECT impact FROM risks WHERE id = $1`, [theirRisk.id])).rows[0].impact).toBe(5);
  });

  it('lets only the owner, the project’s managers and organisation roles change a risk; anyone who sees the project reads it', async () => {
    const risk = (await newRisk({ title: 'Data centre lease ends' }).expect(201)).body;
    const patch = (token: string, version: number, body: object) => ctx.as(token).patch(`/v1/risks/${risk.id}`).set('If-Match', `"${version}"`).send(body);
    expect(expectProblem(await patch(contributor.token, 1, { impact: 5 }), 403).code).toBe('not_owner_or_manager');
    expectProblem(await patch(viewer.token, 1, { impact: 5 }), 403);
    for (const reader of [contributor, viewer, manager, owner]) await ctx.as(reader.token).get(`/v1/risks/${risk.id}`).expect(200);
    expect((await patch(owner.token, 1, { impact: 5 }).expect(200)).body).toMatchObject({ impact: 5, score: 20, version: 2 });
    expect((await patch(manager.token, 2, { status: 'closed' }).expect(200)).body).toMatchObject({ status: 'closed', version: 3 });
    expect((await patch(org.adminToken, 3, { response: 'Extended for a year' }).expect(200)).body.version).toBe(4);
    expectProblem(await patch(org.adminToken, 3, { response: 'stale' }), 412);
    const history = (await ctx.as(viewer.token).get(`/v1/risks/${risk.id}/history`).expect(200)).body;
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'updated', 'updated', 'updated']);
    expect(history[1].changes).toEqual({ impact: { from: 4, to: 5 }, score: { from: 16, to: 20 } });
    expect(history[2].actorPersonId).toBe(manager.id);
    expect((await events('risk.changed')).filter((e) => e.riskId === risk.id)).toHaveLength(3);
  });

  it('hides a restricted programme’s log from people outside it (404), not from its members', async () => {
    const restricted = await insertProgramme(ctx.db, org.id);
    const hiddenProject = await insertProject(ctx.db, org.id, { programmeId: restricted.id });
    const risk = (await newRisk({ projectId: hiddenProject.id, title: 'Hidden' }).expect(201)).body;
    await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, restricted.id]);
    expectProblem(await ctx.as(viewer.token).get(`/v1/risks/${risk.id}`), 404);
    expectProblem(await ctx.as(viewer.token).get(`/v1/risks/${risk.id}/history`), 404);
    expect(JSON.stringify((await ctx.as(viewer.token).get('/v1/risks?limit=200').expect(200)).body)).not.toContain(risk.id);
    // The owner is not a member of the restricted programme: hidden from them too.
    expectProblem(await ctx.as(owner.token).patch(`/v1/risks/${risk.id}`).set('If-Match', '"1"').send({ impact: 1 }), 404);
    await ctx.as(org.adminToken).get(`/v1/risks/${risk.id}`).expect(200);
  });

  it('assigns actions on a risk, keeps their history, and announces assigned, done and overdue', async () => {
    const risk = (await newRisk({ title: 'Crews reject the devices' }).expect(201)).body;
    const created = await ctx.as(contributor.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Train every crew', ownerPersonId: owner.id, dueOn: day(-2) }).expect(201);
    const action = created.body;
    expect(action).toMatchObject({ parentType: 'risk', parentId: risk.id, projectId: project.id, status: 'open', dueOn: day(-2) });
    expectProblem(await ctx.as(contributor.token).post(`/v1/risks/${risk.id}/actions`).send({ title: '', ownerPersonId: 'nobody', dueOn: '2026-13-01' }), 400);
    expectProblem(await ctx.as(readOnly).post(`/v1/risks/${risk.id}/actions`).send({ title: 'x', ownerPersonId: owner.id, dueOn: day(1) }), 403);
    const overdue = (await ctx.as(viewer.token).get(`/v1/actions?overdue=true&projectId=${project.id}`).expect(200)).body.data;
    expect(overdue.map((a: { id: string }) => a.id)).toContain(action.id);
    expectProblem(await ctx.as(contributor.token).patch(`/v1/actions/${action.id}`).set('If-Match', '"1"').send({ status: 'done' }), 403);
    const done = (await ctx.as(owner.token).patch(`/v1/actions/${action.id}`).set('If-Match', '"1"').send({ status: 'done', notes: 'All crews trained' }).expect(200)).body;
    expect(done.status).toBe('done');
    expect(done.closedAt).toEqual(expect.any(String));
    const read = (await ctx.as(viewer.token).get(`/v1/actions/${action.id}`).expect(200)).body;
    expect(read.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'updated']);
    expect(read.history[1].changes.status).toEqual({ from: 'open', to: 'done' });
    expect((await events('action.assigned')).map((e) => e.actionId)).toContain(action.id);
    expect((await events('action.done')).map((e) => e.actionId)).toEqual([action.id]);
    const otherAction = await ctx.as(other.adminToken).get(`/v1/actions/${action.id}`);
    expectProblem(otherAction, 404);
  });

  it('records issues, decisions (who, when, why) and dependencies, with their rules', async () => {
    const issue = (await ctx.as(org.adminToken).post('/v1/issues').send({ projectId: project.id, title: 'Test environment down', severity: 'high', ownerPersonId: owner.id }).expect(201)).body;
    await ctx.as(org.adminToken).post(`/v1/issues/${issue.id}/actions`).send({ title: 'Escalate', ownerPersonId: manager.id, dueOn: day(3) }).expect(201);
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/issues').send({ projectId: project.id, title: 'x', severity: 'dire', ownerPersonId: owner.id }), 400).errors?.[0].field).toBe('severity');

    const awaited = (await ctx.as(org.adminToken).post('/v1/decisions').send({ projectId: project.id, title: 'Go-live date', ownerPersonId: owner.id, neededBy: day(14) }).expect(201)).body;
    expect(awaited.status).toBe('awaited');
    const fields = expectProblem(await ctx.as(org.adminToken).patch(`/v1/decisions/${awaited.id}`).set('If-Match', '"1"').send({ status: 'made' }), 400).errors?.map((e) => e.field);
    expect(fields).toEqual(['decidedBy', 'decidedOn', 'rationale']);
    const made = (await ctx.as(owner.token).patch(`/v1/decisions/${awaited.id}`).set('If-Match', '"1"').send({ status: 'made', decidedBy: 'Programme board', decidedOn: day(0), rationale: 'Ready' }).expect(200)).body;
    expect(made).toMatchObject({ status: 'made', decidedBy: 'Programme board' });
    expect((await events('decision.recorded')).map((e) => e.decisionId)).toEqual([awaited.id]);

    const both = await ctx.as(org.adminToken).post('/v1/dependencies').send({ projectId: project.id, title: 'Data feed', dependsOnProjectId: project.id, externalParty: 'Ordnance Survey', needBy: day(10), ownerPersonId: owner.id });
    expect(expectProblem(both, 400).errors?.[0].field).toBe('dependsOnProjectId');
    expect(expectProblem(await ctx.as(org.adminToken).post('/v1/dependencies').send({ projectId: project.id, title: 'Data feed', dependsOnProjectId: otherProject.id, needBy: day(10), ownerPersonId: owner.id, externalParty: undefined }), 400).errors?.[0].field).toBe('dependsOnProjectId');
    const dependency = (await ctx.as(org.adminToken).post('/v1/dependencies').send({ projectId: project.id, title: 'Address data', externalParty: 'Ordnance Survey', needBy: day(10), ownerPersonId: owner.id }).expect(201)).body;
    expect((await ctx.as(org.adminToken).get(`/v1/dependencies?status=open&projectId=${project.id}`).expect(200)).body.data.map((d: { id: string }) => d.id)).toEqual([dependency.id]);
    expectProblem(await ctx.as(other.adminToken).get(`/v1/dependencies/${dependency.id}`), 404);
    expectProblem(await ctx.as(readOnly).patch(`/v1/dependencies/${dependency.id}`).set('If-Match', '"1"').send({ status: 'met' }), 403);
  });

  it('hangs actions off a decision and a status report, and refuses a parent of another organisation', async () => {
    const decision = (await ctx.as(org.adminToken).post('/v1/decisions').send({ projectId: project.id, title: 'Pick a supplier', ownerPersonId: owner.id }).expect(201)).body;
    const onDecision = (await ctx.as(manager.token).post(`/v1/decisions/${decision.id}/actions`).send({ title: 'Score the bids', ownerPersonId: owner.id, dueOn: day(7) }).expect(201)).body;
    expect(onDecision).toMatchObject({ parentType: 'decision', parentId: decision.id, projectId: project.id });
    const [report] = (
      await ctx.db.query(
        `INSERT INTO status_reports (organisation_id, subject_type, project_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by)
         VALUES ($1, 'project', $2, '2026-01', 'green', 'green', 'green', 'green', 'green', 'green', 'green', 'PMO') RETURNING id`,
        [org.id, project.id],
      )
    ).rows;
    const onReport = (await ctx.as(org.adminToken).post(`/v1/status-reports/${report.id}/actions`).send({ title: 'Recover the schedule', ownerPersonId: owner.id, dueOn: day(14) }).expect(201)).body;
    expect(onReport).toMatchObject({ parentType: 'status_report', parentId: report.id, projectId: project.id, programmeId: project.programmeId });
    expect(expectProblem(await ctx.as(org.adminToken).post(`/v1/status-reports/${report.id}/actions`).send({ title: 'x', ownerPersonId: owner.id }), 400).errors?.[0].field).toBe('dueOn');
    expectProblem(await ctx.as(readOnly).post(`/v1/decisions/${decision.id}/actions`).send({ title: 'x', ownerPersonId: owner.id, dueOn: day(1) }), 403);
    expectProblem(await ctx.as(other.adminToken).post(`/v1/status-reports/${report.id}/actions`).send({ title: 'x', ownerPersonId: owner.id, dueOn: day(1) }), 404);
    expectProblem(await ctx.as(other.adminToken).post(`/v1/decisions/${decision.id}/actions`).send({ title: 'x', ownerPersonId: owner.id, dueOn: day(1) }), 404);
    const listed = (await ctx.as(viewer.token).get(`/v1/actions?ownerPersonId=${owner.id}&parentType=status_report`).expect(200)).body.data;
    expect(listed.map((a: { id: string }) => a.id)).toEqual([onReport.id]);
  });
});
