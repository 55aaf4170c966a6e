import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('objectives and programmes', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:read', 'portfolio:write']);
    reader = await ctx.token(org, ['portfolio:read']);
  });
  afterAll(() => ctx.close());

  it('creates, reads and lists objectives and programmes linked to them', async () => {
    const objective = await ctx.as(writer).post('/v1/objectives').send({ code: 'OBJ-1', title: 'Online first' }).expect(201);
    const programme = await ctx
      .as(writer)
      .post('/v1/programmes')
      .send({ code: 'CS', name: 'Customer services', objectiveId: objective.body.id, sro: 'Director', startDate: '2026-04-01', endDate: '2029-03-31', wholeLifeBudget: '4200000' })
      .expect(201);
    expect(programme.body).toMatchObject({ code: 'CS', objectiveId: objective.body.id, wholeLifeBudget: '4200000.00', version: 1, status: 'active' });
    expect(programme.headers.etag).toBe('"1"');

    const read = await ctx.as(reader).get(`/v1/programmes/${programme.body.id}`).expect(200);
    expect(read.body).toEqual(programme.body);
    const filtered = await ctx.as(reader).get(`/v1/programmes?objectiveId=${objective.body.id}`).expect(200);
    expect(filtered.body.data.map((p: { code: string }) => p.code)).toEqual(['CS']);
    await ctx.as(reader).get('/v1/objectives').expect(200);
  });

  it('refuses a clashing code with 409 naming it', async () => {
    await ctx.as(writer).post('/v1/programmes').send({ code: 'DUP', name: 'First' }).expect(201);
    const clash = expectProblem(await ctx.as(writer).post('/v1/programmes').send({ code: 'DUP', name: 'Second' }), 409);
    expect(clash.detail).toContain('"DUP"');
    // Codes are unique per organisation, not globally.
    await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'DUP', name: 'Theirs' }).expect(201);
  });

  it('validates fields and dates', async () => {
    const bad = expectProblem(await ctx.as(writer).post('/v1/programmes').send({ code: ' bad code', name: '', wholeLifeBudget: 12.5, startDate: '2026-02-30' }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['code', 'name', 'startDate', 'wholeLifeBudget']);
    const dates = expectProblem(await ctx.as(writer).post('/v1/programmes').send({ code: 'DATES', name: 'Backwards', startDate: '2027-01-01', endDate: '2026-01-01' }), 400);
    expect(dates.errors).toEqual([{ field: 'endDate', message: expect.stringContaining('before startDate') }]);
  });

  it('updates with optimistic concurrency: 428 without If-Match, 412 when stale', async () => {
    const created = await ctx.as(writer).post('/v1/programmes').send({ code: 'OCC', name: 'Concurrency' }).expect(201);
    const url = `/v1/programmes/${created.body.id}`;
    expectProblem(await ctx.as(writer).patch(url).send({ name: 'No header' }), 428);
    const updated = await ctx.as(writer).patch(url).set('if-match', '"1"').send({ name: 'Renamed', status: 'closed' }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Renamed', status: 'closed', version: 2 });
    const stale = expectProblem(await ctx.as(writer).patch(url).set('if-match', '"1"').send({ name: 'Lost update' }), 412);
    expect(stale.currentVersion).toBe(2);
    expect((await ctx.as(reader).get(url)).body.name).toBe('Renamed');
    const audit = await ctx.as(org.adminToken).get(`/v1/audit-events?entityId=${created.body.id}`).expect(200);
    expect(audit.body.data[0]).toMatchObject({ action: 'programme.updated', before: { name: 'Concurrency', version: 1 }, after: { name: 'Renamed', version: 2 } });
  });

  it('needs portfolio:write to write and portfolio:read to read (403)', async () => {
    const finance = await ctx.token(org, ['finance:write']);
    expectProblem(await ctx.as(reader).post('/v1/programmes').send({ code: 'NOPE', name: 'x' }), 403);
    expectProblem(await ctx.as(reader).post('/v1/objectives').send({ code: 'NOPE', title: 'x' }), 403);
    expectProblem(await ctx.as(finance).get('/v1/programmes'), 403);
    expectProblem(await ctx.as(finance).get('/v1/objectives'), 403);
  });

  it("treats another organisation's programme and objective as not found (404), changing nothing", async () => {
    const theirObjective = await ctx.as(other.adminToken).post('/v1/objectives').send({ code: 'THEIRS', title: 'Theirs' }).expect(201);
    const theirs = await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'THEIRS', name: 'Theirs' }).expect(201);
    const foreign = expectProblem(await ctx.as(writer).get(`/v1/programmes/${theirs.body.id}`), 404);
    expect(expectProblem(await ctx.as(writer).get(`/v1/programmes/${randomUuid()}`), 404).detail).toBe(foreign.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/programmes/${theirs.body.id}`).set('if-match', '"1"').send({ name: 'Hijacked' }), 404);
    expectProblem(await ctx.as(writer).get(`/v1/objectives/${theirObjective.body.id}`), 404);
    expectProblem(await ctx.as(writer).post('/v1/programmes').send({ code: 'LINK', name: 'Linked to theirs', objectiveId: theirObjective.body.id }), 404);
    expect((await ctx.as(other.adminToken).get(`/v1/programmes/${theirs.body.id}`)).body.name).toBe('Theirs');
    const mine = await ctx.as(writer).get('/v1/programmes?limit=200').expect(200);
    expect(mine.body.data.map((p: { id: string }) => p.id)).not.toContain(theirs.body.id);
  });
});
