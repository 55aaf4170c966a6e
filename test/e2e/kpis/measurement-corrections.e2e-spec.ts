import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject, ProjectRow } from '@test/support/factories/portfolio';
import { insertKpi, insertMeasurements, isoDaysAgo } from '@test/support/factories/kpis';

/** Correcting and withdrawing a measurement: the earlier version kept, audited with the person, the KPI's status following. */
describe('measurement corrections', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let project: ProjectRow;
  let writer: string;
  let reader: string;
  let theirKpiId: string;
  const date = isoDaysAgo(3);

  const status = async (kpiId: string) => (await ctx.as(reader).get(`/v1/kpis/${kpiId}`).expect(200)).body.evaluation.status as string;
  const url = (kpiId: string, on = date) => `/v1/kpis/${kpiId}/measurements/${on}`;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    const programme = await insertProgramme(ctx.db, org.id);
    project = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    writer = await ctx.token(org, ['kpis:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
    const theirs = await insertKpi(ctx.db, other.id, (await insertProject(ctx.db, other.id)).id);
    theirKpiId = theirs.id;
    await insertMeasurements(ctx.db, other.id, theirKpiId, [{ date, value: 10 }]);
  });
  afterAll(() => ctx.close());

  it('corrects a wrong value under If-Match: the KPI status follows, the earlier version is kept, the evidence is marked for refresh', async () => {
    const kpiId = (await insertKpi(ctx.db, org.id, project.id)).id;
    const created = await ctx.as(writer).put(url(kpiId)).send({ value: 5, note: 'typed in a hurry' }).expect(201);
    expect(created.body.version).toBe(1);
    expect(await status(kpiId)).toBe('off_track');
    await ctx.db.query(`DELETE FROM evidence_dirty WHERE organisation_id = $1`, [org.id]);

    const corrected = await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 52, reason: 'Entered 5 for 52: a digit was dropped' }).expect(200);
    expect(corrected.headers.etag).toBe('"2"');
    expect(corrected.body).toMatchObject({ id: created.body.id, kpiId, date, value: 52, note: 'typed in a hurry', version: 2 });
    expect(await status(kpiId)).toBe('on_track');
    const dirty = await ctx.db.query(`SELECT subject_id FROM evidence_dirty WHERE organisation_id = $1`, [org.id]);
    expect(dirty.rows).toEqual([{ subject_id: project.id }]);

    const history = (await ctx.as(reader).get(`${url(kpiId)}/history`).expect(200)).body;
    expect(history.current).toMatchObject({ value: 52, version: 2 });
    expect(history.versions).toEqual([
      expect.objectContaining({ measurementId: created.body.id, version: 1, value: 5, note: 'typed in a hurry', change: 'corrected', reason: 'Entered 5 for 52: a digit was dropped', changedBy: { name: expect.any(String), personId: null } }),
    ]);
    const audit = await ctx.db.query(`SELECT action, before->>'value' AS before, after->>'value' AS after, after->>'reason' AS reason FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.body.id]);
    expect(audit.rows).toEqual([
      { action: 'kpi_measurement.created', before: null, after: '5', reason: null },
      { action: 'kpi_measurement.corrected', before: '5', after: '52', reason: 'Entered 5 for 52: a digit was dropped' },
    ]);
  });

  it('withdraws a measurement with a reason: the latest value falls back to the one before, the history stays readable', async () => {
    const kpiId = (await insertKpi(ctx.db, org.id, project.id)).id;
    await insertMeasurements(ctx.db, org.id, kpiId, [{ date: isoDaysAgo(40), value: 45 }]);
    const wrong = await ctx.as(writer).put(url(kpiId)).send({ value: 2 }).expect(201);
    expect(await status(kpiId)).toBe('off_track');
    const gone = await ctx.as(writer).delete(url(kpiId)).set('if-match', '"1"').send({ reason: 'Belonged to another KPI' }).expect(200);
    expect(gone.body).toMatchObject({ kpiId, date, current: null, versions: [expect.objectContaining({ value: 2, change: 'withdrawn', reason: 'Belonged to another KPI' })] });
    const latest = (await ctx.as(reader).get(`/v1/kpis/${kpiId}`).expect(200)).body.evaluation;
    expect(latest.latest).toEqual({ value: 45, date: isoDaysAgo(40) });
    expect(await ctx.db.query(`SELECT value::int FROM kpi_latest_measurements WHERE kpi_id = $1`, [kpiId]).then((r) => r.rows)).toEqual([{ value: 45 }]);
    await ctx.as(reader).get(`${url(kpiId)}/history`).expect(200);
    expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 3, reason: 'again' }), 404);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [wrong.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['kpi_measurement.created', 'kpi_measurement.withdrawn']);
    // A new value can be recorded for the date afterwards.
    await ctx.as(writer).put(url(kpiId)).send({ value: 47 }).expect(201);
  });

  it('says what to fix (400), and changes nothing', async () => {
    const kpiId = (await insertKpi(ctx.db, org.id, project.id, { kind: 'completion_rate', unit: '%' })).id;
    await ctx.as(writer).put(url(kpiId)).send({ value: 60 }).expect(201);
    expect(expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 61 }), 400).errors?.every((e) => e.field === 'reason')).toBe(true);
    expect(expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 61, reason: '  ' }), 400).errors?.map((e) => e.field)).toEqual(['reason']);
    expect(expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 'lots', reason: 'x' }), 400).errors?.every((e) => e.field === 'value')).toBe(true);
    expect(expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 140, reason: 'percent' }), 400).errors?.[0].message).toContain('percentage');
    expect(expectProblem(await ctx.as(writer).patch(url(kpiId, '2026-02-30')).set('if-match', '"1"').send({ value: 61, reason: 'x' }), 400).errors?.[0].field).toBe('date');
    expectProblem(await ctx.as(writer).delete(url(kpiId)).set('if-match', '"1"').send({}), 400);
    expectProblem(await ctx.as(writer).patch(url(kpiId)).send({ value: 61, reason: 'no if-match' }), 428);
    expect((await ctx.db.query(`SELECT value::int, version FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows).toEqual([{ value: 60, version: 1 }]);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM kpi_measurement_versions WHERE kpi_id = $1`, [kpiId])).rows[0].n).toBe(0);
  });

  it('refuses a stale version (412), and a second correction needs the new one', async () => {
    const kpiId = (await insertKpi(ctx.db, org.id, project.id)).id;
    await ctx.as(writer).put(url(kpiId)).send({ value: 30 }).expect(201);
    await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 31, reason: 'first' }).expect(200);
    expectProblem(await ctx.as(writer).patch(url(kpiId)).set('if-match', '"1"').send({ value: 32, reason: 'stale' }), 412);
    expectProblem(await ctx.as(writer).delete(url(kpiId)).set('if-match', '"1"').send({ reason: 'stale' }), 412);
    await ctx.as(writer).patch(url(kpiId)).set('if-match', '"2"').send({ value: 33, reason: 'second' }).expect(200);
    const history = (await ctx.as(reader).get(`${url(kpiId)}/history`).expect(200)).body;
    expect(history.versions.map((v: { value: number; reason: string }) => [v.value, v.reason])).toEqual([[31, 'second'], [30, 'first']]);
  });

  it('needs kpis:write (403), and a person only within their projects', async () => {
    const kpiId = (await insertKpi(ctx.db, org.id, project.id)).id;
    await ctx.as(writer).put(url(kpiId)).send({ value: 30 }).expect(201);
    expectProblem(await ctx.as(reader).patch(url(kpiId)).set('if-match', '"1"').send({ value: 31, reason: 'x' }), 403);
    expectProblem(await ctx.as(reader).delete(url(kpiId)).set('if-match', '"1"').send({ reason: 'x' }), 403);

    const pm = (await ctx.as(org.adminToken).post('/v1/people').send({ email: 'corrections.pm@council.gov.uk', name: 'Corrections PM' }).expect(201)).body;
    const otherProject = await insertProject(ctx.db, org.id);
    const otherKpi = (await insertKpi(ctx.db, org.id, otherProject.id)).id;
    await ctx.as(writer).put(url(otherKpi)).send({ value: 30 }).expect(201);
    await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: pm.id, role: 'project_manager', projectId: project.id }).expect(201);
    const pmToken = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'pm', scopes: ['portfolio:read', 'kpis:write'], personId: pm.id }).expect(201)).body.token;
    expectProblem(await ctx.as(pmToken).patch(url(otherKpi)).set('if-match', '"1"').send({ value: 31, reason: 'not mine' }), 403);
    await ctx.as(pmToken).patch(url(kpiId)).set('if-match', '"1"').send({ value: 31, reason: 'Checked against the source report' }).expect(200);
    const audit = await ctx.db.query(`SELECT actor_person_id, actor_name FROM audit_events WHERE organisation_id = $1 AND action = 'kpi_measurement.corrected' AND after->>'kpiId' = $2`, [org.id, kpiId]);
    expect(audit.rows).toEqual([{ actor_person_id: pm.id, actor_name: 'Corrections PM' }]);
    const kept = await ctx.db.query(`SELECT changed_by, changed_by_person_id FROM kpi_measurement_versions WHERE kpi_id = $1`, [kpiId]);
    expect(kept.rows).toEqual([{ changed_by: 'Corrections PM', changed_by_person_id: pm.id }]);
  });

  it("answers another organisation's measurement as a random one (404), and changes nothing", async () => {
    const a = await ctx.as(writer).patch(url(theirKpiId)).set('if-match', '"1"').send({ value: 99, reason: 'x' });
    const b = await ctx.as(writer).patch(url(randomUuid())).set('if-match', '"1"').send({ value: 99, reason: 'x' });
    const { requestId: _a, ...bodyA } = expectProblem(a, 404);
    const { requestId: _b, ...bodyB } = expectProblem(b, 404);
    expect(bodyA).toEqual(bodyB);
    expectProblem(await ctx.as(writer).delete(url(theirKpiId)).set('if-match', '"1"').send({ reason: 'x' }), 404);
    expectProblem(await ctx.as(reader).get(`${url(theirKpiId)}/history`), 404);
    expect((await ctx.db.query(`SELECT value::int, version FROM kpi_measurements WHERE kpi_id = $1`, [theirKpiId])).rows).toEqual([{ value: 10, version: 1 }]);
  });

  it('keeps the versions append-only, even for the owner', async () => {
    await expect(ctx.db.query(`UPDATE kpi_measurement_versions SET reason = 'rewritten'`)).rejects.toThrow();
  });
});
