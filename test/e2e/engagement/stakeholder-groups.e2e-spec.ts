import { insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('stakeholder groups', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['engagement:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
  });
  afterAll(() => ctx.close());

  it('creates a group, reads it with its version, and audits the creation', async () => {
    const created = await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Council tax payers', kind: 'citizens', internal: false, size: 120000 }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), projectId, name: 'Council tax payers', kind: 'citizens', internal: false, size: 120000, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    const read = await ctx.as(reader).get(`/v1/stakeholder-groups/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [created.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['stakeholder_group.created']);
  });

  it('rejects bad input with field errors', async () => {
    const bad = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId: 'nope', name: '', kind: 'aliens', internal: 'yes', size: 0 }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['internal', 'kind', 'name', 'projectId', 'size']);
    const unknown = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'x', kind: 'citizens', internal: false, colour: 'red' }), 400);
    expect(unknown.errors?.[0].field).toBe('colour');
  });

  it('keeps kind and internal consistent: citizens are external, staff internal', async () => {
    const citizens = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Residents', kind: 'citizens', internal: true }), 400);
    expect(citizens.errors).toEqual([{ field: 'internal', message: expect.stringContaining('external') }]);
    const staff = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Call centre', kind: 'frontline_staff', internal: false }), 400);
    expect(staff.errors?.[0].field).toBe('internal');
    await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Software supplier', kind: 'suppliers', internal: false }).expect(201);
  });

  it('refuses a second group of the same name in a project (409) but allows it in another project', async () => {
    await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Caseworkers', kind: 'frontline_staff', internal: true }).expect(201);
    const dup = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Caseworkers', kind: 'back_office_staff', internal: true }), 409);
    expect(dup.code).toBe('group_name_taken');
    const second = (await insertProject(ctx.db, org.id)).id;
    await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId: second, name: 'Caseworkers', kind: 'frontline_staff', internal: true }).expect(201);
  });

  it('updates with If-Match: 428 without, 412 when stale, 200 and a new version when current', async () => {
    const created = await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Finance officers', kind: 'back_office_staff', internal: true }).expect(201);
    const url = `/v1/stakeholder-groups/${created.body.id}`;
    expectProblem(await ctx.as(writer).patch(url).send({ size: 40 }), 428);
    const updated = await ctx.as(writer).patch(url).set('if-match', '"1"').send({ size: 40, name: 'Finance team' }).expect(200);
    expect(updated.body).toMatchObject({ size: 40, name: 'Finance team', version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    expectProblem(await ctx.as(writer).patch(url).set('if-match', '"1"').send({ size: 41 }), 412);
    const cleared = await ctx.as(writer).patch(url).set('if-match', '"2"').send({ size: null }).expect(200);
    expect(cleared.body.size).toBeNull();
    const nulled = expectProblem(await ctx.as(writer).patch(url).set('if-match', '"3"').send({ name: null }), 400);
    expect(nulled.errors?.[0].field).toBe('name');
    const mismatch = expectProblem(await ctx.as(writer).patch(url).set('if-match', '"3"').send({ internal: false }), 400);
    expect(mismatch.errors?.[0].field).toBe('internal');
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['stakeholder_group.created', 'stakeholder_group.updated', 'stakeholder_group.updated']);
  });

  it('lists with filters and a stable cursor', async () => {
    const fresh = (await insertProject(ctx.db, org.id)).id;
    for (const [name, kind, internal] of [['A citizens', 'citizens', false], ['B staff', 'frontline_staff', true], ['C users', 'service_users', false], ['D leaders', 'leadership', true], ['E partners', 'partners', false]] as const) {
      await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId: fresh, name, kind, internal }).expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { name: string }[]; nextCursor: string | null } } = await ctx.as(reader).get(`/v1/stakeholder-groups?projectId=${fresh}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((g) => g.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['A citizens', 'B staff', 'C users', 'D leaders', 'E partners']);
    const internal = await ctx.as(reader).get(`/v1/stakeholder-groups?projectId=${fresh}&internal=true`).expect(200);
    expect(internal.body.data.map((g: { name: string }) => g.name)).toEqual(['B staff', 'D leaders']);
    const byKind = await ctx.as(reader).get(`/v1/stakeholder-groups?projectId=${fresh}&kind=service_users`).expect(200);
    expect(byKind.body.data.map((g: { name: string }) => g.name)).toEqual(['C users']);
    expectProblem(await ctx.as(reader).get(`/v1/stakeholder-groups?internal=maybe`), 400);
    expectProblem(await ctx.as(reader).get(`/v1/stakeholder-groups?projectId=123`), 400);
  });

  it('needs engagement:write to write and portfolio:read to read (403)', async () => {
    const kpis = await ctx.token(org, ['kpis:write']);
    expectProblem(await ctx.as(reader).post('/v1/stakeholder-groups').send({ projectId, name: 'X', kind: 'citizens', internal: false }), 403);
    expectProblem(await ctx.as(kpis).get('/v1/stakeholder-groups'), 403);
    const created = await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId, name: 'Scoped', kind: 'partners', internal: false }).expect(201);
    expectProblem(await ctx.as(kpis).get(`/v1/stakeholder-groups/${created.body.id}`), 403);
    expectProblem(await ctx.as(reader).patch(`/v1/stakeholder-groups/${created.body.id}`).set('if-match', '"1"').send({ size: 3 }), 403);
  });

  it("treats another organisation's project and group as not found (404, same as a random id), changing nothing", async () => {
    const theirProject = (await insertProject(ctx.db, other.id)).id;
    const theirs = await ctx.as(other.adminToken).post('/v1/stakeholder-groups').send({ projectId: theirProject, name: 'Their residents', kind: 'citizens', internal: false }).expect(201);

    const foreignProject = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId: theirProject, name: 'Sneaky', kind: 'citizens', internal: false }), 404);
    const randomProject = expectProblem(await ctx.as(writer).post('/v1/stakeholder-groups').send({ projectId: randomUuid(), name: 'Sneaky', kind: 'citizens', internal: false }), 404);
    expect(foreignProject.detail).toBe(randomProject.detail);

    const foreignGet = expectProblem(await ctx.as(reader).get(`/v1/stakeholder-groups/${theirs.body.id}`), 404);
    const randomGet = expectProblem(await ctx.as(reader).get(`/v1/stakeholder-groups/${randomUuid()}`), 404);
    expect(foreignGet.detail).toBe(randomGet.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/stakeholder-groups/${theirs.body.id}`).set('if-match', '"1"').send({ name: 'Mine now' }), 404);

    const list = await ctx.as(reader).get(`/v1/stakeholder-groups?projectId=${theirProject}`).expect(200);
    expect(list.body.data).toEqual([]);
    const after = await ctx.as(other.adminToken).get(`/v1/stakeholder-groups/${theirs.body.id}`).expect(200);
    expect(after.body).toEqual(theirs.body);
    const sneaky = await ctx.db.query(`SELECT count(*)::int AS n FROM stakeholder_groups WHERE name = 'Sneaky'`);
    expect(sneaky.rows[0].n).toBe(0);
  });
});
