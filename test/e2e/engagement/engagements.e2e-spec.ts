import { daysAgo, GroupRow, insertGroup } from '@test/support/factories/engagement';
import { insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('engagements (feedback loops)', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let residents: GroupRow;
  let staff: GroupRow;

  const body = (overrides: Record<string, unknown> = {}) => ({
    projectId,
    groupId: residents.id,
    kind: 'usability_test',
    occurredOn: daysAgo(3),
    participants: 6,
    findings: 'Five of six could not find the payment link',
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['engagement:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    residents = await insertGroup(ctx.db, org.id, projectId, { kind: 'citizens', name: 'Residents' });
    staff = await insertGroup(ctx.db, org.id, projectId, { kind: 'frontline_staff', name: 'Contact centre' });
  });
  afterAll(() => ctx.close());

  it('records an open loop, then closes it with actions via PATCH and If-Match', async () => {
    const created = await ctx.as(writer).post('/v1/engagements').send(body()).expect(201);
    expect(created.body).toMatchObject({ result: 'created', projectId, groupId: residents.id, kind: 'usability_test', occurredOn: daysAgo(3), participants: 6, actionsTaken: null, actionsRecordedAt: null, loopClosed: false, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    const url = `/v1/engagements/${created.body.id}`;

    expectProblem(await ctx.as(writer).patch(url).send({ actionsTaken: 'Moved the pay button above the fold' }), 428);
    const closed = await ctx.as(writer).patch(url).set('if-match', '"1"').send({ actionsTaken: 'Moved the pay button above the fold' }).expect(200);
    expect(closed.body).toMatchObject({ actionsTaken: 'Moved the pay button above the fold', loopClosed: true, version: 2, actionsRecordedAt: expect.any(String) });
    expect(closed.headers.etag).toBe('"2"');
    expectProblem(await ctx.as(writer).patch(url).set('if-match', '"1"').send({ findings: 'stale edit' }), 412);

    // Amending actions keeps the loop closed and the time it was first closed.
    const amended = await ctx.as(writer).patch(url).set('if-match', '"2"').send({ actionsTaken: 'Moved the pay button; retested with 5 users' }).expect(200);
    expect(amended.body.actionsRecordedAt).toBe(closed.body.actionsRecordedAt);
    const removed = expectProblem(await ctx.as(writer).patch(url).set('if-match', '"3"').send({ actionsTaken: null }), 400);
    expect(removed.errors?.[0].field).toBe('actionsTaken');

    const read = await ctx.as(reader).get(url).expect(200);
    expect(read.body).toMatchObject({ id: created.body.id, loopClosed: true, version: 3 });
    expect(read.body.result).toBeUndefined();
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['engagement.created', 'engagement.loop_closed', 'engagement.updated']);
  });

  it('records a loop closed from the start when actions come with it', async () => {
    const created = await ctx.as(writer).post('/v1/engagements').send(body({ kind: 'co_design', actionsTaken: 'Adopted the residents’ wording' })).expect(201);
    expect(created.body).toMatchObject({ loopClosed: true, actionsRecordedAt: expect.any(String) });
  });

  it('validates dates (not in the future, real, YYYY-MM-DD), counts, kinds and text', async () => {
    const future = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ occurredOn: daysAgo(-2) })), 400);
    expect(future.errors).toEqual([{ field: 'occurredOn', message: expect.stringContaining('future') }]);
    const unreal = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ occurredOn: '2025-02-30' })), 400);
    expect(unreal.errors?.map((e) => e.field)).toEqual(['occurredOn']);
    const format = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ occurredOn: '14/03/2025' })), 400);
    expect(format.errors?.[0].field).toBe('occurredOn');
    const bad = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ participants: -1, kind: 'focus_group', findings: '', groupId: 'x' })), 400);
    expect([...new Set(bad.errors?.map((e) => e.field))].sort()).toEqual(['findings', 'groupId', 'kind', 'participants']);
    const fractional = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ participants: 2.5 })), 400);
    expect(fractional.errors?.[0].field).toBe('participants');
    const halfRef = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ externalId: 'abc' })), 400);
    expect(halfRef.errors?.[0].field).toBe('externalSource');
    const patchBad = await ctx.as(writer).post('/v1/engagements').send(body()).expect(201);
    const negative = expectProblem(await ctx.as(writer).patch(`/v1/engagements/${patchBad.body.id}`).set('if-match', '"1"').send({ participants: -3 }), 400);
    expect(negative.errors?.[0].field).toBe('participants');
    expectProblem(await ctx.as(writer).get('/v1/engagements?from=2026-13-01'), 403); // writer cannot read: scope first
    expectProblem(await ctx.as(reader).get('/v1/engagements?from=2026-13-01'), 400);
    const range = expectProblem(await ctx.as(reader).get('/v1/engagements?from=2026-03-01&to=2026-02-01'), 400);
    expect(range.errors?.[0].field).toBe('to');
  });

  it("answers 400 naming groupId for a group of another of the organisation's projects", async () => {
    const otherProject = (await insertProject(ctx.db, org.id)).id;
    const theirGroup = await insertGroup(ctx.db, org.id, otherProject, { kind: 'citizens' });
    const wrong = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ groupId: theirGroup.id })), 400);
    expect(wrong.errors).toEqual([{ field: 'groupId', message: expect.any(String) }]);
  });

  it('is idempotent by external ref: the second post answers 200 "exists" with the first record, changing nothing', async () => {
    const ref = { externalSource: 'smart-survey', externalId: 'wave-7' };
    const first = await ctx.as(writer).post('/v1/engagements').send(body({ ...ref, participants: 40, kind: 'survey' })).expect(201);
    expect(first.body).toMatchObject({ result: 'created', ...ref });
    const second = await ctx.as(writer).post('/v1/engagements').send(body({ ...ref, participants: 99, kind: 'survey', findings: 'different' })).expect(200);
    expect(second.body).toEqual({ ...first.body, result: 'exists' });
    const rows = await ctx.db.query(`SELECT participants FROM engagements WHERE external_source = 'smart-survey' AND external_id = 'wave-7'`);
    expect(rows.rows).toEqual([{ participants: 40 }]);
    const audits = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [first.body.id]);
    expect(audits.rows[0].n).toBe(1);
    // The same external id in another organisation is a different record.
    const theirProject = (await insertProject(ctx.db, other.id)).id;
    const theirGroup = await insertGroup(ctx.db, other.id, theirProject, { kind: 'citizens' });
    const theirs = await ctx.as(other.adminToken).post('/v1/engagements').send(body({ ...ref, projectId: theirProject, groupId: theirGroup.id })).expect(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('creates exactly one record when identical external posts race', async () => {
    const ref = { externalSource: 'dovetail', externalId: `race-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 8 }, () => ctx.as(writer).post('/v1/engagements').send(body({ ...ref, kind: 'user_research' }))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM engagements WHERE external_id = $1`, [ref.externalId]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('lists newest first with filters (project, group, kind, dates, open loops) and a stable cursor', async () => {
    const project = (await insertProject(ctx.db, org.id)).id;
    const g1 = await insertGroup(ctx.db, org.id, project, { kind: 'service_users' });
    const g2 = await insertGroup(ctx.db, org.id, project, { kind: 'back_office_staff' });
    const made: { id: string; on: string }[] = [];
    for (const [group, kind, ago, actions] of [[g1, 'survey', 40, null], [g1, 'co_design', 20, 'done'], [g2, 'user_research', 20, null], [g2, 'survey', 10, 'done'], [g1, 'survey', 5, null]] as const) {
      const r = await ctx.as(writer).post('/v1/engagements').send({ projectId: project, groupId: group.id, kind, occurredOn: daysAgo(ago), participants: 3, findings: 'f', actionsTaken: actions ?? undefined }).expect(201);
      made.push({ id: r.body.id, on: r.body.occurredOn });
    }
    const all: { id: string; occurredOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string; occurredOn: string }[]; nextCursor: string | null } } = await ctx.as(reader).get(`/v1/engagements?projectId=${project}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(5);
    expect(new Set(all.map((e) => e.id)).size).toBe(5);
    expect(all.map((e) => e.occurredOn)).toEqual([daysAgo(5), daysAgo(10), daysAgo(20), daysAgo(20), daysAgo(40)]);

    const ids = async (query: string) => (await ctx.as(reader).get(`/v1/engagements?projectId=${project}&${query}`).expect(200)).body.data.map((e: { id: string }) => e.id).sort();
    expect(await ids(`groupId=${g1.id}`)).toEqual([made[0].id, made[1].id, made[4].id].sort());
    expect(await ids('kind=survey')).toEqual([made[0].id, made[3].id, made[4].id].sort());
    expect(await ids(`from=${daysAgo(20)}&to=${daysAgo(10)}`)).toEqual([made[1].id, made[2].id, made[3].id].sort());
    expect(await ids('loop=open')).toEqual([made[0].id, made[2].id, made[4].id].sort());
    expect(await ids('loop=closed')).toEqual([made[1].id, made[3].id].sort());
  });

  it('needs engagement:write to write and portfolio:read to read (403)', async () => {
    expectProblem(await ctx.as(reader).post('/v1/engagements').send(body()), 403);
    expectProblem(await ctx.as(writer).get('/v1/engagements'), 403);
    const created = await ctx.as(writer).post('/v1/engagements').send(body()).expect(201);
    expectProblem(await ctx.as(writer).get(`/v1/engagements/${created.body.id}`), 403);
    expectProblem(await ctx.as(reader).patch(`/v1/engagements/${created.body.id}`).set('if-match', '"1"').send({ actionsTaken: 'x' }), 403);
    const rows = await ctx.db.query(`SELECT actions_taken FROM engagements WHERE id = $1`, [created.body.id]);
    expect(rows.rows[0].actions_taken).toBeNull();
  });

  it("treats another organisation's project, group and engagement as not found (404, same as a random id), changing nothing", async () => {
    const theirProject = (await insertProject(ctx.db, other.id)).id;
    const theirGroup = await insertGroup(ctx.db, other.id, theirProject, { kind: 'citizens' });
    const theirs = await ctx.as(other.adminToken).post('/v1/engagements').send(body({ projectId: theirProject, groupId: theirGroup.id })).expect(201);

    const p1 = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ projectId: theirProject, groupId: theirGroup.id })), 404);
    const p2 = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ projectId: randomUuid(), groupId: theirGroup.id })), 404);
    expect(p1.detail).toBe(p2.detail);
    const g1 = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ groupId: theirGroup.id })), 404);
    const g2 = expectProblem(await ctx.as(writer).post('/v1/engagements').send(body({ groupId: randomUuid() })), 404);
    expect(g1.detail).toBe(g2.detail);

    const r1 = expectProblem(await ctx.as(reader).get(`/v1/engagements/${theirs.body.id}`), 404);
    const r2 = expectProblem(await ctx.as(reader).get(`/v1/engagements/${randomUuid()}`), 404);
    expect(r1.detail).toBe(r2.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/engagements/${theirs.body.id}`).set('if-match', '"1"').send({ actionsTaken: 'hijack' }), 404);
    expect((await ctx.as(reader).get(`/v1/engagements?projectId=${theirProject}`).expect(200)).body.data).toEqual([]);

    const after = await ctx.as(other.adminToken).get(`/v1/engagements/${theirs.body.id}`).expect(200);
    expect(after.body).toEqual({ ...theirs.body, result: undefined });
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM engagements WHERE project_id = $1`, [theirProject]);
    expect(count.rows[0].n).toBe(1);
  });

  it('stores the group with its project: the database refuses a group of another project', async () => {
    const otherProject = (await insertProject(ctx.db, org.id)).id;
    await expect(
      ctx.db.query(`INSERT INTO engagements (organisation_id, project_id, group_id, kind, occurred_on, participants, findings) VALUES ($1, $2, $3, 'survey', current_date, 1, 'x')`, [org.id, otherProject, staff.id]),
    ).rejects.toMatchObject({ constraint: 'fk_engagements_group' });
  });
});
