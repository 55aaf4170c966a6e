import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('projects', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let programmeId: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:read', 'portfolio:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await ctx.as(writer).post('/v1/programmes').send({ code: 'CS', name: 'Customer services' }).expect(201)).body.id;
  });
  afterAll(() => ctx.close());

  it('creates a project and lists it with filters', async () => {
    const created = await ctx
      .as(writer)
      .post('/v1/projects')
      .send({ programmeId, code: 'CS-01', name: 'Council tax online', userNeed: 'As a payer I need to pay online', phase: 'beta' })
      .expect(201);
    expect(created.body).toMatchObject({ programmeId, code: 'CS-01', phase: 'beta', status: 'active', externalRef: null, version: 1 });
    await ctx.as(writer).post('/v1/projects').send({ programmeId, code: 'CS-02', name: 'Bins', phase: 'discovery' }).expect(201);
    const betas = await ctx.as(reader).get(`/v1/projects?programmeId=${programmeId}&phase=beta`).expect(200);
    expect(betas.body.data.map((p: { code: string }) => p.code)).toEqual(['CS-01']);
    const page1 = await ctx.as(reader).get('/v1/projects?limit=1').expect(200);
    const page2 = await ctx.as(reader).get(`/v1/projects?limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect([page1.body.data[0].code, page2.body.data[0].code]).toEqual(['CS-01', 'CS-02']);
  });

  it('validates phase, programme and dates, naming the field', async () => {
    const bad = expectProblem(await ctx.as(writer).post('/v1/projects').send({ programmeId: 'nope', code: 'X', name: 'X', phase: 'gamma' }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['phase', 'programmeId']);
    expectProblem(await ctx.as(writer).post('/v1/projects').send({ programmeId, code: 'X', name: 'X', phase: 'alpha', colour: 'red' }), 400);
  });

  it('closes a project through PATCH with If-Match (no hard delete)', async () => {
    const created = await ctx.as(writer).post('/v1/projects').send({ programmeId, code: 'CLOSE', name: 'To close', phase: 'live' }).expect(201);
    expectProblem(await ctx.as(writer).patch(`/v1/projects/${created.body.id}`).send({ status: 'closed' }), 428);
    const closed = await ctx.as(writer).patch(`/v1/projects/${created.body.id}`).set('if-match', created.headers.etag).send({ status: 'closed', phase: 'retired' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', phase: 'retired', version: 2 });
    expectProblem(await ctx.as(writer).patch(`/v1/projects/${created.body.id}`).set('if-match', created.headers.etag).send({ status: 'active' }), 412);
    // No hard delete: the path exists, DELETE is not one of its methods.
    const deleted = await ctx.as(writer).delete(`/v1/projects/${created.body.id}`);
    expectProblem(deleted, 405);
    expect(deleted.headers.allow).not.toContain('DELETE');
  });

  it('refuses a clashing code (409) and a missing scope (403)', async () => {
    await ctx.as(writer).post('/v1/projects').send({ programmeId, code: 'SAME', name: 'One', phase: 'alpha' }).expect(201);
    expect(expectProblem(await ctx.as(writer).post('/v1/projects').send({ programmeId, code: 'SAME', name: 'Two', phase: 'alpha' }), 409).detail).toContain('"SAME"');
    expectProblem(await ctx.as(reader).post('/v1/projects').send({ programmeId, code: 'RO', name: 'Read only', phase: 'alpha' }), 403);
    expectProblem(await ctx.as(reader).put('/v1/projects/by-ref/jira/RO-1').send({ programmeId, code: 'RO', name: 'Read only', phase: 'alpha' }), 403);
    const kpis = await ctx.token(org, ['kpis:write']);
    expectProblem(await ctx.as(kpis).get('/v1/projects'), 403);
  });

  it("answers another organisation's project or programme as not found (404)", async () => {
    const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T', name: 'Theirs' }).expect(201)).body.id;
    const theirs = (await ctx.as(other.adminToken).post('/v1/projects').send({ programmeId: theirProgramme, code: 'T-1', name: 'Theirs', phase: 'alpha' }).expect(201)).body;
    const foreign = expectProblem(await ctx.as(writer).get(`/v1/projects/${theirs.id}`), 404);
    expect(expectProblem(await ctx.as(writer).get(`/v1/projects/${randomUuid()}`), 404).detail).toBe(foreign.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/projects/${theirs.id}`).set('if-match', '"1"').send({ name: 'Hijack' }), 404);
    expectProblem(await ctx.as(writer).post('/v1/projects').send({ programmeId: theirProgramme, code: 'SNEAK', name: 'Into theirs', phase: 'alpha' }), 404);
    expectProblem(await ctx.as(writer).get(`/v1/projects/${theirs.id}/status-reports`), 404);
    expect((await ctx.as(other.adminToken).get(`/v1/projects/${theirs.id}`)).body.name).toBe('Theirs');
  });

  describe('upsert by external reference', () => {
    it('creates then updates, always the same id; two sources are two projects', async () => {
      const body = { programmeId, code: 'JIRA-1', name: 'From Jira', phase: 'alpha' };
      const first = await ctx.as(writer).put('/v1/projects/by-ref/jira/PRJ-1').send(body).expect(201);
      expect(first.body.externalRef).toEqual({ source: 'jira', id: 'PRJ-1' });
      const again = await ctx.as(writer).put('/v1/projects/by-ref/jira/PRJ-1').send({ ...body, name: 'Renamed in Jira', phase: 'beta' }).expect(200);
      expect(again.body).toMatchObject({ id: first.body.id, name: 'Renamed in Jira', phase: 'beta', version: 2 });
      const unchanged = await ctx.as(writer).put('/v1/projects/by-ref/jira/PRJ-1').send({ ...body, name: 'Renamed in Jira', phase: 'beta' }).expect(200);
      expect(unchanged.body.version).toBe(2);
      const ado = await ctx.as(writer).put('/v1/projects/by-ref/azure-devops/PRJ-1').send({ ...body, code: 'ADO-1' }).expect(201);
      expect(ado.body.id).not.toBe(first.body.id);
    });

    it('is idempotent under 20 concurrent identical calls: one project', async () => {
      const body = { programmeId, code: 'RACE-1', name: 'Racing', phase: 'discovery' };
      const responses = await Promise.all(Array.from({ length: 20 }, () => ctx.as(writer).put('/v1/projects/by-ref/jira/RACE-1').send(body)));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(19);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM projects WHERE organisation_id = $1 AND external_id = 'RACE-1'`, [org.id]);
      expect(count.rows[0].n).toBe(1);
    });

    it('changes only the fields the integration sends (JSON Merge Patch): what people entered is kept', async () => {
      const created = await ctx.as(writer).put('/v1/projects/by-ref/jira/MERGE-1').send({ programmeId, code: 'MERGE-1', name: 'From Jira', phase: 'alpha' }).expect(201);
      expect(created.headers.location).toBe(`/v1/projects/${created.body.id}`);
      // A person adds the user need in the product; the tool knows nothing of it.
      await ctx.as(writer).patch(`/v1/projects/${created.body.id}`).set('if-match', '"1"').send({ userNeed: 'As a resident I need to pay online', description: 'Entered by a person' }).expect(200);
      const synced = await ctx.as(writer).put('/v1/projects/by-ref/jira/MERGE-1').set('content-type', 'application/merge-patch+json').send(JSON.stringify({ name: 'Renamed in Jira', phase: 'beta' })).expect(200);
      expect(synced.body).toMatchObject({ id: created.body.id, name: 'Renamed in Jira', phase: 'beta', code: 'MERGE-1', userNeed: 'As a resident I need to pay online', description: 'Entered by a person' });
      // null clears a field that may be empty; a field that may not be empty refuses null.
      const cleared = await ctx.as(writer).put('/v1/projects/by-ref/jira/MERGE-1').send({ description: null }).expect(200);
      expect(cleared.body).toMatchObject({ description: null, userNeed: 'As a resident I need to pay online' });
      expect(expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/MERGE-1').send({ name: null }), 400).errors?.map((e) => e.field)).toContain('name');
      // Creating still needs what a project cannot do without.
      const missing = expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/NEW-2').send({ name: 'Only a name' }), 400);
      expect(missing.errors?.map((e) => e.field)).toEqual(['programmeId', 'code', 'phase']);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM projects WHERE organisation_id = $1 AND external_id = 'NEW-2'`, [org.id]);
      expect(count.rows[0].n).toBe(0);
    });

    it('validates the body and refuses a programme of another organisation', async () => {
      expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/BAD').send({ programmeId, code: 'B', name: '', phase: 'alpha' }), 400);
      expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/bad%20source/BAD').send({ programmeId, code: 'B', name: 'B', phase: 'alpha' }), 400);
      const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T2', name: 'Theirs' }).expect(201)).body.id;
      expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/THEIRS').send({ programmeId: theirProgramme, code: 'T2', name: 'x', phase: 'alpha' }), 404);
    });

    it('answers 409 code_taken for a code another project holds, creating or updating, and writes nothing', async () => {
      await ctx.as(writer).put('/v1/projects/by-ref/jira/HOLDER').send({ programmeId, code: 'HELD', name: 'Holds the code', phase: 'alpha' }).expect(201);
      const creating = expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/CLASH').send({ programmeId, code: 'HELD', name: 'Wants the code', phase: 'alpha' }), 409);
      expect(creating).toMatchObject({ code: 'code_taken', conflictingCode: 'HELD' });
      await ctx.as(writer).put('/v1/projects/by-ref/jira/OTHER').send({ programmeId, code: 'OTHER', name: 'Another', phase: 'alpha' }).expect(201);
      expect(expectProblem(await ctx.as(writer).put('/v1/projects/by-ref/jira/OTHER').send({ code: 'HELD' }), 409).code).toBe('code_taken');
      const rows = await ctx.db.query(`SELECT external_id, code FROM projects WHERE organisation_id = $1 AND external_id IN ('CLASH', 'OTHER') ORDER BY 1`, [org.id]);
      expect(rows.rows).toEqual([{ external_id: 'OTHER', code: 'OTHER' }]);
    });
  });
});
