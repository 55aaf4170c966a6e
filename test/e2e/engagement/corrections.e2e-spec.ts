import { daysAgo, GroupRow, insertGroup } from '@test/support/factories/engagement';
import { insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

/** Corrections that keep history for engagements, buy-in readings and training records. */
describe('engagement corrections', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let staff: GroupRow;
  let theirs: { engagement: string; reading: string; training: string };

  const reading = (projectId: string, groupId: string) => ({ projectId, groupId, surveyedOn: daysAgo(7), respondents: 48, supportivePct: 62.5, neutralPct: 25, opposedPct: 12.5 });
  const training = (projectId: string, groupId: string) => ({ projectId, groupId, recordedOn: daysAgo(2), staffInScope: 40, staffTrained: 26, course: 'Basics' });
  const engagement = (projectId: string, groupId: string) => ({ projectId, groupId, kind: 'user_research', occurredOn: daysAgo(5), participants: 8, findings: 'Forms too long' });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['engagement:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    staff = await insertGroup(ctx.db, org.id, projectId, { kind: 'frontline_staff', name: 'Social workers' });
    const theirProject = (await insertProject(ctx.db, other.id)).id;
    const theirGroup = await insertGroup(ctx.db, other.id, theirProject, { kind: 'frontline_staff' });
    theirs = {
      engagement: (await ctx.as(other.adminToken).post('/v1/engagements').send(engagement(theirProject, theirGroup.id)).expect(201)).body.id,
      reading: (await ctx.as(other.adminToken).post('/v1/buy-in-readings').send(reading(theirProject, theirGroup.id)).expect(201)).body.id,
      training: (await ctx.as(other.adminToken).post('/v1/training-records').send(training(theirProject, theirGroup.id)).expect(201)).body.id,
    };
  });
  afterAll(() => ctx.close());

  it('corrects a buy-in reading under If-Match, keeping the earlier version and marking the evidence', async () => {
    const created = (await ctx.as(writer).post('/v1/buy-in-readings').send(reading(projectId, staff.id)).expect(201)).body;
    expect(created.version).toBe(1);
    await ctx.db.query(`DELETE FROM evidence_dirty WHERE organisation_id = $1`, [org.id]);
    const fixed = await ctx.as(writer).patch(`/v1/buy-in-readings/${created.id}`).set('if-match', '"1"').send({ supportivePct: 12.5, opposedPct: 62.5, reason: 'Supportive and opposed were swapped' }).expect(200);
    expect(fixed.headers.etag).toBe('"2"');
    expect(fixed.body).toMatchObject({ id: created.id, supportivePct: 12.5, neutralPct: 25, opposedPct: 62.5, version: 2 });
    expect((await ctx.db.query(`SELECT subject_id FROM evidence_dirty WHERE organisation_id = $1`, [org.id])).rows).toEqual([{ subject_id: projectId }]);
    const history = (await ctx.as(reader).get(`/v1/buy-in-readings/${created.id}/history`).expect(200)).body;
    expect(history.current).toMatchObject({ supportivePct: 12.5 });
    expect(history.versions).toEqual([expect.objectContaining({ version: 1, change: 'corrected', reason: 'Supportive and opposed were swapped', data: expect.objectContaining({ supportivePct: 62.5, opposedPct: 12.5 }) })]);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['buy_in_reading.created', 'buy_in_reading.corrected']);
    // The shares as corrected must still add up.
    const off = expectProblem(await ctx.as(writer).patch(`/v1/buy-in-readings/${created.id}`).set('if-match', '"2"').send({ supportivePct: 90, reason: 'x' }), 400);
    expect(off.errors?.map((e) => e.field)).toEqual(['supportivePct', 'neutralPct', 'opposedPct']);
  });

  it('corrects and withdraws a training record; the withdrawn record leaves the evidence but its history stays readable', async () => {
    const created = (await ctx.as(writer).post('/v1/training-records').send(training(projectId, staff.id)).expect(201)).body;
    const fixed = (await ctx.as(writer).patch(`/v1/training-records/${created.id}`).set('if-match', '"1"').send({ staffTrained: 36, reason: 'Counted the March cohort' }).expect(200)).body;
    expect(fixed).toMatchObject({ staffTrained: 36, coveragePct: 90, version: 2 });
    expectProblem(await ctx.as(writer).patch(`/v1/training-records/${created.id}`).set('if-match', '"2"').send({ staffTrained: 41, reason: 'x' }), 400);
    expectProblem(await ctx.as(writer).delete(`/v1/training-records/${created.id}`).set('if-match', '"1"').send({ reason: 'stale' }), 412);
    const gone = (await ctx.as(writer).delete(`/v1/training-records/${created.id}`).set('if-match', '"2"').send({ reason: 'Recorded against the wrong group' }).expect(200)).body;
    expect(gone.current).toBeNull();
    expect(gone.versions.map((v: { change: string; version: number }) => [v.change, v.version])).toEqual([['withdrawn', 2], ['corrected', 1]]);
    expectProblem(await ctx.as(reader).get(`/v1/training-records/${created.id}`), 404);
    expect((await ctx.as(reader).get(`/v1/training-records/${created.id}/history`).expect(200)).body.versions).toHaveLength(2);
    const listed = (await ctx.as(reader).get(`/v1/training-records?projectId=${projectId}`).expect(200)).body.data;
    expect(listed.map((r: { id: string }) => r.id)).not.toContain(created.id);
    const audit = await ctx.db.query(`SELECT action, after->>'reason' AS reason FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.rows).toEqual([
      { action: 'training_record.created', reason: null },
      { action: 'training_record.corrected', reason: 'Counted the March cohort' },
      { action: 'training_record.withdrawn', reason: 'Recorded against the wrong group' },
    ]);
  });

  it('withdraws an engagement with a reason and keeps each correction of it', async () => {
    const created = (await ctx.as(writer).post('/v1/engagements').send(engagement(projectId, staff.id)).expect(201)).body;
    await ctx.as(writer).patch(`/v1/engagements/${created.id}`).set('if-match', '"1"').send({ participants: 12, reason: 'Four joined late' }).expect(200);
    expectProblem(await ctx.as(writer).delete(`/v1/engagements/${created.id}`).set('if-match', '"2"').send({ reason: '' }), 400);
    const gone = (await ctx.as(writer).delete(`/v1/engagements/${created.id}`).set('if-match', '"2"').send({ reason: 'A duplicate of the session recorded by the survey tool' }).expect(200)).body;
    expect(gone.versions).toEqual([
      expect.objectContaining({ version: 2, change: 'withdrawn', data: expect.objectContaining({ participants: 12 }) }),
      expect.objectContaining({ version: 1, change: 'corrected', reason: 'Four joined late', data: expect.objectContaining({ participants: 8 }) }),
    ]);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM engagements WHERE id = $1`, [created.id])).rows[0].n).toBe(0);
  });

  it('needs engagement:write (403)', async () => {
    const created = (await ctx.as(writer).post('/v1/buy-in-readings').send(reading(projectId, staff.id)).expect(201)).body;
    expectProblem(await ctx.as(reader).patch(`/v1/buy-in-readings/${created.id}`).set('if-match', '"1"').send({ respondents: 50, reason: 'x' }), 403);
    expectProblem(await ctx.as(reader).delete(`/v1/buy-in-readings/${created.id}`).set('if-match', '"1"').send({ reason: 'x' }), 403);
    expectProblem(await ctx.as(reader).delete(`/v1/engagements/${randomUuid()}`).set('if-match', '"1"').send({ reason: 'x' }), 403);
  });

  it("answers another organisation's records as random ones (404), and changes nothing", async () => {
    for (const [path, id] of [['engagements', theirs.engagement], ['buy-in-readings', theirs.reading], ['training-records', theirs.training]] as const) {
      const a = expectProblem(await ctx.as(writer).delete(`/v1/${path}/${id}`).set('if-match', '"1"').send({ reason: 'x' }), 404);
      const b = expectProblem(await ctx.as(writer).delete(`/v1/${path}/${randomUuid()}`).set('if-match', '"1"').send({ reason: 'x' }), 404);
      expect({ ...a, requestId: null }).toEqual({ ...b, requestId: null });
      expectProblem(await ctx.as(reader).get(`/v1/${path}/${id}/history`), 404);
    }
    expectProblem(await ctx.as(writer).patch(`/v1/training-records/${theirs.training}`).set('if-match', '"1"').send({ staffTrained: 1, reason: 'x' }), 404);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM engagement_record_versions WHERE organisation_id = $1`, [other.id])).rows[0].n).toBe(0);
    expect((await ctx.db.query(`SELECT staff_trained FROM training_records WHERE id = $1`, [theirs.training])).rows).toEqual([{ staff_trained: 26 }]);
  });
});
