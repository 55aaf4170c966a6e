import { day, insertPerson } from '@test/support/factories/evidence';
import { insertMadeDecision } from '@test/support/factories/delivery';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** Milestones addressed by the integrating tool's own ids, never ours. */
describe('PUT /v1/milestones/by-ref/{source}/{externalId}', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let sync: string;
  let reader: string;
  let programmeId: string;
  let projectId: string;
  let ownerId: string;

  const body = (overrides: Record<string, unknown> = {}) => ({ project: { source: 'jira', id: 'PRJ-1' }, title: 'Private beta opens', baselineDate: day(30), forecastDate: day(30), ownerPersonId: ownerId, ...overrides });
  const auditOf = async (id: string) => (await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, id])).rows.map((r) => r.action);

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    sync = await ctx.token(org, ['portfolio:read', 'portfolio:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    ownerId = await insertPerson(ctx.db, org.id);
    programmeId = (await ctx.as(sync).post('/v1/programmes').send({ code: 'CS', name: 'Customer services' }).expect(201)).body.id;
    projectId = (await ctx.as(sync).put('/v1/projects/by-ref/jira/PRJ-1').send({ programmeId, code: 'PRJ-1', name: 'Pay online', phase: 'beta' }).expect(201)).body.id;
  });
  afterAll(() => ctx.close());

  it("creates a milestone under the project's own reference, then changes only the fields sent", async () => {
    const created = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-1').send(body()).expect(201);
    expect(created.headers.location).toBe(`/v1/milestones/${created.body.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ projectId, programmeId, title: 'Private beta opens', baselineDate: day(30), status: 'not_started', externalRef: { source: 'jira', id: 'MS-1' }, version: 1 });

    const synced = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-1').set('content-type', 'application/merge-patch+json').send(JSON.stringify({ forecastDate: day(45) })).expect(200);
    expect(synced.headers.etag).toBe('"2"');
    expect(synced.body).toMatchObject({ id: created.body.id, forecastDate: day(45), title: 'Private beta opens', baselineDate: day(30), ownerPersonId: ownerId, slipDays: 15, version: 2 });
    const read = await ctx.as(reader).get(`/v1/milestones/${created.body.id}`).expect(200);
    expect(read.body).toMatchObject({ forecastDate: day(45), externalRef: { source: 'jira', id: 'MS-1' } });
    expect(await auditOf(created.body.id)).toEqual(['milestone.created', 'milestone.updated']);
  });

  it('changes nothing when the same body comes again: same id, same version, no audit', async () => {
    const first = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-2').send(body({ project: undefined, projectId, status: 'in_progress' })).expect(201);
    const again = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-2').send(body({ project: undefined, projectId, status: 'in_progress' })).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, version: 1 });
    expect(again.headers.etag).toBe('"1"');
    expect(await auditOf(first.body.id)).toEqual(['milestone.created']);
    // Another tool's id of the same value is another milestone.
    const otherTool = await ctx.as(sync).put('/v1/milestones/by-ref/planner/MS-2').send(body()).expect(201);
    expect(otherTool.body.id).not.toBe(first.body.id);
  });

  it('achieves with an actualDate, and null clears it again', async () => {
    const created = (await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send(body()).expect(201)).body;
    const achieved = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send({ actualDate: day(0) }).expect(200);
    expect(achieved.body).toMatchObject({ id: created.id, status: 'achieved', actualDate: day(0), version: 2 });
    const reopened = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send({ actualDate: null, status: 'in_progress' }).expect(200);
    expect(reopened.body).toMatchObject({ id: created.id, status: 'in_progress', actualDate: null, title: 'Private beta opens', version: 3 });
    // An achieved milestone keeps its date: clearing it alone says what else to send.
    await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send({ actualDate: day(0) }).expect(200);
    expect(expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send({ actualDate: null }), 400).errors?.map((e) => e.field)).toEqual(['actualDate']);
    // A field that may not be empty refuses null.
    expect(expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-3').send({ title: null }), 400).errors?.map((e) => e.field)).toContain('title');
  });

  it('moves the baseline only by a re-baseline decision, as PATCH does', async () => {
    const created = (await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-4').send(body()).expect(201)).body;
    const moved = expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-4').send(body({ baselineDate: day(60) })), 400);
    expect(moved.errors?.map((e) => e.field)).toEqual(['baselineDate']);
    expect(moved.errors?.[0].message).toContain(`/v1/milestones/${created.id}/rebaselines`);
    const decisionId = await insertMadeDecision(ctx.db, org.id, projectId, ownerId);
    await ctx.as(sync).post(`/v1/milestones/${created.id}/rebaselines`).send({ decisionId, baselineDate: day(60) }).expect(201);
    // The baseline now in force, or the one it was created with, is no change.
    const inForce = await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-4').send(body({ baselineDate: day(60) })).expect(200);
    expect(inForce.body).toMatchObject({ id: created.id, baselineDate: day(60), originalBaselineDate: day(30), version: 1 });
    await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-4').send(body()).expect(200);
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-4').send({ baselineDate: day(90) }), 400);
    const stored = await ctx.db.query(`SELECT to_char(baseline_date, 'YYYY-MM-DD') AS d, version FROM milestones WHERE id = $1`, [created.id]);
    expect(stored.rows[0]).toEqual({ d: day(30), version: 1 });
  });

  it('refuses a bad source, id or body (400), and stores nothing', async () => {
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/bad%20source/MS-9').send(body()), 400);
    expectProblem(await ctx.as(sync).put(`/v1/milestones/by-ref/jira/${'x'.repeat(129)}`).send(body()), 400);
    const bad = expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-9').send(body({ baselineDate: '2026-02-30', status: 'late' })), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['baselineDate', 'status']);
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-9').send(body({ colour: 'red' })), 400);
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-9').send(body({ project: { source: 'jira' } })), 400);
    expect(expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-9').send(body({ projectId })), 400).errors?.map((e) => e.field)).toEqual(['project']);
    // Creating needs the project, title, baseline and owner.
    const missing = expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-9').send({ forecastDate: day(10) }), 400);
    expect(missing.errors?.map((e) => e.field)).toEqual(['projectId', 'title', 'baselineDate', 'ownerPersonId']);
    // A milestone never moves project.
    const second = (await ctx.as(sync).put('/v1/projects/by-ref/jira/PRJ-2').send({ programmeId, code: 'PRJ-2', name: 'Second', phase: 'alpha' }).expect(201)).body.id;
    await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-10').send(body()).expect(201);
    expect(expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-10').send({ projectId: second }), 400).errors?.map((e) => e.field)).toEqual(['projectId']);
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM milestones WHERE organisation_id = $1 AND external_id = 'MS-9'`, [org.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses a token without portfolio:write (403); a programme-limited integration is answered 404 outside its programmes', async () => {
    expectProblem(await ctx.as(reader).put('/v1/milestones/by-ref/jira/MS-RO').send(body()), 403);
    const owner = await insertPerson(ctx.db, org.id, ['admin']);
    const elsewhere = (await ctx.as(sync).post('/v1/programmes').send({ code: 'ELSE', name: 'Elsewhere' }).expect(201)).body.id;
    const limited = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'plan sync', scopes: ['portfolio:read', 'portfolio:write'], integration: { name: 'Planning tool', ownerPersonId: owner, programmeIds: [elsewhere] } }).expect(201)).body.token;
    expect(expectProblem(await ctx.as(limited).put('/v1/milestones/by-ref/jira/MS-RO').send(body()), 404).detail).toMatch(/project/);
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM milestones WHERE organisation_id = $1 AND external_id = 'MS-RO'`, [org.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it("answers 404 for a project (by reference or id) of another organisation, and keeps each organisation's milestones apart", async () => {
    const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T', name: 'Theirs' }).expect(201)).body.id;
    const theirProject = (await ctx.as(other.adminToken).put('/v1/projects/by-ref/jira/THEIRS-1').send({ programmeId: theirProgramme, code: 'T-1', name: 'Theirs', phase: 'beta' }).expect(201)).body.id;
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-T').send(body({ project: { source: 'jira', id: 'THEIRS-1' } })), 404);
    expectProblem(await ctx.as(sync).put('/v1/milestones/by-ref/jira/MS-T').send(body({ project: undefined, projectId: theirProject })), 404);
    // Their milestone under the same reference is theirs alone: ours is a new one, and theirs is untouched.
    const theirOwner = await insertPerson(ctx.db, other.id);
    const theirs = (await ctx.as(other.adminToken).put('/v1/milestones/by-ref/jira/SHARED').send(body({ project: { source: 'jira', id: 'THEIRS-1' }, ownerPersonId: theirOwner })).expect(201)).body;
    const ours = (await ctx.as(sync).put('/v1/milestones/by-ref/jira/SHARED').send(body({ title: 'Ours' })).expect(201)).body;
    expect(ours.id).not.toBe(theirs.id);
    const stored = await ctx.db.query(`SELECT title, version FROM milestones WHERE id = $1`, [theirs.id]);
    expect(stored.rows[0]).toEqual({ title: 'Private beta opens', version: 1 });
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM milestones WHERE organisation_id = $1 AND external_id = 'MS-T'`, [org.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it('creates one milestone when identical first calls race', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => ctx.as(sync).put('/v1/milestones/by-ref/jira/RACE-1').send(body())));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  });
});
