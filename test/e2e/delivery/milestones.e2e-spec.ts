import { day, HealthyProject, insertHealthyProject, insertPerson } from '@test/support/factories/evidence';
import { insertMadeDecision } from '@test/support/factories/delivery';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('milestones and re-baselining', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let healthy: HealthyProject;
  let ownerId: string;
  let theirProject: string;

  const milestone = (overrides: Record<string, unknown> = {}) => ({ title: 'Private beta opens', baselineDate: day(30), forecastDate: day(30), ownerPersonId: ownerId, ...overrides });
  const rating = async (projectId: string) => (await ctx.as(reader).get(`/v1/projects/${projectId}/rating`).expect(200)).body;
  const scheduleInput = async (projectId: string) => (await rating(projectId)).inputs.find((i: { input: string }) => i.input === 'schedule');

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
    healthy = await insertHealthyProject(ctx.db, org.id);
    ownerId = healthy.ownerId;
    theirProject = (await insertProject(ctx.db, other.id)).id;
  });
  afterAll(() => ctx.close());

  it('adds, lists, reads and updates a milestone; the baseline cannot be edited', async () => {
    const created = await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone()).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ projectId: healthy.projectId, programmeId: healthy.programmeId, baselineDate: day(30), originalBaselineDate: day(30), status: 'not_started', slipDays: 0, rebaselines: [] });
    const list = await ctx.as(reader).get(`/v1/projects/${healthy.projectId}/milestones`).expect(200);
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    const programme = await ctx.as(reader).get(`/v1/programmes/${healthy.programmeId}/milestones`).expect(200);
    expect(programme.body.map((m: { id: string }) => m.id)).toContain(created.body.id);
    const moved = await ctx.as(writer).patch(`/v1/milestones/${created.body.id}`).set('If-Match', '"1"').send({ forecastDate: day(40) }).expect(200);
    expect(moved.body).toMatchObject({ forecastDate: day(40), baselineDate: day(30), slipDays: 10, version: 2 });
    const refused = expectProblem(await ctx.as(writer).patch(`/v1/milestones/${created.body.id}`).set('If-Match', '"2"').send({ baselineDate: day(40) }), 400);
    expect(refused.errors?.map((e) => e.field)).toEqual(['baselineDate']);
    const achieved = await ctx.as(writer).patch(`/v1/milestones/${created.body.id}`).set('If-Match', '"2"').send({ actualDate: day(0) }).expect(200);
    expect(achieved.body).toMatchObject({ status: 'achieved', actualDate: day(0), slipDays: -30 });
    await ctx.as(reader).get(`/v1/milestones/${created.body.id}`).expect(200);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['milestone.created', 'milestone.updated', 'milestone.updated']);
    const events = await ctx.db.query(`SELECT payload->'data'->>'milestoneId' AS id FROM outbox_events WHERE payload->>'type' = 'milestone.achieved'`);
    expect(events.rows.map((r) => r.id)).toEqual([created.body.id]);
  });

  it('adds a milestone to a programme itself', async () => {
    const created = await ctx.as(writer).post(`/v1/programmes/${healthy.programmeId}/milestones`).send(milestone({ title: 'Programme tranche 1 closes' })).expect(201);
    expect(created.body).toMatchObject({ programmeId: healthy.programmeId, projectId: null });
  });

  it('re-baselines only by a made decision of the same project, keeping the original baseline and the history', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    const m = (await ctx.as(writer).post(`/v1/projects/${project.projectId}/milestones`).send(milestone({ forecastDate: day(90) })).expect(201)).body;
    const elsewhere = await insertMadeDecision(ctx.db, org.id, healthy.projectId, ownerId);
    const wrong = expectProblem(await ctx.as(writer).post(`/v1/milestones/${m.id}/rebaselines`).send({ decisionId: elsewhere, baselineDate: day(90) }), 400);
    expect(wrong.errors?.map((e) => e.field)).toEqual(['decisionId']);
    const awaited = (await ctx.db.query(`INSERT INTO decisions (organisation_id, programme_id, project_id, title, owner_person_id) VALUES ($1, $2, $3, 'Move it?', $4) RETURNING id`, [org.id, project.programmeId, project.projectId, ownerId])).rows[0].id;
    expectProblem(await ctx.as(writer).post(`/v1/milestones/${m.id}/rebaselines`).send({ decisionId: awaited, baselineDate: day(90) }), 400);
    const decisionId = await insertMadeDecision(ctx.db, org.id, project.projectId, ownerId);
    const rebaselined = await ctx.as(writer).post(`/v1/milestones/${m.id}/rebaselines`).send({ decisionId, baselineDate: day(90) }).expect(201);
    expect(rebaselined.body).toMatchObject({ originalBaselineDate: day(30), baselineDate: day(90), slipDays: 0 });
    expect(rebaselined.body.rebaselines).toEqual([expect.objectContaining({ decisionId, previousBaselineDate: day(30), baselineDate: day(90) })]);
    const stored = await ctx.db.query(`SELECT to_char(baseline_date, 'YYYY-MM-DD') AS d FROM milestones WHERE id = $1`, [m.id]);
    expect(stored.rows[0].d).toBe(day(30));
    const events = await ctx.db.query(`SELECT payload->'data' AS data FROM outbox_events WHERE payload->>'type' = 'milestone.rebaselined'`);
    expect(events.rows.map((r) => r.data)).toEqual([expect.objectContaining({ milestoneId: m.id, decisionId, previousBaselineDate: day(30), baselineDate: day(90) })]);
  });

  it('moves the evidence rating by the schedule input: one step past the threshold, two past twice it, none once re-baselined', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    expect(await rating(project.projectId)).toMatchObject({ rating: 'green', steps: 0 });
    const m = (await ctx.as(writer).post(`/v1/projects/${project.projectId}/milestones`).send(milestone({ title: 'Go live', forecastDate: day(75) })).expect(201)).body;
    // 45 days late against a 30-day threshold: +1.
    expect(await scheduleInput(project.projectId)).toEqual({ input: 'schedule', effect: 1, detail: 'milestone "Go live" forecast 45 days after its baseline (1 open milestone(s); threshold 30 days)' });
    expect(await rating(project.projectId)).toMatchObject({ rating: 'amber_green', steps: 1 });
    await ctx.as(writer).patch(`/v1/milestones/${m.id}`).set('If-Match', '"1"').send({ forecastDate: day(100) }).expect(200);
    // 70 days late, more than twice the threshold: +2.
    expect(await scheduleInput(project.projectId)).toMatchObject({ effect: 2 });
    expect(await rating(project.projectId)).toMatchObject({ rating: 'amber', steps: 2 });
    const decisionId = await insertMadeDecision(ctx.db, org.id, project.projectId, ownerId);
    await ctx.as(writer).post(`/v1/milestones/${m.id}/rebaselines`).send({ decisionId, baselineDate: day(100) }).expect(201);
    expect(await scheduleInput(project.projectId)).toEqual({ input: 'schedule', effect: 0, detail: '1 open milestone(s), none forecast after its baseline' });
    expect(await rating(project.projectId)).toMatchObject({ rating: 'green', steps: 0 });
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const bad = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone({ title: '', baselineDate: '2026-02-30', ownerPersonId: randomUuid() })), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['baselineDate', 'title']);
    const nobody = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone({ title: 'Nobody owns it', ownerPersonId: randomUuid() })), 400);
    expect(nobody.errors?.map((e) => e.field)).toEqual(['ownerPersonId']);
    const achievedWithoutDate = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone({ title: 'Half done', status: 'achieved' })), 400);
    expect(achievedWithoutDate.errors?.map((e) => e.field)).toEqual(['actualDate']);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM milestones WHERE title IN ('', 'Nobody owns it', 'Half done')`);
    expect(rows.rows[0].n).toBe(0);
  });

  it('needs the write scope to write and the read scope to read', async () => {
    const m = (await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone({ title: 'Scoped' })).expect(201)).body;
    expectProblem(await ctx.as(reader).post(`/v1/projects/${healthy.projectId}/milestones`).send(milestone()), 403);
    expectProblem(await ctx.as(reader).post(`/v1/programmes/${healthy.programmeId}/milestones`).send(milestone()), 403);
    expectProblem(await ctx.as(reader).patch(`/v1/milestones/${m.id}`).set('If-Match', '"1"').send({ forecastDate: day(31) }), 403);
    expectProblem(await ctx.as(reader).post(`/v1/milestones/${m.id}/rebaselines`).send({ decisionId: randomUuid(), baselineDate: day(31) }), 403);
    const finance = await ctx.token(org, ['finance:write']);
    expectProblem(await ctx.as(finance).get(`/v1/projects/${healthy.projectId}/milestones`), 403);
    expectProblem(await ctx.as(finance).get(`/v1/programmes/${healthy.programmeId}/milestones`), 403);
    expectProblem(await ctx.as(finance).get(`/v1/milestones/${m.id}`), 403);
  });

  it("answers another organisation's or a restricted programme's milestones exactly like a random id, and writes nothing there", async () => {
    const theirOwner = await insertPerson(ctx.db, other.id);
    const theirs = (await ctx.as(other.adminToken).post(`/v1/projects/${theirProject}/milestones`).send(milestone({ ownerPersonId: theirOwner })).expect(201)).body;
    const random = await ctx.as(reader).get(`/v1/milestones/${randomUuid()}`);
    const read = expectProblem(await ctx.as(reader).get(`/v1/milestones/${theirs.id}`), 404);
    expect(read.detail).toBe(random.body.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/milestones/${theirs.id}`).set('If-Match', '"1"').send({ forecastDate: day(31) }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/milestones/${theirs.id}/rebaselines`).send({ decisionId: randomUuid(), baselineDate: day(31) }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/projects/${theirProject}/milestones`).send(milestone()), 404);
    expectProblem(await ctx.as(reader).get(`/v1/projects/${theirProject}/milestones`), 404);
    expectProblem(await ctx.as(reader).get(`/v1/programmes/${theirs.programmeId}/milestones`), 404);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n, max(version) AS v FROM milestones WHERE organisation_id = $1`, [other.id]);
    expect(rows.rows[0]).toEqual({ n: 1, v: 1 });

    // A restricted programme: hidden from a person outside it, as if it did not exist.
    const restricted = await insertProgramme(ctx.db, org.id);
    const hiddenProject = await insertProject(ctx.db, org.id, { programmeId: restricted.id });
    const hidden = (await ctx.as(writer).post(`/v1/projects/${hiddenProject.id}/milestones`).send(milestone({ title: 'Hidden' })).expect(201)).body;
    await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, restricted.id]);
    const outsiderId = await insertPerson(ctx.db, org.id, ['viewer']);
    const outsider = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'outsider', scopes: ['admin'], personId: outsiderId }).expect(201)).body.token as string;
    expectProblem(await ctx.as(outsider).get(`/v1/milestones/${hidden.id}`), 404);
    expectProblem(await ctx.as(outsider).get(`/v1/projects/${hiddenProject.id}/milestones`), 404);
    expectProblem(await ctx.as(outsider).patch(`/v1/milestones/${hidden.id}`).set('If-Match', '"1"').send({ forecastDate: day(31) }), 404);
    await ctx.as(org.adminToken).get(`/v1/milestones/${hidden.id}`).expect(200);
  });
});
